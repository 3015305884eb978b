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

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.Account;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.RunOutAction;
import rtc.pricing.http.FieldReader;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;

/**
 * Reads a deduction replay (api.md POST /v1/deductions), checking every field and collecting the errors with
 * their JSON Pointers before anything is deducted. Structure and the published limits are checked here; whether
 * a tier exists and a price book prices the account's minutes is for the rules to say (the engine).
 */
public final class DeductionRequestReader extends FieldReader {

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

    private static final Set<String> REQUEST = Set.of("account", "packages", "usage", "rulesVersion");
    private static final Set<String> ACCOUNT = Set.of("mode", "postpaid", "trialExhaustedAction", "priceBook");
    private static final Set<String> PACKAGE = Set.of("packageId", "kind", "minutes", "used", "acquiredAt",
            "convertedExpiresOn");
    private static final Set<String> USAGE = Set.of("appId", "interval", "category", "tier", "seconds");
    private static final Set<String> MODES = names(BillingMode.values());
    private static final Set<String> ACTIONS = names(RunOutAction.values());
    private static final Set<String> KINDS = names(PackageKind.values());
    private static final Set<String> CATEGORIES = Set.of("AUDIO", "VIDEO");

    private final ZoneId zone;
    private final QuoteLimits limits;

    private DeductionRequestReader(ZoneId zone, QuoteLimits limits) {
        this.zone = zone;
        this.limits = limits;
    }

    public static DeductionInput read(JsonNode root, ZoneId zone, QuoteLimits limits) {
        DeductionRequestReader r = new DeductionRequestReader(zone, limits);
        DeductionInput input = r.request(root);
        r.throwIfAny();
        return input;
    }

    private DeductionInput request(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "the request body must be a JSON object");
            return null;
        }
        known(root, "", REQUEST);
        Account account = account(root.get("account"));
        List<HeldPackage> packages = new ArrayList<>();
        JsonNode list = array(root, "packages", MAX_PACKAGES, "packages");
        for (int i = 0; list != null && i < list.size(); i++) {
            HeldPackage p = heldPackage(list.get(i), "/packages/" + i);
            if (p != null) {
                packages.add(p);
            }
        }
        List<DeductionInput.Usage> usage = new ArrayList<>();
        list = array(root, "usage", MAX_USAGE, "usage entries");
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        String lastPointer = null;
        for (int i = 0; list != null && i < list.size(); i++) {
            DeductionInput.Usage u = usage(list.get(i), "/usage/" + i);
            if (u != null) {
                usage.add(u);
                first = Math.min(first, u.interval());
                if (u.interval() > last) {
                    last = u.interval();
                    lastPointer = u.pointer();
                }
            }
        }
        if (lastPointer != null && last + INTERVAL_MINUTES * 60 - first > QuoteLimits.MAX_REQUEST_SECONDS) {
            error(lastPointer + "/interval", "the usage spans " + Instant.ofEpochSecond(first) + " to "
                    + Instant.ofEpochSecond(last + INTERVAL_MINUTES * 60) + "; at most " + QuoteLimits.MAX_REQUEST_DAYS
                    + " days per request: split it, carrying each package's used minutes forward");
        }
        checkPackages(account, packages);
        return new DeductionInput(account, packages, usage);
    }

    private Account account(JsonNode node) {
        if (node == null || node.isNull()) {
            return new Account(BillingMode.NEW, false, RunOutAction.POSTPAID, null);
        }
        if (!node.isObject()) {
            error("/account", "must be an object {mode, postpaid, trialExhaustedAction, priceBook}");
            return null;
        }
        known(node, "/account", ACCOUNT);
        String mode = enumText(node, "mode", "/account", MODES, false);
        String action = enumText(node, "trialExhaustedAction", "/account", ACTIONS, false);
        boolean postpaid = optionalBoolean(node, "postpaid", "/account", false);
        String book = optionalId(node, "priceBook", "/account");
        BillingMode m = mode == null ? BillingMode.NEW : BillingMode.valueOf(mode);
        if (m == BillingMode.LEGACY && book == null && errors.isEmpty()) {
            error("/account/priceBook", "is required in the old billing mode: its unified minute is priced by the"
                    + " account's contract price book (the policy gives no list price for it)");
        }
        return new Account(m, postpaid, action == null ? RunOutAction.POSTPAID : RunOutAction.valueOf(action), book);
    }

    private HeldPackage heldPackage(JsonNode node, String p) {
        if (node == null || !node.isObject()) {
            error(p, "must be an object {packageId, kind, minutes, used, acquiredAt}");
            return null;
        }
        known(node, p, PACKAGE);
        String id = requiredId(node, "packageId", p);
        String kind = enumText(node, "kind", p, KINDS, true);
        Long minutes = count(node, "minutes", p, true, 1, MAX_PACKAGE_MINUTES);
        Long used = count(node, "used", p, false, 0, MAX_PACKAGE_MINUTES);
        ZonedDateTime acquired = instant(node, "acquiredAt", p);
        LocalDate convertedExpiresOn = convertedExpiresOn(node, p, kind, acquired);
        if (minutes != null && used != null && used > minutes) {
            error(p + "/used", "is " + used + ", more than the package's " + minutes + " minutes");
            return null;
        }
        if (id == null || kind == null || minutes == null || acquired == null) {
            return null;
        }
        return new HeldPackage(id, PackageKind.valueOf(kind), minutes, used == null ? 0 : used, acquired,
                convertedExpiresOn);
    }

    /** A general package converted from an old one names the old one's last valid day, on or after the conversion. */
    private LocalDate convertedExpiresOn(JsonNode node, String p, String kind, ZonedDateTime acquired) {
        JsonNode v = node.get("convertedExpiresOn");
        if (v == null || v.isNull()) {
            return null;
        }
        String at = p + "/convertedExpiresOn";
        LocalDate day;
        try {
            day = v.isTextual() && v.textValue().length() == 10 ? LocalDate.parse(v.textValue()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            day = null;
        }
        if (day == null) {
            error(at, "must be a date, e.g. 2022-12-31");
        } else if (!"GENERAL".equals(kind)) {
            error(at, "belongs to GENERAL packages converted from an old package only");
        } else if (acquired != null && day.isBefore(acquired.toLocalDate())) {
            error(at, "is before the conversion day " + acquired.toLocalDate() + ": an expired old package converts"
                    + " to nothing");
        } else {
            return day;
        }
        return null;
    }

    private DeductionInput.Usage usage(JsonNode node, String p) {
        if (node == null || !node.isObject()) {
            error(p, "must be an object {appId, interval, category, tier, seconds}");
            return null;
        }
        known(node, p, USAGE);
        String app = requiredId(node, "appId", p);
        ZonedDateTime interval = instant(node, "interval", p);
        String category = enumText(node, "category", p, CATEGORIES, true);
        Long seconds = count(node, "seconds", p, true, 0, MAX_ENTRY_SECONDS);
        String tier = null;
        JsonNode t = node.get("tier");
        boolean video = "VIDEO".equals(category);
        if (video) {
            if (t == null || t.isNull()) {
                error(p + "/tier", "is required for VIDEO: the tier of the video received (SD, HD, …)");
                return null;
            }
            tier = optionalId(node, "tier", p);
        } else if ("AUDIO".equals(category) && t != null && !t.isNull()) {
            error(p + "/tier", "must be null for AUDIO: audio minutes have no tier");
            return null;
        }
        if (interval != null && (interval.getMinute() % INTERVAL_MINUTES != 0 || interval.getSecond() != 0
                || interval.getNano() != 0)) {
            error(p + "/interval", "must be the start of a 5-minute interval of the billing zone (" + zone
                    + "): hh:00, hh:05 … hh:55, 0 seconds; got " + interval.toOffsetDateTime());
            return null;
        }
        if (app == null || interval == null || category == null || seconds == null || (video && tier == null)) {
            return null;
        }
        return new DeductionInput.Usage(app, interval.toEpochSecond(), video, tier, seconds, p);
    }

    /** A legacy replay holds old packages only, a new-mode one no old package; never two trials (policy §6a). */
    private void checkPackages(Account account, List<HeldPackage> packages) {
        if (account == null) {
            return;
        }
        Set<String> ids = new HashSet<>();
        String trial = null;
        for (int i = 0; i < packages.size(); i++) {
            HeldPackage h = packages.get(i);
            String p = "/packages/" + i;
            if (!ids.add(h.packageId())) {
                error(p + "/packageId", "\"" + h.packageId() + "\" is held twice; packageIds are unique");
            }
            if (h.kind() == PackageKind.TRIAL) {
                if (trial != null) {
                    error(p + "/kind", "a second trial (the first is " + trial + "); an account has one trial at most");
                }
                trial = h.packageId();
            }
            if (account.mode() == BillingMode.LEGACY && h.kind() == PackageKind.GENERAL) {
                error(p + "/kind", "GENERAL packages belong to the new billing mode; this account is LEGACY (buying"
                        + " one moves the account to the new mode)");
            } else if (account.mode() == BillingMode.NEW && h.kind().legacy()) {
                error(p + "/kind", h.kind() + " is an old-mode package; in the new mode, convert it first"
                        + " (POST /v1/legacy-conversions)");
            }
        }
    }

    /** A list field: absent is none; null is an error, as for every list of the API (api.md gives null no meaning). */
    private JsonNode array(JsonNode root, String field, int max, String what) {
        JsonNode v = root.get(field);
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            error("/" + field, "must be an array, not null (leave the field out for none)");
            return null;
        }
        if (!v.isArray()) {
            error("/" + field, "must be an array");
            return null;
        }
        if (v.size() > max) {
            error("/" + field, "holds " + QuoteLimits.count(v.size()) + " " + what + "; at most "
                    + QuoteLimits.count(max) + " per request: split it into several requests");
            return null;
        }
        return v;
    }

    private Long count(JsonNode node, String field, String p, boolean required, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(p + "/" + field, "is required");
            }
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            error(p + "/" + field, "must be a whole number from " + min + " to " + QuoteLimits.count(max) + "; got "
                    + abbreviated(v));
            return null;
        }
        return v.longValue();
    }

    private ZonedDateTime instant(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            error(p + "/" + field, "is required");
            return null;
        }
        if (!v.isTextual() || v.textValue().length() > 64) {
            error(p + "/" + field, "must be an ISO-8601 date-time with offset, e.g. 2022-06-01T00:00:00+08:00");
            return null;
        }
        long epoch;
        try {
            epoch = Timestamps.epochSecond(v.textValue());
        } catch (DateTimeParseException e) {
            error(p + "/" + field, "must be an ISO-8601 date-time with offset, e.g. 2022-06-01T00:00:00+08:00");
            return null;
        }
        if (epoch < QuoteLimits.EARLIEST_EPOCH_SECOND || epoch > limits.latestEpochSecond()) {
            error(p + "/" + field, "is outside the dates this service prices: from " + QuoteLimits.EARLIEST + " to "
                    + Instant.ofEpochSecond(limits.latestEpochSecond()));
            return null;
        }
        return Instant.ofEpochSecond(epoch).atZone(zone);
    }

    private static String abbreviated(JsonNode v) {
        String text = v.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static Set<String> names(Enum<?>[] values) {
        Set<String> names = new HashSet<>();
        for (Enum<?> v : values) {
            names.add(v.name());
        }
        return names;
    }
}
