package rtc.pricing.rules;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import rtc.pricing.problem.Problem;
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

    public record LastError(String version, String at, String trigger, String step, List<RuleProblem> errors) {
    }

    @GET
    public ActiveRules active() {
        RuleSet rules = registry.current().orElse(null);
        LastError error = registry.lastError().map(this::lastError).orElse(null);
        if (rules == null) {
            return new ActiveRules(null, null, List.of(), List.of(), error);
        }
        return new ActiveRules(rules.version(), rules.loadedAt().toString(), rules.files(),
                rules.files().stream().flatMap(f -> f.rules().stream()).toList(), error);
    }

    @POST
    @Path("/reload")
    public Response reload() {
        RuleRegistry.Report report = registry.reloadNow("POST /v1/rules/reload");
        if (report.outcome() == RuleRegistry.Outcome.REFUSED) {
            return Problem.of(422, "rules-refused", "Rules refused",
                    "the rules folder failed the " + report.step() + " step; version "
                            + registry.current().map(RuleSet::version).orElse("(none)") + " keeps serving",
                    FolderNames.shown(report.problems(), registry.folder())).toResponse();
        }
        return Response.ok(Map.of("outcome", report.outcome().name(), "version", report.version(),
                "loadedAt", registry.current().map(r -> r.loadedAt().toString()).orElse(""))).build();
    }

    private LastError lastError(RuleRegistry.Report r) {
        return new LastError(r.version(), r.at().toString(), r.trigger(), r.step(),
                FolderNames.shown(r.problems(), registry.folder()));
    }
}
