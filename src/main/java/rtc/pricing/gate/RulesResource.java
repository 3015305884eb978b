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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
@Tag(name = "Rules", description = "The pricing rules: the serving set, its history and a reload (analysts and admins).")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ANALYST })
public class RulesResource {

    @Inject
    RuleRegistry registry;

    public record ActiveRules(@Schema(nullable = true, description = "The serving version; null before any set"
            + " passed the gate.") String version, @Schema(nullable = true, format = "date-time") String loadedAt,
            List<RuleSet.RuleFile> files, List<String> rules,
            @Schema(nullable = true, description = "The last refused edit; null when none was.") LastError lastError) {
    }

    /**
     * The last refused edit, kept until the next refusal; {@code resolved}: a later version went live since, or
     * the folder went back to what serves. {@code count} = how many problems {@code errors} lists (all of them).
     */
    public record LastError(@Schema(nullable = true) String version, @Schema(format = "date-time") String at,
            String trigger, String step, boolean resolved, int count, List<RuleProblem> errors) {
    }

    @GET
    @Operation(operationId = "getRules", summary = "The serving rule set",
            description = "The serving version, its files and rules, and the last refused edit.")
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
    public record VersionSummary(String version, @Schema(format = "date-time") String servedAt, boolean serving) {
    }

    /** A version that served, with the content of each of its files (DRL and examples). */
    public record VersionFiles(String version, @Schema(format = "date-time") String servedAt, boolean serving,
            @Schema(description = "Each file's content by its path in the folder.") Map<String, String> files) {
    }

    @GET
    @Path("/versions")
    @Operation(operationId = "listRuleVersions", summary = "Rule versions that served",
            description = "Every version kept in the rules history, and which one serves.")
    public List<VersionSummary> versions() {
        String now = registry.current().map(RuleSet::version).orElse(null);
        return registry.history().versions().stream()
                .map(e -> new VersionSummary(e.version(), e.servedAt().toString(), e.version().equals(now))).toList();
    }

    @GET
    @Path("/{version}")
    @Operation(operationId = "getRuleVersion", summary = "A rule version's files",
            description = "A version that served, with the content of each of its files (DRL and examples).")
    @APIResponse(responseCode = "200", description = "The version and its files.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VersionFiles.class)))
    @APIResponse(responseCode = "404", description = "No rule set with this version has served (unknown-rules-version).")
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
    @Operation(operationId = "reloadRules", summary = "Reload the rules now",
            description = "Checks the rules folder through the gate and serves it when it passes; the serving version keeps serving otherwise.")
    @APIResponse(responseCode = "200", description = "Applied, or unchanged (the folder is what serves).", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(requiredProperties = { "outcome", "version", "loadedAt" },
                    properties = {
                        @SchemaProperty(name = "outcome", enumeration = { "APPLIED", "UNCHANGED" }),
                        @SchemaProperty(name = "version", description = "The serving version."),
                        @SchemaProperty(name = "loadedAt", description = "When it was loaded; empty when none serves.") })))
    @APIResponse(responseCode = "422", description = "The folder failed the gate (rules-refused): errors[] lists each problem with its file and line.")
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
