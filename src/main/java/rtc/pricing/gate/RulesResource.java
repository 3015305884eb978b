package rtc.pricing.gate;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import rtc.pricing.problem.Problem;
import rtc.pricing.rules.FolderNames;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.rules.RuleRegistry;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.security.Roles;

/**
 * The active rule set, and a reload on demand: for analysts and admins (api.md, Authentication). Messages never
 * show where the folder is on disk, only the folder as configured.
 */
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ANALYST })
public class RulesResource {

    @Inject
    RuleRegistry registry;

    public record ActiveRules(String version, String loadedAt, List<RuleSet.RuleFile> files, List<String> rules,
            LastError lastError) {
    }

    /**
     * The last refused edit, kept until the next refusal; {@code resolved}: a later version went live since, or
     * the folder went back to what serves. {@code count} = how many problems {@code errors} lists (all of them).
     */
    public record LastError(String version, String at, String trigger, String step, boolean resolved, int count,
            List<RuleProblem> errors) {
    }

    @GET
    public ActiveRules active() {
        RuleSet rules = registry.current().orElse(null);
        LastError error = registry.lastRefusal().map(this::lastError).orElse(null);
        if (rules == null) {
            return new ActiveRules(null, null, List.of(), List.of(), error);
        }
        return new ActiveRules(rules.version(), rules.loadedAt().toString(), rules.files(),
                rules.files().stream().flatMap(f -> f.rules().stream()).toList(), error);
    }

    /** One version kept in the history. */
    public record VersionSummary(String version, String servedAt, boolean serving) {
    }

    /** A version that served, with the content of each of its files (DRL and examples). */
    public record VersionFiles(String version, String servedAt, boolean serving, Map<String, String> files) {
    }

    @GET
    @Path("/versions")
    public List<VersionSummary> versions() {
        String now = registry.current().map(RuleSet::version).orElse(null);
        return registry.history().versions().stream()
                .map(e -> new VersionSummary(e.version(), e.servedAt().toString(), e.version().equals(now))).toList();
    }

    @GET
    @Path("/{version}")
    public Response version(@PathParam("version") String version) {
        String now = registry.current().map(RuleSet::version).orElse(null);
        return registry.history().entry(version)
                .map(e -> Response.ok(new VersionFiles(e.version(), e.servedAt().toString(), e.version().equals(now),
                        e.files())).build())
                .orElseGet(() -> Problem.of(404, "unknown-rules-version", "Unknown rules version",
                        "no rule set with this version has served; GET /v1/rules/versions lists those that have",
                        null).toResponse());
    }

    @POST
    @Path("/reload")
    public Response reload() {
        RuleRegistry.Report report = registry.reloadNow("POST /v1/rules/reload");
        if (report.outcome() == RuleRegistry.Outcome.REFUSED) {
            return Problem.of(422, "rules-refused", "Rules refused",
                    "the rules folder failed the " + report.step() + " step with " + report.problems().size()
                            + " problem(s); version "
                            + registry.current().map(RuleSet::version).orElse("(none)") + " keeps serving",
                    FolderNames.shown(report.problems(), registry.folder())).toResponse();
        }
        return Response.ok(Map.of("outcome", report.outcome().name(), "version", report.version(),
                "loadedAt", registry.current().map(r -> r.loadedAt().toString()).orElse(""))).build();
    }

    private LastError lastError(RuleRegistry.Refusal refusal) {
        RuleRegistry.Report r = refusal.report();
        return new LastError(r.version(), r.at().toString(), r.trigger(), r.step(), !refusal.pending(),
                r.problems().size(), FolderNames.shown(r.problems(), registry.folder()));
    }
}
