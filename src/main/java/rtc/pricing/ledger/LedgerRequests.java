package rtc.pricing.ledger;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import rtc.pricing.facts.RunOutAction;
import rtc.pricing.http.FieldErrors;
import rtc.pricing.http.Ids;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;
import rtc.pricing.http.DateTimeWithOffset;

/**
 * The account endpoints' bodies (api.md "Accounts, packages, usage and bills"): each a record bound strictly and
 * validated by its constraints ({@code JsonBodies.bind}), which also describe it in the OpenAPI document; then
 * {@code typed(zone)} checks what depends on the clock (the dates the service handles) and gives the typed request
 * {@link Ledger} takes. Every error is named by its JSON Pointer, all of them at once, before anything is written.
 */
public final class LedgerRequests {

    private LedgerRequests() {
    }

    static final String INSTANT_REQUIRED = "is required: an ISO-8601 date-time with an offset, e.g."
            + " 2022-06-01T09:00:00+08:00";
    static final String INSTANT = "must be an ISO-8601 date-time with an offset, e.g. 2022-06-01T09:00:00+08:00";
    static final String INSTANT_EXAMPLE = "2022-06-01T09:00:00+08:00";
    static final String ID_LENGTH = "must be at most " + QuoteLimits.MAX_ID_LENGTH + " characters long";
    /** A decimal of the API: digits, a point, digits; a JSON number is read the same (never through a double). */
    static final String DECIMAL_PATTERN = "^[0-9]{1,16}(\\.[0-9]{1,16})?$";

    /** Largest top-up, CNY: far above any real one, small enough that sums stay exact in numeric(24, 8). */
    static final String MAX_AMOUNT_TEXT = "1000000000";
    static final String AMOUNT_MESSAGE = "must be a decimal greater than 0, at most " + MAX_AMOUNT_TEXT
            + ", with at most 2 decimals (e.g. \"100.00\")";
    /** Size of a package, thousand minutes ({@code PackagePrices.MAX_THOUSAND_MINUTES}, MAX_DECIMALS). */
    static final String MAX_THOUSAND_MINUTES_TEXT = "1000000";
    static final String THOUSAND_MINUTES_MESSAGE = "must be a decimal greater than 0, at most "
            + MAX_THOUSAND_MINUTES_TEXT + ", with at most 3 decimals (e.g. \"100.00\")";
    static final String MAX_LEGACY_MINUTES_TEXT = "1000000000";
    static final String LEGACY_MINUTES_MESSAGE = "must be a decimal greater than 0, at most " + MAX_LEGACY_MINUTES_TEXT
            + ", with at most 0 decimals (e.g. \"100.00\")";

    /**
     * The earliest history an account may have: registrations, apps and old packages reach back before the first
     * day the service prices (an old-mode account registered years before 2019).
     */
    static final long EARLIEST_HISTORY_EPOCH_SECOND = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

    // ---- the bodies ----

    /** POST /v1/accounts. */
    @Schema(name = "NewAccount", description = "An account of the ledger: its id, registration, postpaid and price"
            + " book.")
    public record NewAccountBody(
            @NotNull(message = "is required")
            @Size(max = QuoteLimits.MAX_ID_LENGTH, message = ID_LENGTH)
            @Pattern(regexp = Ids.PATH_ID_REGEX, message = Ids.PATH_ID_MESSAGE)
            @Schema(description = "names the account in paths", examples = "acme") String accountId,
            @NotNull(message = INSTANT_REQUIRED) @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", description = "from 2000-01-01: the registration decides the billing mode",
                    examples = INSTANT_EXAMPLE) String registeredAt,
            @Schema(defaultValue = "false", description = "usage beyond the packages is billed afterwards")
            Boolean postpaid,
            @Schema(defaultValue = "POSTPAID", description = "what happens when the trial runs out without postpaid")
            RunOutAction trialExhaustedAction,
            @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = "must be 1 to " + QuoteLimits.MAX_ID_LENGTH
                    + " characters long")
            @Schema(nullable = true, description = "a contract price book of the rules; null: the list prices"
                    + " (required in the old billing mode)", examples = "legacy-unified-sample") String priceBook) {

        NewAccount typed(ZoneId zone) {
            FieldErrors errors = new FieldErrors();
            ZonedDateTime at = instant(errors, "/registeredAt", registeredAt, EARLIEST_HISTORY_EPOCH_SECOND, zone);
            errors.throwIfAny();
            return new NewAccount(accountId, at, Boolean.TRUE.equals(postpaid),
                    (trialExhaustedAction == null ? RunOutAction.POSTPAID : trialExhaustedAction).name(), priceBook);
        }
    }

    /** POST /v1/accounts/{id}/apps. */
    @Schema(name = "NewApp", description = "An app of the account: its usage is the account's.")
    public record NewAppBody(
            @NotNull(message = "is required")
            @Size(max = QuoteLimits.MAX_ID_LENGTH, message = ID_LENGTH)
            @Pattern(regexp = Ids.PATH_ID_REGEX, message = Ids.PATH_ID_MESSAGE)
            @Schema(description = "names the app in paths and usage reports", examples = "1400000001") String appId,
            @NotNull(message = INSTANT_REQUIRED) @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", description = "from 2000-01-01", examples = INSTANT_EXAMPLE)
            String createdAt) {

        NewApp typed(ZoneId zone) {
            FieldErrors errors = new FieldErrors();
            ZonedDateTime at = instant(errors, "/createdAt", createdAt, EARLIEST_HISTORY_EPOCH_SECOND, zone);
            errors.throwIfAny();
            return new NewApp(appId, at);
        }
    }

    /** A write that is only an instant: the trial, a refund, the conversion of old packages, postpaid. */
    @Schema(name = "At", description = "The instant the write takes effect.")
    public record AtBody(
            @NotNull(message = INSTANT_REQUIRED) @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", examples = INSTANT_EXAMPLE) String at) {

        At typed(ZoneId zone) {
            FieldErrors errors = new FieldErrors();
            ZonedDateTime t = instant(errors, "/at", at, QuoteLimits.EARLIEST_EPOCH_SECOND, zone);
            errors.throwIfAny();
            return new At(t);
        }
    }

    /** POST /v1/accounts/{id}/packages: a general package of so many thousand minutes, paid at an instant. */
    @Schema(name = "Purchase", description = "A general package bought: its size and when it was paid.")
    public record PurchaseBody(
            @NotNull(message = "is required")
            @DecimalMin(value = "0", inclusive = false, message = THOUSAND_MINUTES_MESSAGE)
            @DecimalMax(value = MAX_THOUSAND_MINUTES_TEXT, message = THOUSAND_MINUTES_MESSAGE)
            @Digits(integer = 16, fraction = 3, message = THOUSAND_MINUTES_MESSAGE)
            @Schema(type = SchemaType.NUMBER, description = "thousand minutes, a JSON number greater than 0 with at"
                    + " most 3 decimals, at most " + MAX_THOUSAND_MINUTES_TEXT, examples = "25")
            BigDecimal thousandMinutes,
            @NotNull(message = INSTANT_REQUIRED) @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", examples = INSTANT_EXAMPLE) String paidAt) {

        Purchase typed(ZoneId zone) {
            FieldErrors errors = new FieldErrors();
            ZonedDateTime t = instant(errors, "/paidAt", paidAt, QuoteLimits.EARLIEST_EPOCH_SECOND, zone);
            errors.throwIfAny();
            return new Purchase(thousandMinutes, t);
        }
    }

    /** POST /v1/accounts/{id}/legacy-packages: an old package carried over from the contract. */
    @Schema(name = "LegacyPackageRecord", description = "An old-mode package the account holds from its contract.")
    public record LegacyPackageBody(
            @NotNull(message = "is required; one of [LEGACY_HD, LEGACY_SD, LEGACY_VOICE]")
            @Schema(description = "the old package's kind") LegacyKind kind,
            @NotNull(message = "is required")
            @DecimalMin(value = "0", inclusive = false, message = LEGACY_MINUTES_MESSAGE)
            @DecimalMax(value = MAX_LEGACY_MINUTES_TEXT, message = LEGACY_MINUTES_MESSAGE)
            @Digits(integer = 16, fraction = 0, message = LEGACY_MINUTES_MESSAGE)
            @Schema(type = SchemaType.INTEGER, description = "whole minutes, 1 to " + MAX_LEGACY_MINUTES_TEXT,
                    examples = "3000")
            BigDecimal minutes,
            @NotNull(message = INSTANT_REQUIRED) @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", description = "from 2000-01-01", examples = INSTANT_EXAMPLE)
            String acquiredAt) {

        LegacyPackage typed(ZoneId zone) {
            FieldErrors errors = new FieldErrors();
            ZonedDateTime t = instant(errors, "/acquiredAt", acquiredAt, EARLIEST_HISTORY_EPOCH_SECOND, zone);
            errors.throwIfAny();
            return new LegacyPackage(kind.name(), minutes.longValueExact(), t);
        }
    }

    /** The old packages' kinds (the ledger records no other through legacy-packages). */
    public enum LegacyKind { LEGACY_VOICE, LEGACY_SD, LEGACY_HD }

    /** POST /v1/accounts/{id}/top-ups. */
    @Schema(name = "TopUp", description = "Money added to the account's balance.")
    public record TopUpBody(
            @NotNull(message = "is required")
            @JsonDeserialize(using = DecimalText.class)
            @DecimalMin(value = "0", inclusive = false, message = AMOUNT_MESSAGE)
            @DecimalMax(value = MAX_AMOUNT_TEXT, message = AMOUNT_MESSAGE)
            @Digits(integer = 16, fraction = 2, message = AMOUNT_MESSAGE)
            @Schema(type = SchemaType.STRING, pattern = DECIMAL_PATTERN, description = "decimal string, CNY, greater"
                    + " than 0 with at most 2 decimals, at most " + MAX_AMOUNT_TEXT, examples = "100.00")
            BigDecimal amount,
            @NotNull(message = INSTANT_REQUIRED) @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", examples = INSTANT_EXAMPLE) String at) {

        TopUp typed(ZoneId zone) {
            FieldErrors errors = new FieldErrors();
            ZonedDateTime t = instant(errors, "/at", at, QuoteLimits.EARLIEST_EPOCH_SECOND, zone);
            errors.throwIfAny();
            return new TopUp(amount, t);
        }
    }

    /**
     * POST /v1/accounts/{id}/price-book. {@code priceBook} must be present, a name or null: a body that forgets it is
     * refused rather than read as a change to the list prices (checked on the tree: a record cannot tell).
     */
    @Schema(name = "PriceBookChange", description = "The contract price book from the billing day of an instant on.")
    public record PriceBookBody(
            @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = "must be 1 to " + QuoteLimits.MAX_ID_LENGTH
                    + " characters long")
            @Schema(required = true, nullable = true, description = "a contract price book of the rules; null: the"
                    + " list prices", examples = "legacy-unified-sample") String priceBook,
            @NotNull(message = INSTANT_REQUIRED) @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", examples = INSTANT_EXAMPLE) String at) {

        PriceBookChange typed(ZoneId zone, boolean sent) {
            FieldErrors errors = new FieldErrors();
            if (!sent) {
                errors.add("/priceBook", "is required: a name, or null for the list prices");
            }
            ZonedDateTime t = instant(errors, "/at", at, QuoteLimits.EARLIEST_EPOCH_SECOND, zone);
            errors.throwIfAny();
            return new PriceBookChange(priceBook, t);
        }
    }

    // ---- the typed requests Ledger takes ----

    record NewAccount(String accountId, ZonedDateTime registeredAt, boolean postpaid, String trialExhaustedAction,
            String priceBook) {
    }

    record NewApp(String appId, ZonedDateTime createdAt) {
    }

    record At(ZonedDateTime at) {
    }

    record Purchase(BigDecimal thousandMinutes, ZonedDateTime paidAt) {
    }

    record LegacyPackage(String kind, long minutes, ZonedDateTime acquiredAt) {
    }

    record TopUp(BigDecimal amount, ZonedDateTime at) {
    }

    /** The contract book (null: list prices) from the billing day of an instant. */
    record PriceBookChange(String priceBook, ZonedDateTime at) {
    }

    /**
     * An instant already checked as ISO-8601 with an offset ({@link DateTimeWithOffset}), within {@code earliest}
     * (epoch second) and the last day the service prices, in the billing zone; else an error at {@code pointer}.
     */
    static ZonedDateTime instant(FieldErrors errors, String pointer, String text, long earliest, ZoneId zone) {
        long epoch = Timestamps.epochSecond(text);
        long latest = QuoteLimits.standard().latestEpochSecond();
        if (epoch < earliest || epoch > latest) {
            errors.add(pointer, "is outside the dates this service handles: from " + Instant.ofEpochSecond(earliest)
                    + " to " + Instant.ofEpochSecond(latest));
            return null;
        }
        return Instant.ofEpochSecond(epoch).atZone(zone);
    }

    /**
     * An amount of money: a decimal string ({@code "100.00"}, api.md: amounts are strings holding exact decimals), a
     * string of digits with an optional sign and point (no exponent). A JSON number or anything else is a wrong type,
     * collected by the binder; the range and the decimals are the field's constraints.
     */
    public static final class DecimalText extends JsonDeserializer<BigDecimal> {

        private static final java.util.regex.Pattern TEXT = java.util.regex.Pattern
                .compile("-?[0-9]{1,32}(\\.[0-9]{1,32})?");

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (TEXT.matcher(text).matches()) {
                    return new BigDecimal(text);
                }
                return (BigDecimal) ctxt.handleWeirdStringValue(BigDecimal.class, text, "not a decimal");
            }
            return (BigDecimal) ctxt.handleUnexpectedToken(String.class, p);
        }
    }
}
