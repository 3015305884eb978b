package rtc.pricing.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import rtc.pricing.config.PricingConfig;
import rtc.pricing.packages.AccountPolicy;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.PackagePrices;
import rtc.pricing.rules.RuleBudget;

/** Wires the ledger's plain-Java pieces into CDI. */
@ApplicationScoped
public class LedgerBeans {

    @Produces
    @Singleton
    UsageIntake usageIntake(PricingConfig config, DeductionEngine engine, RuleBudget budget, AccountPolicy policy) {
        return new UsageIntake(config.billingZone(), engine, budget, policy);
    }

    @Produces
    @Singleton
    UsageReports usageReports(PricingConfig config, RuleBudget budget) {
        return new UsageReports(config.billingZone(), budget);
    }

    @Produces
    @Singleton
    Settlement settlement(PricingConfig config, RuleBudget budget, com.fasterxml.jackson.databind.ObjectMapper json) {
        return new Settlement(config.billingZone(), budget, json);
    }

    @Produces
    @Singleton
    IdempotentWrites idempotentWrites(PricingConfig config, LedgerDatabase database,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        return new IdempotentWrites(database, json, config.ledger().idempotencyTtl(),
                config.ledger().idempotencyLease());
    }

    @Produces
    @Singleton
    Ledger ledger(PricingConfig config, AccountPolicy policy, PackagePrices prices, DeductionEngine engine,
            RuleBudget budget, UsageIntake usage) {
        return new Ledger(config.billingZone(), policy, prices, engine, budget, usage);
    }
}
