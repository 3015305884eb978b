package rtc.pricing.gate;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.http.QuoteLimits;
import rtc.pricing.packages.AccountPolicy;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.PackagePrices;
import rtc.pricing.rules.RuleBudget;

/** The kinds of documented example about packages, replayed at the gate beside the quotes. */
public final class PackageExampleKinds {

    private PackageExampleKinds() {
    }

    public static List<ExampleKind> all(ZoneId zone, RuleBudget budget, ObjectMapper json) {
        List<ExampleKind> kinds = new ArrayList<>();
        kinds.add(new DeductionExamples(new DeductionEngine(zone, budget), json, QuoteLimits.standard()));
        PackagePrices prices = new PackagePrices(budget);
        AccountPolicy policy = new AccountPolicy(zone, budget);
        kinds.add(new PolicyExamples.PackagePrice(prices, json));
        kinds.add(new PolicyExamples.LegacyConversion(policy, json));
        kinds.add(new PolicyExamples.BillingMode(policy));
        kinds.add(new PolicyExamples.PurchaseEligibility(policy));
        kinds.add(new PolicyExamples.TrialGrant(policy));
        kinds.add(new PolicyExamples.Refund(policy));
        return kinds;
    }
}
