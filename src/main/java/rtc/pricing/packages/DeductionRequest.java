package rtc.pricing.packages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.RunOutAction;
import rtc.pricing.http.FieldErrors;
import rtc.pricing.http.DateTimeWithOffset;
import rtc.pricing.http.Ids;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;

/**
 * The body of POST /v1/deductions (api.md): an account, its packages and its base-service usage, replayed in time
 * order. Bound strictly and validated by its constraints, which also describe it in the OpenAPI document; then
 * {@link #input} checks what spans fields or depends on the clock and gives the engine's {@link DeductionInput}.
 * Whether a tier exists and a price book prices the account's minutes is for the rules to say (the engine).
 */
@Schema(name = "DeductionRequest", description = "An account, its packages and its base-service usage, replayed in"
        + " time order. At most " + DeductionRequest.MAX_PACKAGES + " packages and " + DeductionRequest.MAX_USAGE
        + " usage entries, spanning at most " + QuoteLimits.MAX_REQUEST_DAYS + " days.")
public record DeductionRequest(
        @Schema(nullable = true, description = "null or left out: a new-mode account, no postpaid")
        Account account,
        @Size(max = MAX_PACKAGES, message = "holds more than " + MAX_PACKAGES + " packages; at most " + MAX_PACKAGES
                + " per request: split it into several requests")
        @Schema(description = "left out for none (null is no list)")
        List<@NotNull(message = "must be an object: packageId, kind, minutes, used, acquiredAt") Package>
        packages,
        @Size(max = MAX_USAGE, message = "holds more than " + MAX_USAGE + " usage entries; at most " + MAX_USAGE
                + " per request: split it into several requests")
        @Schema(description = "left out for none (null is no list)")
        List<@NotNull(message = "must be an object: appId, interval, category, tier, seconds") Usage> usage,
        @Schema(pattern = "^[0-9a-f]{16}$", nullable = true, description = "replay with this rules version instead of"
                + " the serving one") String rulesVersion) {

    /** Packages per request; an account holds a handful. */
    public static final int MAX_PACKAGES = 1_000;
    /** Usage entries per request: a month of one app's six items is 51,840. */
    public static final int MAX_USAGE = 200_000;
    /** Package minutes of one package: far above the largest package sold (3 million minutes). */
    public static final long MAX_PACKAGE_MINUTES = 1_000_000_000_000L;
    /** Seconds of one entry: a 5-minute interval of up to 3 million users. */
    public static final long MAX_ENTRY_SECONDS = 1_000_000_000L;
    /** Intervals are 5 minutes long, on the grid of the billing zone. */
    public static final int INTERVAL_MINUTES = 5;

    static final String TEXT = "must be a non-empty string of at most " + QuoteLimits.MAX_ID_LENGTH + " characters";
    static final String INSTANT = "must be an ISO-8601 date-time with offset, e.g. 2022-06-01T00:00:00+08:00";
    static final String MINUTES = "must be a whole number from 1 to 1,000,000,000,000";
    static final String USED = "must be a whole number from 0 to 1,000,000,000,000";
    static final String SECONDS = "must be a whole number from 0 to 1,000,000,000";

    @Schema(name = "DeductionAccount")
    public record Account(
            @Schema(defaultValue = "NEW", description = "LEGACY: the old billing mode, one unified minute priced by"
                    + " priceBook (required)") BillingMode mode,
            @Schema(defaultValue = "false") Boolean postpaid,
            @Schema(defaultValue = "POSTPAID", description = "what happens when the trial runs out without postpaid")
            RunOutAction trialExhaustedAction,
            @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT)
            @Schema(nullable = true, description = "a contract price book of the rules; null: list prices")
            String priceBook) {
    }

    @Schema(name = "DeductionPackage")
    public record Package(
            @NotNull(message = "is required") @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT)
            @Pattern(regexp = Ids.NOT_BLANK, message = TEXT) String packageId,
            @NotNull(message = "is required; one of [GENERAL, LEGACY_HD, LEGACY_SD, LEGACY_VOICE, TRIAL]")
            PackageKind kind,
            @NotNull(message = "is required") @Min(value = 1, message = MINUTES)
            @Max(value = MAX_PACKAGE_MINUTES, message = MINUTES) Long minutes,
            @Min(value = 0, message = USED) @Max(value = MAX_PACKAGE_MINUTES, message = USED)
            @Schema(defaultValue = "0", description = "package minutes used before this request, at most minutes")
            Long used,
            @NotNull(message = "is required") @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", description = "bought, granted or converted",
                    examples = "2022-06-01T09:00:00+08:00") String acquiredAt,
            @Pattern(regexp = "[0-9]{4}-[0-9]{2}-[0-9]{2}", message = "must be a date, e.g. 2022-12-31")
            @Schema(nullable = true, format = "date", description = "a GENERAL package converted from an old one:"
                    + " the old package's last valid day, which it keeps") String convertedExpiresOn) {
    }

    @Schema(name = "DeductionUsage")
    public record Usage(
            @NotNull(message = "is required") @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT)
            @Pattern(regexp = Ids.NOT_BLANK, message = TEXT) String appId,
            @NotNull(message = "is required") @DateTimeWithOffset(message = INSTANT)
            @Schema(format = "date-time", description = "start of a 5-minute interval of the billing zone",
                    examples = "2022-06-01T10:05:00+08:00") String interval,
            @NotNull(message = "is required; one of [AUDIO, VIDEO]")
            @Pattern(regexp = "AUDIO|VIDEO", message = "unknown value; expected one of [AUDIO, VIDEO]")
            @Schema(enumeration = {"AUDIO", "VIDEO"}) String category,
            @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = TEXT) @Pattern(regexp = Ids.NOT_BLANK, message = TEXT)
            @Schema(nullable = true, description = "the video tier (SD, HD, …); null for AUDIO") String tier,
            @NotNull(message = "is required") @Min(value = 0, message = SECONDS)
            @Max(value = MAX_ENTRY_SECONDS, message = SECONDS) Long seconds) {
    }

    /**
     * The replay the engine takes, after the checks across fields, all errors at once: the instants within the dates
     * the service prices ({@code limits}' clock), intervals on the 5-minute grid of {@code zone}, a tier for VIDEO
     * only, used minutes within the package's, a converted package's day, the packages an account of its mode may
     * hold, and the span of the usage. {@code sent} is the body as sent: a list sent as null is refused (api.md gives
     * null no meaning), which the bound record cannot tell from one left out.
     */
    public DeductionInput input(ZoneId zone, QuoteLimits limits, JsonNode sent) {
        FieldErrors errors = new FieldErrors();
        for (String list : List.of("packages", "usage")) {
            if (sent != null && sent.path(list).isNull()) {
                errors.add("/" + list, "must be an array, not null (leave the field out for none)");
            }
        }
        rtc.pricing.facts.Account a = account(errors);
        List<HeldPackage> held = new ArrayList<>();
        List<String> heldAt = new ArrayList<>(); // each held package's pointer: a package refused is not held
        List<Package> ps = packages == null ? List.of() : packages;
        for (int i = 0; i < ps.size(); i++) {
            HeldPackage h = held(ps.get(i), "/packages/" + i, zone, limits, errors);
            if (h != null) {
                held.add(h);
                heldAt.add("/packages/" + i);
            }
        }
        List<DeductionInput.Usage> entries = new ArrayList<>();
        List<Usage> us = usage == null ? List.of() : usage;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        String lastPointer = null;
        for (int i = 0; i < us.size(); i++) {
            DeductionInput.Usage u = entry(us.get(i), "/usage/" + i, zone, limits, errors);
            if (u != null) {
                entries.add(u);
                first = Math.min(first, u.interval());
                if (u.interval() > last) {
                    last = u.interval();
                    lastPointer = u.pointer();
                }
            }
        }
        if (lastPointer != null && last + INTERVAL_MINUTES * 60 - first > QuoteLimits.MAX_REQUEST_SECONDS) {
            errors.add(lastPointer + "/interval", "the usage spans " + Instant.ofEpochSecond(first) + " to "
                    + Instant.ofEpochSecond(last + INTERVAL_MINUTES * 60) + "; at most " + QuoteLimits.MAX_REQUEST_DAYS
                    + " days per request: split it, carrying each package's used minutes forward");
        }
        checkPackages(a, held, heldAt, errors);
        errors.throwIfAny();
        return new DeductionInput(a, held, entries);
    }

    private rtc.pricing.facts.Account account(FieldErrors errors) {
        if (account == null) {
            return new rtc.pricing.facts.Account(BillingMode.NEW, false, RunOutAction.POSTPAID, null);
        }
        BillingMode m = account.mode() == null ? BillingMode.NEW : account.mode();
        if (m == BillingMode.LEGACY && account.priceBook() == null) {
            errors.add("/account/priceBook", "is required in the old billing mode: its unified minute is priced by"
                    + " the account's contract price book (the policy gives no list price for it)");
        }
        return new rtc.pricing.facts.Account(m, Boolean.TRUE.equals(account.postpaid()),
                account.trialExhaustedAction() == null ? RunOutAction.POSTPAID : account.trialExhaustedAction(),
                account.priceBook());
    }

    private static HeldPackage held(Package p, String pointer, ZoneId zone, QuoteLimits limits, FieldErrors errors) {
        ZonedDateTime acquired = instant(p.acquiredAt(), pointer + "/acquiredAt", zone, limits, errors);
        long used = p.used() == null ? 0 : p.used();
        boolean ok = acquired != null;
        if (used > p.minutes()) {
            errors.add(pointer + "/used", "is " + used + ", more than the package's " + p.minutes() + " minutes");
            ok = false;
        }
        LocalDate convertedExpiresOn = null;
        if (p.convertedExpiresOn() != null) {
            String at = pointer + "/convertedExpiresOn";
            try {
                convertedExpiresOn = LocalDate.parse(p.convertedExpiresOn());
            } catch (DateTimeParseException e) {
                errors.add(at, "must be a date, e.g. 2022-12-31");
            }
            if (convertedExpiresOn != null && p.kind() != PackageKind.GENERAL) {
                errors.add(at, "belongs to GENERAL packages converted from an old package only");
                convertedExpiresOn = null;
            } else if (convertedExpiresOn != null && acquired != null
                    && convertedExpiresOn.isBefore(acquired.toLocalDate())) {
                errors.add(at, "is before the conversion day " + acquired.toLocalDate() + ": an expired old package"
                        + " converts to nothing");
                convertedExpiresOn = null;
            }
        }
        return ok ? new HeldPackage(p.packageId(), p.kind(), p.minutes(), used, acquired, convertedExpiresOn) : null;
    }

    private static DeductionInput.Usage entry(Usage u, String pointer, ZoneId zone, QuoteLimits limits,
            FieldErrors errors) {
        ZonedDateTime interval = instant(u.interval(), pointer + "/interval", zone, limits, errors);
        boolean video = u.category().equals("VIDEO");
        if (video && u.tier() == null) {
            errors.add(pointer + "/tier", "is required for VIDEO: the tier of the video received (SD, HD, …)");
            return null;
        }
        if (!video && u.tier() != null) {
            errors.add(pointer + "/tier", "must be null for AUDIO: audio minutes have no tier");
            return null;
        }
        if (interval != null && (interval.getMinute() % INTERVAL_MINUTES != 0 || interval.getSecond() != 0
                || interval.getNano() != 0)) {
            errors.add(pointer + "/interval", "must be the start of a 5-minute interval of the billing zone (" + zone
                    + "): hh:00, hh:05 … hh:55, 0 seconds; got " + interval.toOffsetDateTime());
            return null;
        }
        return interval == null ? null : new DeductionInput.Usage(u.appId(), interval.toEpochSecond(), video,
                u.tier(), u.seconds(), pointer);
    }

    /** An instant already checked as ISO-8601 with an offset, within the dates the service prices, in the zone. */
    private static ZonedDateTime instant(String text, String pointer, ZoneId zone, QuoteLimits limits,
            FieldErrors errors) {
        long epoch = Timestamps.epochSecond(text);
        if (epoch < QuoteLimits.EARLIEST_EPOCH_SECOND || epoch > limits.latestEpochSecond()) {
            errors.add(pointer, "is outside the dates this service prices: from " + QuoteLimits.EARLIEST + " to "
                    + Instant.ofEpochSecond(limits.latestEpochSecond()));
            return null;
        }
        return Instant.ofEpochSecond(epoch).atZone(zone);
    }

    /** A legacy replay holds old packages only, a new-mode one no old package; never two trials (policy §6a). */
    private static void checkPackages(rtc.pricing.facts.Account account, List<HeldPackage> packages,
            List<String> pointers, FieldErrors errors) {
        Set<String> ids = new HashSet<>();
        String trial = null;
        for (int i = 0; i < packages.size(); i++) {
            HeldPackage h = packages.get(i);
            String p = pointers.get(i);
            if (!ids.add(h.packageId())) {
                errors.add(p + "/packageId", "\"" + h.packageId() + "\" is held twice; packageIds are unique");
            }
            if (h.kind() == PackageKind.TRIAL) {
                if (trial != null) {
                    errors.add(p + "/kind", "a second trial (the first is " + trial + "); an account has one trial"
                            + " at most");
                }
                trial = h.packageId();
            }
            if (account.mode() == BillingMode.LEGACY && h.kind() == PackageKind.GENERAL) {
                errors.add(p + "/kind", "GENERAL packages belong to the new billing mode; this account is LEGACY"
                        + " (buying one moves the account to the new mode)");
            } else if (account.mode() == BillingMode.NEW && h.kind().legacy()) {
                errors.add(p + "/kind", h.kind() + " is an old-mode package; in the new mode, convert it first"
                        + " (POST /v1/legacy-conversions)");
            }
        }
    }
}
