package rtc.pricing.gate;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.http.JsonInput;
import rtc.pricing.packages.AccountPolicy;
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
            return json.valueToTree(LegacyConversions.answer(policy, rules, LegacyConversions.read(example.when())));
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
            JsonInput in = new JsonInput();
            JsonNode given = example.given();
            ZonedDateTime registeredAt = null;
            ZonedDateTime bought = null;
            ZonedDateTime converted = null;
            if (in.object(given, "/given", true)) {
                in.known(given, "/given", Set.of("registeredAt", "boughtGeneralPackageAt", "convertedAt"));
                registeredAt = in.instant(given, "/given", "registeredAt", true);
                bought = in.instant(given, "/given", "boughtGeneralPackageAt", false);
                converted = in.instant(given, "/given", "convertedAt", false);
            }
            in.done();
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
            JsonInput in = new JsonInput();
            JsonNode given = example.given();
            rtc.pricing.facts.BillingMode mode = null;
            List<AccountPolicy.OldPackage> old = new ArrayList<>();
            if (in.object(given, "/given", true)) {
                in.known(given, "/given", Set.of("mode", "oldPackages"));
                mode = in.oneOf(given, "/given", "mode", rtc.pricing.facts.BillingMode.class,
                        EnumSet.allOf(rtc.pricing.facts.BillingMode.class));
                JsonNode packages = given.path("oldPackages");
                for (int i = 0; i < packages.size(); i++) {
                    String p = "/given/oldPackages/" + i;
                    JsonNode node = packages.get(i);
                    if (!in.object(node, p, true)) {
                        continue;
                    }
                    in.known(node, p, Set.of("packageId", "kind", "remaining", "expiresOn", "usedUpOn"));
                    String id = in.text(node, p, "packageId", LegacyConversions.MAX_ID_LENGTH);
                    PackageKind kind = in.oneOf(node, p, "kind", PackageKind.class, EnumSet.of(
                            PackageKind.LEGACY_VOICE, PackageKind.LEGACY_SD, PackageKind.LEGACY_HD));
                    Long remaining = in.integer(node, p, "remaining", true, 0, LegacyConversions.MAX_REMAINING);
                    var expiresOn = in.date(node, p, "expiresOn", true);
                    var usedUpOn = in.date(node, p, "usedUpOn", remaining != null && remaining == 0);
                    if (in.ok()) {
                        old.add(new AccountPolicy.OldPackage(id, kind, remaining, expiresOn, usedUpOn));
                    }
                }
            }
            ZonedDateTime at = at(example, in);
            in.done();
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
            JsonInput in = new JsonInput();
            JsonNode given = example.given();
            ZonedDateTime firstApp = null;
            Boolean granted = null;
            if (in.object(given, "/given", true)) {
                in.known(given, "/given", Set.of("firstAppCreatedAt", "trialAlreadyGranted"));
                firstApp = in.instant(given, "/given", "firstAppCreatedAt", false);
                granted = in.bool(given, "/given", "trialAlreadyGranted", true);
            }
            in.done();
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
            JsonInput in = new JsonInput();
            JsonNode given = example.given();
            HeldPackage held = null;
            Boolean stopped = null;
            if (in.object(given, "/given", true)) {
                in.known(given, "/given", Set.of("package", "stoppedForViolation"));
                stopped = in.bool(given, "/given", "stoppedForViolation", true);
                JsonNode p = given.get("package");
                String pp = "/given/package";
                if (in.object(p, pp, true)) {
                    in.known(p, pp, Set.of("packageId", "kind", "minutes", "used", "acquiredAt",
                            "convertedExpiresOn"));
                    String id = in.text(p, pp, "packageId", LegacyConversions.MAX_ID_LENGTH);
                    PackageKind kind = in.oneOf(p, pp, "kind", PackageKind.class, EnumSet.allOf(PackageKind.class));
                    Long minutes = in.integer(p, pp, "minutes", true, 1, Long.MAX_VALUE);
                    Long used = in.integer(p, pp, "used", true, 0, Long.MAX_VALUE);
                    ZonedDateTime acquiredAt = in.instant(p, pp, "acquiredAt", true);
                    java.time.LocalDate convertedExpiresOn = in.date(p, pp, "convertedExpiresOn", false);
                    if (in.ok()) {
                        held = new HeldPackage(id, kind, minutes, used, acquiredAt, convertedExpiresOn);
                    }
                }
            }
            ZonedDateTime at = at(example, in);
            in.done();
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

    /** The instant the question is asked: {@code when.at}. */
    private static ZonedDateTime at(DocumentedExamples.Example example, JsonInput in) {
        JsonNode when = example.when();
        if (!in.object(when, "/when", true)) {
            return null;
        }
        in.known(when, "/when", Set.of("at"));
        return in.instant(when, "/when", "at", true);
    }

    private static String instant(ZonedDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
