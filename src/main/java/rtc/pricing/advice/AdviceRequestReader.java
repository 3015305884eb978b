package rtc.pricing.advice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.Category;
import rtc.pricing.http.FieldReader;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.quote.QuoteInput;
import rtc.pricing.quote.QuoteRequestReader;

/**
 * Reads a package-advice request (api.md POST /v1/package-advice), collecting every error with its JSON Pointer
 * before anything is priced. Structure and limits are checked here; whether a tier exists is for the rules'
 * catalogue to say ({@link PackageAdvice}). The quote form is read by the quotes' own reader, its pointers moved
 * under {@code /quote}.
 */
public final class AdviceRequestReader extends FieldReader {

    /** Minutes of one item in a month: a billion, ~23,000 users all month long. */
    public static final long MAX_MINUTES = 1_000_000_000L;
    /** Entries of {@code usage}: one per base-service item (audio and five tiers) is all it takes. */
    public static final int MAX_USAGE = 100;

    private static final Set<String> REQUEST = Set.of("usage", "quote", "date", "rulesVersion");
    private static final Set<String> USAGE = Set.of("category", "tier", "minutes");
    private static final Set<String> CATEGORIES = Set.of("AUDIO", "VIDEO");

    private final ZoneId zone;
    private final QuoteLimits limits;

    private AdviceRequestReader(ZoneId zone, QuoteLimits limits) {
        this.zone = zone;
        this.limits = limits;
    }

    /** @param zone the billing zone, whose today is the default price date of the usage form */
    public static AdviceRequest read(JsonNode root, ZoneId zone, QuoteLimits limits) {
        AdviceRequestReader r = new AdviceRequestReader(zone, limits);
        AdviceRequest request = r.request(root);
        r.throwIfAny();
        return request;
    }

    private AdviceRequest request(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "the request body must be a JSON object {usage, date} or {quote}");
            return null;
        }
        known(root, "", REQUEST);
        JsonNode usage = root.get("usage");
        JsonNode quote = root.get("quote");
        boolean hasUsage = usage != null && !usage.isNull();
        boolean hasQuote = quote != null && !quote.isNull();
        if (hasUsage && hasQuote) {
            error("/quote", "give either usage or quote, not both");
            return null;
        }
        if (!hasUsage && !hasQuote) {
            error("/usage", "is required unless quote is given: a month's base-service minutes per item"
                    + " [{category, tier, minutes}], or {\"quote\": a POST /v1/quotes request}");
            return null;
        }
        if (hasQuote) {
            JsonNode date = root.get("date");
            if (date != null && !date.isNull()) {
                error("/date", "is for the usage form only: a quote is priced on its own billing days");
            }
            return new AdviceRequest(null, null, quote(quote));
        }
        return new AdviceRequest(usage(usage), date(root.get("date")), null);
    }

    private QuoteInput quote(JsonNode quote) {
        if (!quote.isObject()) {
            error("/quote", "must be a POST /v1/quotes request object");
            return null;
        }
        for (String field : List.of("priceBook", "rulesVersion")) {
            JsonNode v = quote.get(field);
            if (v != null && !v.isNull()) {
                error("/quote/" + field, field.equals("priceBook")
                        ? "package advice compares packages with list prices; a contract price book cannot be given"
                        : "give rulesVersion beside quote, at the top level of the request");
            }
        }
        try {
            return QuoteRequestReader.read(quote, limits);
        } catch (InputException e) {
            for (FieldError f : e.errors()) {
                error("/quote" + f.pointer(), f.message());
            }
            return null;
        }
    }

    private List<AdviceRequest.Usage> usage(JsonNode list) {
        List<AdviceRequest.Usage> usage = new ArrayList<>();
        if (!list.isArray()) {
            error("/usage", "must be an array of {category, tier, minutes}");
            return usage;
        }
        if (list.size() > MAX_USAGE) {
            error("/usage", "holds " + QuoteLimits.count(list.size()) + " entries; at most " + MAX_USAGE
                    + " (one per base-service item is all it takes)");
            return usage;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            AdviceRequest.Usage u = entry(list.get(i), "/usage/" + i);
            if (u == null) {
                continue;
            }
            String before = seen.putIfAbsent(u.category() + " " + u.tier(), u.pointer());
            if (before != null) {
                error(u.pointer(), "repeats the item of " + before + " (" + u.category()
                        + (u.tier() == null ? "" : " " + u.tier()) + "); give each item once, with its month's minutes");
                continue;
            }
            usage.add(u);
        }
        return usage;
    }

    private AdviceRequest.Usage entry(JsonNode node, String p) {
        if (node == null || !node.isObject()) {
            error(p, "must be an object {category, tier, minutes}");
            return null;
        }
        known(node, p, USAGE);
        String category = enumText(node, "category", p, CATEGORIES, true);
        Long minutes = minutes(node, p);
        JsonNode t = node.get("tier");
        String tier = null;
        if ("VIDEO".equals(category)) {
            if (t == null || t.isNull()) {
                error(p + "/tier", "is required for VIDEO: the tier of the video received (SD, HD, …)");
                return null;
            }
            tier = optionalId(node, "tier", p);
        } else if ("AUDIO".equals(category) && t != null && !t.isNull()) {
            error(p + "/tier", "must be null for AUDIO: audio minutes have no tier");
            return null;
        }
        if (category == null || minutes == null || ("VIDEO".equals(category) && tier == null)) {
            return null;
        }
        return new AdviceRequest.Usage(Category.valueOf(category), tier, minutes, p);
    }

    private Long minutes(JsonNode node, String p) {
        JsonNode v = node.get("minutes");
        if (v == null || v.isNull()) {
            error(p + "/minutes", "is required");
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > MAX_MINUTES) {
            String text = v.toString();
            error(p + "/minutes", "must be a whole number of minutes from 0 to " + QuoteLimits.count(MAX_MINUTES)
                    + "; got " + (text.length() > 40 ? text.substring(0, 40) + "…" : text));
            return null;
        }
        return v.longValue();
    }

    /** The day whose list prices apply: given, or today in the billing zone; within the dates priced. */
    private LocalDate date(JsonNode v) {
        if (v == null || v.isNull()) {
            return LocalDate.now(limits.clock().withZone(zone));
        }
        LocalDate date = null;
        if (v.isTextual() && v.textValue().length() == 10) {
            try {
                date = LocalDate.parse(v.textValue());
            } catch (DateTimeParseException e) {
                date = null;
            }
        }
        if (date == null) {
            error("/date", "must be a date, YYYY-MM-DD: the day whose list prices apply");
            return null;
        }
        LocalDate earliest = LocalDate.ofInstant(Instant.ofEpochSecond(QuoteLimits.EARLIEST_EPOCH_SECOND),
                ZoneOffset.UTC);
        LocalDate latest = LocalDate.ofInstant(Instant.ofEpochSecond(limits.latestEpochSecond()), ZoneOffset.UTC);
        if (date.isBefore(earliest) || date.isAfter(latest)) {
            error("/date", "is outside the dates this service prices: from " + earliest + " to " + latest);
            return null;
        }
        return date;
    }
}
