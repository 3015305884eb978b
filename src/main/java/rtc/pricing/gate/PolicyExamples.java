package rtc.pricing.gate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.http.FieldErrors;
import rtc.pricing.packages.AccountPolicy;
import rtc.pricing.http.DateTimeWithOffset;
import rtc.pricing.packages.LegacyConversions;
import rtc.pricing.packages.PackagePrices;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleSet;

/**
 * The kinds of documented example for package prices and the account rules. Each asks its question ({@code given}:
 * the account's facts, {@code when}: what is asked) exactly as the endpoint or the ledger would, and compares every
 * member of {@code then} with the answer: objects by the members named, arrays as subsets, decimals by value.
 * {@code "then": {"errors": [{"pointer": …}]}} expects the question to be refused as input, naming those pointers.
 */
final class PolicyExamples {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyExamples() {
    }

    /** A kind whose answer is a JSON tree, or an input error. */
    private abstract static class Kind implements ExampleKind {

        private final String name;

        Kind(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        abstract JsonNode answer(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised);

        @Override
        public List<String> verify(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
            JsonNode then = example.then();
            JsonNode actual;
            try {
                actual = answer(example, rules, exercised);
            } catch (InputException e) {
                return DocumentedExamples.inputErrors(e, then.get("errors"));
            } catch (RuntimeException e) {
                return List.of(name + " failed: " + DocumentedExamples.describe(e));
            }
            if (then.has("errors")) {
                return List.of("expected input errors " + then.get("errors") + ", but it was answered " + actual);
            }
            List<String> mismatches = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = then.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!DocumentedExamples.contains(f.getValue(), actual.get(f.getKey()))) {
                    mismatches.add(f.getKey() + " expected " + f.getValue() + ", got " + actual.get(f.getKey()));
                }
            }
            return mismatches;
        }
    }

    /** {@code package-price}: {@code when} holds the query parameters of GET /v1/package-prices. */
    static final class PackagePrice extends Kind {
        private final PackagePrices prices;
        private final ObjectMapper json;

        PackagePrice(PackagePrices prices, ObjectMapper json) {
            super("package-price");
            this.prices = prices;
            this.json = json;
        }

        @Override
        JsonNode answer(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            example.when().fields().forEachRemaining(f -> parameters.put(f.getKey(), List.of(
                    f.getValue().isNumber() ? f.getValue().decimalValue().toPlainString() : f.getValue().asText())));
            PackagePrices.Query query = PackagePrices.read(parameters);
            return json.valueToTree(query.thousandMinutes() == null ? prices.catalogue(rules)
                    : prices.price(rules, query.thousandMinutes(), exercised::add));
        }
    }

    /** {@code legacy-conversion}: {@code when} is the body of POST /v1/legacy-conversions. */
    static final class LegacyConversion extends Kind {
        private final AccountPolicy policy;
        private final ObjectMapper json;

        LegacyConversion(AccountPolicy policy, ObjectMapper json) {
            super("legacy-conversion");
            this.policy = policy;
            this.json = json;
        }

        @Override
        JsonNode answer(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
            return json.valueToTree(LegacyConversions.answer(policy, rules, DeductionExamples.BINDER.bind(
                    example.when(), LegacyConversions.Request.class, "").checked()));
        }
    }

    /**
     * {@code billing-mode}: {@code given} {@code {"registeredAt": …, "boughtGeneralPackageAt": …, "convertedAt": …}}
     * (the last two optional); answer {@code {"mode", "since", "rule", "history": [{"mode", "since", "rule"}]}}.
     */
    static final class BillingMode extends Kind {
        private final AccountPolicy policy;

        BillingMode(AccountPolicy policy) {
            super("billing-mode");
            this.policy = policy;
        }

        @Override
        JsonNode answer(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
            BillingModeGiven given = bind(example, false, BillingModeQuestion.class).given();
            ZonedDateTime registeredAt = instant(given.registeredAt());
            ZonedDateTime bought = instant(given.boughtGeneralPackageAt());
            ZonedDateTime converted = instant(given.convertedAt());
            AccountPolicy.Mode mode = policy.billingMode(rules, registeredAt, bought, converted, exercised::add);
            ObjectNode out = NODES.objectNode();
            out.put("mode", mode.mode().name());
            out.put("since", instant(mode.since()));
            out.put("rule", mode.rule());
            var history = out.putArray("history");
            mode.history().forEach(m -> history.addObject().put("mode", m.mode().name())
                    .put("since", instant(m.since())).put("rule", m.rule()));
            return out;
        }
    }

    /**
     * {@code purchase-eligibility}: {@code given} {@code {"mode": "LEGACY"|"NEW", "oldPackages": [{"packageId",
     * "kind", "remaining", "expiresOn", "usedUpOn"}]}}, {@code when} {@code {"at": …}}; answer {@code {"eligible",
     * "from", "reason", "rule"}}.
     */
    static final class PurchaseEligibility extends Kind {
        private final AccountPolicy policy;

        PurchaseEligibility(AccountPolicy policy) {
            super("purchase-eligibility");
            this.policy = policy;
        }

        @Override
        JsonNode answer(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
            EligibilityQuestion q = bind(example, true, EligibilityQuestion.class);
            rtc.pricing.facts.BillingMode mode = q.given().mode();
            List<AccountPolicy.OldPackage> old = new ArrayList<>();
            FieldErrors errors = new FieldErrors();
            List<OldPackageGiven> packages = q.given().oldPackages() == null ? List.of() : q.given().oldPackages();
            for (int i = 0; i < packages.size(); i++) {
                OldPackageGiven o = packages.get(i);
                String p = "/given/oldPackages/" + i;
                LocalDate expiresOn = date(o.expiresOn(), p + "/expiresOn", errors);
                LocalDate usedUpOn = date(o.usedUpOn(), p + "/usedUpOn", errors);
                if (o.remaining() == 0 && o.usedUpOn() == null) {
                    errors.add(p + "/usedUpOn", "is required");
                }
                old.add(new AccountPolicy.OldPackage(o.packageId(), PackageKind.valueOf(o.kind().name()),
                        o.remaining(), expiresOn, usedUpOn));
            }
            ZonedDateTime at = instant(q.when().at());
            errors.throwIfAny();
            AccountPolicy.Eligibility e = policy.purchaseEligibility(rules, mode, old, at, exercised::add);
            ObjectNode out = NODES.objectNode();
            out.put("eligible", e.eligible());
            out.put("from", e.from() == null ? null : e.from().toString());
            out.put("reason", e.reason());
            out.put("rule", e.rule());
            return out;
        }
    }

    /**
     * {@code trial-grant}: {@code given} {@code {"firstAppCreatedAt": …|null, "trialAlreadyGranted": false}};
     * answer {@code {"granted", "minutes", "reason", "rule"}}.
     */
    static final class TrialGrant extends Kind {
        private final AccountPolicy policy;

        TrialGrant(AccountPolicy policy) {
            super("trial-grant");
            this.policy = policy;
        }

        @Override
        JsonNode answer(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
            TrialGiven given = bind(example, false, TrialQuestion.class).given();
            ZonedDateTime firstApp = instant(given.firstAppCreatedAt());
            Boolean granted = given.trialAlreadyGranted();
            AccountPolicy.Trial t = policy.trial(rules, firstApp, granted, exercised::add);
            ObjectNode out = NODES.objectNode();
            out.put("granted", t.granted());
            out.put("minutes", t.minutes());
            out.put("reason", t.reason());
            out.put("rule", t.rule());
            return out;
        }
    }

    /**
     * {@code refund}: {@code given} {@code {"package": {"packageId", "kind", "minutes", "used", "acquiredAt"},
     * "stoppedForViolation": false}}, {@code when} {@code {"at": …}}; answer {@code {"refundable", "until",
     * "reason", "rule", "refusals"}}.
     */
    static final class Refund extends Kind {
        private final AccountPolicy policy;

        Refund(AccountPolicy policy) {
            super("refund");
            this.policy = policy;
        }

        @Override
        JsonNode answer(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
            RefundQuestion q = bind(example, true, RefundQuestion.class);
            RefundPackage p = q.given().held();
            FieldErrors errors = new FieldErrors();
            LocalDate convertedExpiresOn = date(p.convertedExpiresOn(), "/given/package/convertedExpiresOn", errors);
            errors.throwIfAny();
            HeldPackage held = new HeldPackage(p.packageId(), p.kind(), p.minutes(), p.used(),
                    instant(p.acquiredAt()), convertedExpiresOn);
            Boolean stopped = q.given().stoppedForViolation();
            ZonedDateTime at = instant(q.when().at());
            AccountPolicy.Refund r = policy.refund(rules, held, at, stopped, exercised::add);
            ObjectNode out = NODES.objectNode();
            out.put("refundable", r.refundable());
            out.put("until", r.until() == null ? null : instant(r.until()));
            out.put("reason", r.reason());
            out.put("rule", r.rule());
            var refusals = out.putArray("refusals");
            r.refusals().forEach(refusals::add);
            return out;
        }
    }

    // ---- the questions as documented, bound as the service binds bodies (pointers from the example: /given/…) ----

    static final String TEXT = "must be a string of 1 to " + LegacyConversions.MAX_ID_LENGTH + " characters";
    static final String DATE = "must be a date, YYYY-MM-DD";
    static final String DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    static final String INSTANT = "must be an ISO-8601 date-time with an offset, e.g. 2022-02-01T08:00:00+08:00";

    /** {@code when}: the instant the question is asked. */
    record When(@NotNull(message = "is required") @DateTimeWithOffset(message = INSTANT) String at) {
    }

    record BillingModeGiven(
            @NotNull(message = "is required") @DateTimeWithOffset(message = INSTANT) String registeredAt,
            @DateTimeWithOffset(message = INSTANT) String boughtGeneralPackageAt,
            @DateTimeWithOffset(message = INSTANT) String convertedAt) {
    }

    record BillingModeQuestion(@NotNull(message = "is required") BillingModeGiven given) {
    }

    record OldPackageGiven(
            @NotNull(message = "is required")
            @Size(min = 1, max = LegacyConversions.MAX_ID_LENGTH, message = TEXT) String packageId,
            @NotNull(message = "is required") LegacyConversions.OldKind kind,
            @NotNull(message = "is required") @Min(value = 0, message = "must be a whole number from 0 to "
                    + LegacyConversions.MAX_REMAINING) @Max(value = LegacyConversions.MAX_REMAINING,
                    message = "must be a whole number from 0 to " + LegacyConversions.MAX_REMAINING) Long remaining,
            @NotNull(message = "is required") @Pattern(regexp = DAY, message = DATE) String expiresOn,
            @Pattern(regexp = DAY, message = DATE) String usedUpOn) {
    }

    record EligibilityGiven(@NotNull(message = "is required") rtc.pricing.facts.BillingMode mode,
            List<@NotNull(message = "is required") OldPackageGiven> oldPackages) {
    }

    record EligibilityQuestion(@NotNull(message = "is required") EligibilityGiven given,
            @NotNull(message = "is required") When when) {
    }

    record TrialGiven(@DateTimeWithOffset(message = INSTANT) String firstAppCreatedAt,
            @NotNull(message = "is required") Boolean trialAlreadyGranted) {
    }

    record TrialQuestion(@NotNull(message = "is required") TrialGiven given) {
    }

    record RefundPackage(
            @NotNull(message = "is required")
            @Size(min = 1, max = LegacyConversions.MAX_ID_LENGTH, message = TEXT) String packageId,
            @NotNull(message = "is required") PackageKind kind,
            @NotNull(message = "is required") @Min(value = 1, message = "must be a whole number from 1")
            Long minutes,
            @NotNull(message = "is required") @Min(value = 0, message = "must be a whole number from 0") Long used,
            @NotNull(message = "is required") @DateTimeWithOffset(message = INSTANT) String acquiredAt,
            @Pattern(regexp = DAY, message = DATE) String convertedExpiresOn) {
    }

    record RefundGiven(@JsonProperty("package") @NotNull(message = "is required") RefundPackage held,
            @NotNull(message = "is required") Boolean stoppedForViolation) {
    }

    record RefundQuestion(@NotNull(message = "is required") RefundGiven given,
            @NotNull(message = "is required") When when) {
    }

    /** The example's {@code given} (and {@code when}) bound to its question: pointers name /given/… and /when/…. */
    private static <T> T bind(DocumentedExamples.Example example, boolean withWhen, Class<T> question) {
        ObjectNode asked = NODES.objectNode();
        if (example.given() != null) {
            asked.set("given", example.given());
        }
        if (withWhen && example.when() != null) {
            asked.set("when", example.when());
        }
        return DeductionExamples.BINDER.bind(asked, question, "");
    }

    /** An instant already checked as ISO-8601 with an offset, with its offset (null: none given). */
    private static ZonedDateTime instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toZonedDateTime();
    }

    /** A day already checked as YYYY-MM-DD, if it is one (null: none given). */
    private static LocalDate date(String text, String pointer, FieldErrors errors) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(pointer, DATE);
            return null;
        }
    }

    private static String instant(ZonedDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
