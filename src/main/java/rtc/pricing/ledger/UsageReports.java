package rtc.pricing.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;
import rtc.pricing.packages.DeductionRequestReader;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * Reads a {@code POST /v1/usage} body into a {@link UsageBatch}. A body that is no batch (not an object, a member
 * other than {@code reports}, not 1 to {@value #MAX_REPORTS} reports) is refused whole: an {@link InputException}
 * naming the first fault with its JSON Pointer. A report that cannot be read (an unknown field, a tier the rules do
 * not price, an interval off the 5-minute grid…) is an {@link UsageBatch.Unreadable} entry with the reason: it rejects
 * only itself, since each report is judged on its own (api.md).
 */
public final class UsageReports {

    /** Reports per batch. */
    public static final int MAX_REPORTS = 10_000;

    private static final Set<String> FIELDS = Set.of("reportId", "appId", "interval", "service", "category", "tier",
            "mode", "codec", "seconds");
    private static final Set<String> SERVICES = Set.of("BASE", "RECORDING", "TRANSCODING");

    private final ZoneId zone;
    private final RuleBudget budget;

    public UsageReports(ZoneId zone, RuleBudget budget) {
        this.zone = zone;
        this.budget = budget;
    }

    /** The batch in {@code body}; tiers are those {@code rules} price. */
    public UsageBatch read(JsonNode body, RuleSet rules) {
        if (body == null || !body.isObject()) {
            throw new InputException("", "the request body must be a JSON object {\"reports\": […]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("reports")) {
                throw new InputException("/" + name, "unknown field; expected \"reports\"");
            }
        }
        JsonNode list = body.get("reports");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_REPORTS) {
            throw new InputException("/reports", "must be an array of 1 to " + MAX_REPORTS + " reports");
        }
        Set<String> tiers = new HashSet<>();
        RuleCatalogue.of(rules, budget).tiers().forEach(t -> tiers.add(t.name()));
        List<UsageBatch.Entry> entries = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            try {
                entries.add(report(n, tiers));
            } catch (IllegalArgumentException e) {
                JsonNode id = n.path("reportId");
                entries.add(new UsageBatch.Unreadable(id.isTextual() ? id.textValue() : null, e.getMessage()));
            }
        }
        return new UsageBatch(entries);
    }

    /** One report; @throws IllegalArgumentException with the reason it is rejected */
    private UsageReport report(JsonNode n, Set<String> tiers) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("a report is an object {reportId, appId, interval, service, …}");
        }
        for (Iterator<String> names = n.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + name);
            }
        }
        String id = text(n, "reportId", true);
        String app = text(n, "appId", true);
        String service = text(n, "service", true);
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("service must be one of " + new TreeSet<>(SERVICES));
        }
        String category = text(n, "category", true);
        if (!category.equals("AUDIO") && !category.equals("VIDEO")) {
            throw new IllegalArgumentException("category must be AUDIO or VIDEO");
        }
        String tier = text(n, "tier", false);
        if (category.equals("VIDEO") == (tier == null)) {
            throw new IllegalArgumentException(tier == null ? "VIDEO needs a tier" : "AUDIO has no tier");
        }
        if (tier != null && !tiers.contains(tier)) {
            throw new IllegalArgumentException("tier " + tier + " is none of the rules' tiers " + new TreeSet<>(tiers));
        }
        String mode = text(n, "mode", false);
        String codec = text(n, "codec", false);
        if ((mode != null) != service.equals("RECORDING") || codec != null && !service.equals("TRANSCODING")) {
            throw new IllegalArgumentException("mode belongs to RECORDING reports, codec to TRANSCODING ones");
        }
        JsonNode seconds = n.get("seconds");
        if (seconds == null || !seconds.isIntegralNumber() || !seconds.canConvertToLong() || seconds.longValue() < 0
                || seconds.longValue() > DeductionRequestReader.MAX_ENTRY_SECONDS) {
            throw new IllegalArgumentException("seconds must be a whole number from 0 to "
                    + DeductionRequestReader.MAX_ENTRY_SECONDS);
        }
        String at = text(n, "interval", true);
        long epoch;
        try {
            epoch = Timestamps.epochSecond(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("interval must be an ISO-8601 date-time with an offset");
        }
        if (epoch < QuoteLimits.EARLIEST_EPOCH_SECOND || epoch > QuoteLimits.standard().latestEpochSecond()) {
            throw new IllegalArgumentException("interval is outside the dates this service handles");
        }
        ZonedDateTime interval = Instant.ofEpochSecond(epoch).atZone(zone);
        if (interval.getMinute() % DeductionRequestReader.INTERVAL_MINUTES != 0 || interval.getSecond() != 0) {
            throw new IllegalArgumentException("interval must start a 5-minute interval of the billing zone");
        }
        return new UsageReport(id, app, interval, service, category, tier, mode, codec, seconds.longValue());
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > QuoteLimits.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be a non-empty string of at most "
                    + QuoteLimits.MAX_ID_LENGTH + " characters");
        }
        return v.textValue();
    }
}
