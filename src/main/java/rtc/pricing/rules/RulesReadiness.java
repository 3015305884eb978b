package rtc.pricing.rules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready = a rule set is loaded. A refused edit does not make the service unready, but it is shown here. */
@Readiness
@ApplicationScoped
public class RulesReadiness implements HealthCheck {

    @Inject
    RuleRegistry registry;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("pricing rules");
        registry.current().ifPresentOrElse(r -> b.up().withData("version", r.version())
                .withData("loadedAt", r.loadedAt().toString()), () -> b.down().withData("version", "none"));
        // Every problem of the last refusal, counted, and whether it still stands.
        registry.lastRefusal().ifPresent(r -> {
            RuleRegistry.Report e = r.report();
            b.withData("lastError", "version " + e.version() + " refused at the " + e.step() + " step at " + e.at()
                    + (r.pending() ? "" : " (resolved since)") + " with " + e.problems().size() + " problem(s): "
                    + FolderNames.shown(e.problems(), registry.folder()).stream().map(RuleProblem::toString).toList());
        });
        return b.build();
    }
}
