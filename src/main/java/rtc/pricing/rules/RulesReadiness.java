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
        // The whole refusal is in GET /v1/rules; here enough to act on: the step, the count, the first problems.
        registry.lastError().ifPresent(e -> b.withData("lastError", "version " + e.version() + " refused at the "
                + e.step() + " step with " + e.problems().size() + " problem(s): "
                + FolderNames.shown(e.problems(), registry.folder()).stream().limit(10)
                        .map(RuleProblem::toString).toList()));
        return b.build();
    }
}
