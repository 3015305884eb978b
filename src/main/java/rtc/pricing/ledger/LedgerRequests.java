package rtc.pricing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.http.FieldReader;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;
import rtc.pricing.packages.PackagePrices;

/**
 * The validation of the account endpoints' bodies (api.md "Accounts, packages, usage and bills"): each body read into
 * its typed request, each field checked, every error named by its JSON Pointer, all of them thrown at once before
 * anything is written. {@link Ledger} takes only these records.
 */
final class LedgerRequests extends FieldReader {

    /** POST /v1/accounts. */
    record NewAccount(String accountId, ZonedDateTime registeredAt, boolean postpaid, String trialExhaustedAction,
            String priceBook) {
        static NewAccount read(JsonNode body, ZoneId zone) {
            LedgerRequests in = of(body, zone, "accountId", "registeredAt", "postpaid", "trialExhaustedAction",
                    "priceBook");
            NewAccount r = new NewAccount(in.id("accountId"), in.instant("registeredAt", EARLIEST_HISTORY_EPOCH_SECOND),
                    in.flag("postpaid", false),
                    in.oneOf("trialExhaustedAction", Set.of("POSTPAID", "STOP"), "POSTPAID"),
                    in.optionalText("priceBook"));
            in.done();
            return r;
        }
    }

    /** POST /v1/accounts/{id}/apps. */
    record NewApp(String appId, ZonedDateTime createdAt) {
        static NewApp read(JsonNode body, ZoneId zone) {
            LedgerRequests in = of(body, zone, "appId", "createdAt");
            NewApp r = new NewApp(in.id("appId"), in.instant("createdAt", EARLIEST_HISTORY_EPOCH_SECOND));
            in.done();
            return r;
        }
    }

    /** A write that is only an instant: the trial, a refund, the conversion of old packages, postpaid. */
    record At(ZonedDateTime at) {
        static At read(JsonNode body, ZoneId zone) {
            LedgerRequests in = of(body, zone, "at");
            At r = new At(in.instant("at"));
            in.done();
            return r;
        }
    }

    /** POST /v1/accounts/{id}/packages: a general package of so many thousand minutes, paid at an instant. */
    record Purchase(BigDecimal thousandMinutes, ZonedDateTime paidAt) {
        static Purchase read(JsonNode body, ZoneId zone) {
            LedgerRequests in = of(body, zone, "thousandMinutes", "paidAt");
            Purchase r = new Purchase(in.positive("thousandMinutes", PackagePrices.MAX_DECIMALS,
                    PackagePrices.MAX_THOUSAND_MINUTES), in.instant("paidAt"));
            in.done();
            return r;
        }
    }

    /** POST /v1/accounts/{id}/legacy-packages: an old package carried over from the contract. */
    record LegacyPackage(String kind, long minutes, ZonedDateTime acquiredAt) {
        static LegacyPackage read(JsonNode body, ZoneId zone) {
            LedgerRequests in = of(body, zone, "kind", "minutes", "acquiredAt");
            String kind = in.oneOf("kind", Set.of("LEGACY_VOICE", "LEGACY_SD", "LEGACY_HD"));
            BigDecimal minutes = in.positive("minutes", 0, BigDecimal.valueOf(1_000_000_000L));
            ZonedDateTime acquiredAt = in.instant("acquiredAt", EARLIEST_HISTORY_EPOCH_SECOND);
            in.done();
            return new LegacyPackage(kind, minutes.longValueExact(), acquiredAt);
        }
    }

    /** POST /v1/accounts/{id}/top-ups. */
    record TopUp(BigDecimal amount, ZonedDateTime at) {
        static TopUp read(JsonNode body, ZoneId zone) {
            LedgerRequests in = of(body, zone, "amount", "at");
            TopUp r = new TopUp(in.positive("amount", 2, MAX_AMOUNT), in.instant("at"));
            in.done();
            return r;
        }
    }

    /** POST /v1/accounts/{id}/price-book: the contract book (null: list prices) from the billing day of an instant. */
    record PriceBookChange(String priceBook, ZonedDateTime at) {
        static PriceBookChange read(JsonNode body, ZoneId zone) {
            LedgerRequests in = of(body, zone, "priceBook", "at");
            PriceBookChange r = new PriceBookChange(in.presentText("priceBook", "the list prices"), in.instant("at"));
            in.done();
            return r;
        }
    }

    /** Largest top-up, CNY: far above any real one, small enough that sums stay exact in numeric(24, 8). */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private final JsonNode body;
    private final ZoneId zone;

    private LedgerRequests(JsonNode body, Set<String> fields, ZoneId zone) {
        this.body = body;
        this.zone = zone;
        if (body == null || !body.isObject()) {
            error("", "the request body must be a JSON object");
        } else {
            known(body, "", fields);
        }
    }

    /** A reader of {@code body}, whose members must be among {@code fields}. */
    static LedgerRequests of(JsonNode body, ZoneId zone, String... fields) {
        return new LedgerRequests(body, Set.of(fields), zone);
    }

    private boolean readable() {
        return body != null && body.isObject();
    }

    /** An id the ledger will name in paths (accountId, appId). */
    String id(String field) {
        return readable() ? requiredPathId(body, field, "") : null;
    }

    String optionalText(String field) {
        return readable() ? optionalId(body, field, "") : null;
    }

    /**
     * A member that must be present, as a string or null ({@code absent}: what the error says null means): a body
     * that forgets it is refused rather than read as null.
     */
    String presentText(String field, String absent) {
        if (!readable()) {
            return null;
        }
        if (!body.has(field)) {
            error("/" + field, "is required: a name, or null for " + absent);
            return null;
        }
        return optionalId(body, field, "");
    }

    boolean flag(String field, boolean absent) {
        return readable() ? optionalBoolean(body, field, "", absent) : absent;
    }

    /** A required enum value. */
    String oneOf(String field, Set<String> allowed) {
        return readable() ? enumText(body, field, "", allowed, true) : null;
    }

    String oneOf(String field, Set<String> allowed, String absent) {
        String v = readable() ? enumText(body, field, "", allowed, false) : null;
        return v == null ? absent : v;
    }

    /**
     * The earliest history an account may have: registrations, apps and old packages reach back before the first
     * day the service prices (an old-mode account registered years before 2019).
     */
    static final long EARLIEST_HISTORY_EPOCH_SECOND = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

    /** An instant with its offset, within the dates the service prices, in the billing zone. */
    ZonedDateTime instant(String field) {
        return instant(field, QuoteLimits.EARLIEST_EPOCH_SECOND);
    }

    /** An instant with its offset, from {@code earliest} (epoch second) to the last day the service prices. */
    ZonedDateTime instant(String field, long earliest) {
        if (!readable()) {
            return null;
        }
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            error("/" + field, "is required: an ISO-8601 date-time with an offset, e.g. 2022-06-01T09:00:00+08:00");
            return null;
        }
        long epoch;
        try {
            if (!v.isTextual() || v.textValue().length() > 64) {
                throw new DateTimeParseException("not text", v.toString(), 0);
            }
            epoch = Timestamps.epochSecond(v.textValue());
        } catch (DateTimeParseException e) {
            error("/" + field, "must be an ISO-8601 date-time with an offset, e.g. 2022-06-01T09:00:00+08:00");
            return null;
        }
        if (epoch < earliest || epoch > QuoteLimits.standard().latestEpochSecond()) {
            error("/" + field, "is outside the dates this service handles: from " + Instant.ofEpochSecond(earliest)
                    + " to " + Instant.ofEpochSecond(QuoteLimits.standard().latestEpochSecond()));
            return null;
        }
        return Instant.ofEpochSecond(epoch).atZone(zone);
    }

    /** A positive decimal with at most {@code scale} places, sent as a string or a number, at most {@code max}. */
    BigDecimal positive(String field, int scale, BigDecimal max) {
        if (!readable()) {
            return null;
        }
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            error("/" + field, "is required");
            return null;
        }
        BigDecimal d = null;
        if (v.isTextual() && v.textValue().matches("[0-9]{1,16}(\\.[0-9]{1,16})?")) {
            d = new BigDecimal(v.textValue());
        } else if (v.isNumber() && !v.isFloatingPointNumber() || v.isBigDecimal()) {
            d = v.decimalValue();
        } else if (v.isDouble() && v.asText().matches("[0-9]{1,16}(\\.[0-9]{1,16})?")) {
            d = new BigDecimal(v.asText()); // JSON numbers are read as text: no binary rounding
        }
        if (d == null || d.signum() <= 0 || d.stripTrailingZeros().scale() > scale || d.compareTo(max) > 0) {
            error("/" + field, "must be a decimal greater than 0, at most " + max.toPlainString() + ", with at most "
                    + scale + " decimals (e.g. \"100.00\")");
            return null;
        }
        return d;
    }

    /** Throws every error found, if any. */
    void done() {
        throwIfAny();
    }
}
