package rtc.pricing.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.http.Ids;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;
import rtc.pricing.http.DateTimeWithOffset;
import rtc.pricing.packages.DeductionRequest;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * A {@code POST /v1/usage} body ({@link Batch}) bound into a {@link UsageBatch}. A body that is no batch (not an
 * object, a member other than {@code reports}, not 1 to {@value #MAX_REPORTS} reports) is refused whole: an
 * {@link InputException} naming its faults with their JSON Pointers. The batch is bound at once; when some report of
 * it is invalid, each report is bound on its own ({@link Report}): one that cannot be bound or fails a check across
 * its fields (a tier the rules do not price, an interval off the 5-minute grid…) is an {@link UsageBatch.Unreadable}
 * entry with the reasons, and rejects only itself, since each report is judged on its own (api.md).
 */
public final class UsageReports {

    /** Reports per batch. */
    public static final int MAX_REPORTS = 10_000;

    static final String REPORTS = "must be an array of 1 to " + MAX_REPORTS + " reports";
    static final String TEXT = "must be a non-empty string of at most " + QuoteLimits.MAX_ID_LENGTH + " characters";
    /** Not blank: some character that is no white space (anchored, linear). */

    /**
     * The body, as published and bound at once: the reports of a batch are almost always all valid, and one binding
     * of the batch costs a fraction of one per report.
     */
    @Schema(name = "UsageBatch", description = "The usage pipeline's 5-minute reports, each judged on its own: a report"
            + " that is invalid is REJECTED with its reasons, and the others are taken.")
    public record Batch(
            @NotNull(message = REPORTS) @Size(min = 1, max = MAX_REPORTS, message = REPORTS)
            List<@NotNull(message = "is required") Report> reports) {
    }

    /**
     * The body's shape alone, when some report of it is invalid: each report is then bound on its own, so that a
     * bad one rejects only itself.
     */
    record Shape(@NotNull(message = REPORTS) @Size(min = 1, max = MAX_REPORTS, message = REPORTS)
            List<JsonNode> reports) {
    }

    /** One report of the batch. */
    @Schema(name = "UsageReport", description = "Seconds of one app, service and item in a 5-minute interval. tier "
            + "for VIDEO only, mode for RECORDING only, codec for TRANSCODING only.")
    public record Report(
            @NotNull(message = "is required") @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT)
            @Pattern(regexp = Ids.NOT_BLANK, message = TEXT)
            @Schema(description = "unique per report: a report is taken once", examples = "r-2022-06-01-0001")
            String reportId,
            @NotNull(message = "is required") @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT)
            @Pattern(regexp = Ids.PATH_ID_REGEX, message = Ids.PATH_ID_MESSAGE)
            @Schema(examples = "1400000001") String appId,
            @NotNull(message = "is required")
            @DateTimeWithOffset(message = "must be an ISO-8601 date-time with an offset")
            @Schema(format = "date-time", description = "the start of a 5-minute interval of the billing zone",
                    examples = "2022-06-01T10:05:00+08:00") String interval,
            @NotNull(message = "is required")
            @Pattern(regexp = "BASE|RECORDING|TRANSCODING", message = "must be one of [BASE, RECORDING, TRANSCODING]")
            @Schema(enumeration = {"BASE", "RECORDING", "TRANSCODING"}) String service,
            @NotNull(message = "is required")
            @Pattern(regexp = "AUDIO|VIDEO", message = "must be AUDIO or VIDEO")
            @Schema(enumeration = {"AUDIO", "VIDEO"}) String category,
            @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT) @Pattern(regexp = Ids.NOT_BLANK, message = TEXT)
            @Schema(nullable = true, description = "a tier of the rules, for VIDEO", examples = "HD") String tier,
            @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT) @Pattern(regexp = Ids.NOT_BLANK, message = TEXT)
            @Schema(nullable = true, description = "for RECORDING") String mode,
            @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT) @Pattern(regexp = Ids.NOT_BLANK, message = TEXT)
            @Schema(nullable = true, description = "for TRANSCODING") String codec,
            @NotNull(message = "is required")
            @Min(value = 0, message = SECONDS) @Max(value = DeductionRequest.MAX_ENTRY_SECONDS, message = SECONDS)
            Long seconds) {
    }

    static final String SECONDS = "must be a whole number from 0 to " + DeductionRequest.MAX_ENTRY_SECONDS;

    private final ZoneId zone;
    private final RuleBudget budget;

    public UsageReports(ZoneId zone, RuleBudget budget) {
        this.zone = zone;
        this.budget = budget;
    }

    /** The batch in {@code body}, bound by {@code bodies}; tiers are those {@code rules} price. */
    public UsageBatch read(JsonNode body, RuleSet rules, JsonBodies bodies) {
        Set<String> tiers = new HashSet<>();
        RuleCatalogue.of(rules, budget).tiers().forEach(t -> tiers.add(t.name()));
        List<Report> bound;
        try {
            bound = bodies.bind(body, Batch.class, BATCH).reports();
        } catch (InputException invalid) {
            return oneByOne(bodies.bind(body, Shape.class, BATCH).reports(), bodies, tiers);
        }
        List<UsageBatch.Entry> entries = new ArrayList<>(bound.size());
        for (Report r : bound) {
            try {
                entries.add(checked(r, tiers));
            } catch (IllegalArgumentException e) {
                entries.add(new UsageBatch.Unreadable(r.reportId(), e.getMessage()));
            }
        }
        return new UsageBatch(entries);
    }

    private static final String BATCH = "{\"reports\": […]}";

    /** A batch with an invalid report: each bound and checked on its own. */
    private UsageBatch oneByOne(List<JsonNode> list, JsonBodies bodies, Set<String> tiers) {
        List<UsageBatch.Entry> entries = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            try {
                entries.add(report(n, bodies, tiers));
            } catch (IllegalArgumentException e) {
                JsonNode id = n.path("reportId");
                entries.add(new UsageBatch.Unreadable(id.isTextual() ? id.textValue() : null, e.getMessage()));
            }
        }
        return new UsageBatch(entries);
    }

    /** One report; @throws IllegalArgumentException with the reasons it is rejected */
    private UsageReport report(JsonNode n, JsonBodies bodies, Set<String> tiers) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("a report is an object {reportId, appId, interval, service, …}");
        }
        Report r;
        try {
            r = bodies.bind(n, Report.class, "");
        } catch (InputException e) {
            throw new IllegalArgumentException(reasons(e));
        }
        return checked(r, tiers);
    }

    /** A bound report after the checks across its fields; @throws IllegalArgumentException with the reason */
    private UsageReport checked(Report r, Set<String> tiers) {
        if (r.category().equals("VIDEO") == (r.tier() == null)) {
            throw new IllegalArgumentException(r.tier() == null ? "VIDEO needs a tier" : "AUDIO has no tier");
        }
        if (r.tier() != null && !tiers.contains(r.tier())) {
            throw new IllegalArgumentException("tier " + r.tier() + " is none of the rules' tiers "
                    + new TreeSet<>(tiers));
        }
        if ((r.mode() != null) != r.service().equals("RECORDING")
                || r.codec() != null && !r.service().equals("TRANSCODING")) {
            throw new IllegalArgumentException("mode belongs to RECORDING reports, codec to TRANSCODING ones");
        }
        long epoch = Timestamps.epochSecond(r.interval());
        if (epoch < QuoteLimits.EARLIEST_EPOCH_SECOND || epoch > QuoteLimits.standard().latestEpochSecond()) {
            throw new IllegalArgumentException("interval is outside the dates this service handles");
        }
        ZonedDateTime interval = Instant.ofEpochSecond(epoch).atZone(zone);
        if (interval.getMinute() % DeductionRequest.INTERVAL_MINUTES != 0 || interval.getSecond() != 0) {
            throw new IllegalArgumentException("interval must start a 5-minute interval of the billing zone");
        }
        return new UsageReport(r.reportId(), r.appId(), interval, r.service(), r.category(), r.tier(), r.mode(),
                r.codec(), r.seconds());
    }

    /**
     * A report's binding errors as one reason, in the batch's words: each field named before what is wrong with it
     * ("seconds must be a whole number…", "unknown field room; …"), joined by "; ".
     */
    private static String reasons(InputException e) {
        StringBuilder reason = new StringBuilder();
        for (FieldError f : e.errors()) {
            if (!reason.isEmpty()) {
                reason.append("; ");
            }
            String field = f.pointer().isEmpty() ? "" : f.pointer().substring(1).replace("~1", "/").replace("~0", "~");
            if (f.message().startsWith("unknown field")) {
                reason.append("unknown field ").append(field).append(f.message().substring("unknown field".length()));
            } else {
                reason.append(field).append(field.isEmpty() ? "" : " ").append(f.message());
            }
        }
        return reason.toString();
    }
}
