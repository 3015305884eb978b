package rtc.pricing.packages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import rtc.pricing.config.PricingConfig;
import rtc.pricing.rules.RuleBudget;

/** Wires the package side's plain-Java pieces into CDI. */
@ApplicationScoped
public class PackageBeans {

    @Produces
    @Singleton
    PackagePrices packagePrices(RuleBudget budget) {
        return new PackagePrices(budget);
    }

    @Produces
    @ApplicationScoped
    DeductionEngine deductionEngine(PricingConfig config, RuleBudget budget) {
        return new DeductionEngine(config.billingZone(), budget);
    }

    @Produces
    @Singleton
    AccountPolicy accountPolicy(PricingConfig config, RuleBudget budget) {
        return new AccountPolicy(config.billingZone(), budget);
    }
}
