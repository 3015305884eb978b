package rtc.pricing.advice;

import static rtc.pricing.http.QuoteLimits.MAX_ID_LENGTH;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.Category;
import rtc.pricing.http.BodyBinder;
import rtc.pricing.http.FieldErrors;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.InputException;
import rtc.pricing.quote.QuoteInput;
import rtc.pricing.quote.QuoteRequest;

/**
 * The body of POST /v1/package-advice (api.md): bound strictly and validated by {@link BodyBinder}, described by the
 * same annotations in the OpenAPI document. Either a month's base-service minutes per item ({@code usage}, priced on
 * {@code date}) or a quote's usage ({@link QuoteRequest.Usage}: list prices, so no priceBook; the rules version is
 * given beside it, at the top level). {@link #checked} says what the fields cannot say alone and builds the
 * {@link AdviceRequest}.
 */
@Schema(name = "PackageAdviceRequest", description = "Either usage (a month's base-service minutes per item, priced "
        + "on date) or quote (a POST /v1/quotes request whose base-service lines give the minutes), not both.")
public record PackageAdviceRequest(
        @Size(max = PackageAdviceRequest.MAX_USAGE,
                message = "holds too many entries: at most "
                + PackageAdviceRequest.MAX_USAGE + " (one per base-service item is all it takes)")
        @Schema(nullable = true, description = "each item at most once")
        List<@NotNull(message = PackageAdviceRequest.ENTRY) Usage> usage,
        @Schema(nullable = true, format = "date", description = "Usage form only: the day whose list prices apply, "
                + "YYYY-MM-DD; default today in the billing zone (Asia/Shanghai)", examples = "2022-06-01") String date,
        @Schema(nullable = true, description = "A POST /v1/quotes request without priceBook or rulesVersion "
                + "(give rulesVersion beside quote); its errors are named under /quote") QuoteRequest.Usage quote,
        @Pattern(regexp = QuoteRequest.RULES_VERSION, message = QuoteRequest.RULES_VERSION_MESSAGE)
        @Schema(nullable = true, description = "answer with this rules version instead of the serving one",
                examples = "0123456789abcdef") String rulesVersion) {

    /** Minutes of one item in a month: a billion, ~23,000 users all month long. */
    public static final long MAX_MINUTES = 1_000_000_000L;
    /** Entries of {@code usage}: one per base-service item (audio and five tiers) is all it takes. */
    public static final int MAX_USAGE = 100;
    /** What the body must be, completing "the request body must be a JSON object …". */
    public static final String WHAT = "{usage, date} or {quote}";

    static final String ENTRY = "must be an object {category, tier, minutes}";
    static final String MINUTES = "must be a whole number of minutes from 0 to 1,000,000,000";

    /** The categories of a month's minutes: the old billing mode's unified minute is no usage to advise on. */
    public enum UsageCategory { AUDIO, VIDEO }

    @Schema(name = "PackageAdviceUsage", description = "One item's minutes of the month.")
    public record Usage(
            @NotNull(message = "is required; one of [AUDIO, VIDEO]") UsageCategory category,
            @Size(max = MAX_ID_LENGTH, message = QuoteRequest.ID_LENGTH)
            @Schema(nullable = true, description = "VIDEO: the tier of the catalogue (SD, HD, FHD, 2K, 4K); AUDIO: "
                    + "null") String tier,
            @NotNull(message = "is required") @Min(value = 0, message = MINUTES) @Max(value = MAX_MINUTES,
                    message = MINUTES) @Schema(description = "usage minutes of the month") Long minutes) {
    }

    /** The request bound (strictly) and valid, then its checks across fields. */
    public static AdviceRequest read(BodyBinder binder, JsonNode body, ZoneId zone, QuoteLimits limits) {
        return binder.bind(body, PackageAdviceRequest.class, WHAT).checked(zone, limits);
    }

    /** As {@link #read(BodyBinder, JsonNode, ZoneId, QuoteLimits)} outside the container (the gate, tests). */
    public static AdviceRequest read(JsonNode body, ZoneId zone, QuoteLimits limits) {
        return read(QuoteRequest.Standalone.BINDER, body, zone, limits);
    }

    /**
     * The question to answer, all errors at once with their pointers; {@code zone} is the billing zone, whose today
     * is the default price date of the usage form.
     */
    public AdviceRequest checked(ZoneId zone, QuoteLimits limits) {
        FieldErrors errors = new FieldErrors();
        if (usage != null && quote != null) {
            throw new InputException("/quote", "give either usage or quote, not both");
        }
        if (usage == null && quote == null) {
            throw new InputException("/usage", "is required unless quote is given: a month's base-service minutes "
                    + "per item [{category, tier, minutes}], or {\"quote\": a POST /v1/quotes request}");
        }
        if (quote != null) {
            if (date != null) {
                errors.add("/date", "is for the usage form only: a quote is priced on its own billing days");
            }
            QuoteInput input;
            try {
                input = quote.checked("/quote", limits);
            } catch (InputException e) {
                if (errors.isEmpty()) {
                    throw e;
                }
                e.errors().forEach(f -> errors.add(f.pointer(), f.message()));
                input = null;
            }
            errors.throwIfAny();
            return new AdviceRequest(null, null, input);
        }
        List<AdviceRequest.Usage> items = usage(errors);
        LocalDate day = date(zone, limits, errors);
        errors.throwIfAny();
        return new AdviceRequest(items, day, null);
    }

    private List<AdviceRequest.Usage> usage(FieldErrors errors) {
        List<AdviceRequest.Usage> items = new ArrayList<>(usage.size());
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < usage.size(); i++) {
            Usage u = usage.get(i);
            String p = "/usage/" + i;
            if (u.category() == UsageCategory.VIDEO && u.tier() == null) {
                errors.add(p + "/tier", "is required for VIDEO: the tier of the video received (SD, HD, …)");
                continue;
            }
            if (u.category() == UsageCategory.AUDIO && u.tier() != null) {
                errors.add(p + "/tier", "must be null for AUDIO: audio minutes have no tier");
                continue;
            }
            String before = seen.putIfAbsent(u.category() + " " + u.tier(), p);
            if (before != null) {
                errors.add(p, "repeats the item of " + before + " (" + u.category()
                        + (u.tier() == null ? "" : " " + u.tier())
                        + "); give each item once, with its month's minutes");
                continue;
            }
            items.add(new AdviceRequest.Usage(Category.valueOf(u.category().name()), u.tier(), u.minutes(), p));
        }
        return items;
    }

    /** The day whose list prices apply: given, or today in the billing zone; within the dates priced. */
    private LocalDate date(ZoneId zone, QuoteLimits limits, FieldErrors errors) {
        if (date == null) {
            return LocalDate.now(limits.clock().withZone(zone));
        }
        LocalDate day = null;
        if (date.length() == 10) {
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                day = null;
            }
        }
        if (day == null) {
            errors.add("/date", "must be a date, YYYY-MM-DD: the day whose list prices apply");
            return null;
        }
        LocalDate earliest = LocalDate.ofInstant(Instant.ofEpochSecond(QuoteLimits.EARLIEST_EPOCH_SECOND),
                ZoneOffset.UTC);
        LocalDate latest = LocalDate.ofInstant(Instant.ofEpochSecond(limits.latestEpochSecond()), ZoneOffset.UTC);
        if (day.isBefore(earliest) || day.isAfter(latest)) {
            errors.add("/date", "is outside the dates this service prices: from " + earliest + " to " + latest);
            return null;
        }
        return day;
    }
}
