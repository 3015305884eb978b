package rtc.pricing.rules;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import rtc.pricing.problem.Problem;

/**
 * The active rule set, and a reload on demand. The reload is an admin action; it lives under /v1/rules so an
 * authentication policy can cover the path later without moving it.
 */
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    @Inject
    RuleRegistry registry;

    public record ActiveRules(String version, String loadedAt, String folder, List<RuleSet.RuleFile> files,
            List<String> rules, LastError lastError) {
    }

    public record LastError(String version, String at, String trigger, String step, List<RuleProblem> errors) {
    }

    @GET
    public ActiveRules active() {
        RuleSet rules = registry.current().orElse(null);
        LastError error = registry.lastError().map(RulesResource::lastError).orElse(null);
        String folder = registry.folder().toAbsolutePath().normalize().toString();
        if (rules == null) {
            return new ActiveRules(null, null, folder, List.of(), List.of(), error);
        }
        return new ActiveRules(rules.version(), rules.loadedAt().toString(), folder, rules.files(),
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
                    report.problems()).toResponse();
        }
        return Response.ok(Map.of("outcome", report.outcome().name(), "version", report.version(),
                "loadedAt", registry.current().map(r -> r.loadedAt().toString()).orElse(""))).build();
    }

    static LastError lastError(RuleRegistry.Report r) {
        return new LastError(r.version(), r.at().toString(), r.trigger(), r.step(), r.problems());
    }
}
