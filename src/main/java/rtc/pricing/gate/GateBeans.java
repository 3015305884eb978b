package rtc.pricing.gate;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import rtc.pricing.config.PricingConfig;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleGate;
import rtc.pricing.rules.RuleHistory;

/**
 * Wires the rule platform into CDI with what it knows nothing of: the fact classes the rules compile against, and
 * the pricing checks of the gate; {@link RulesCheckCommand} wires the same pieces by hand in the checking child.
 */
@ApplicationScoped
public class GateBeans {

    @Produces
    @Singleton // a record cannot be proxied
    RuleBudget ruleBudget(PricingConfig config) {
        PricingConfig.Budget b = config.rules().budget();
        return new RuleBudget(b.baseFirings(), b.firingsPerFact(), b.deadline());
    }

    @Produces
    @Singleton
    RuleHistory ruleHistory(PricingConfig config) {
        return new RuleHistory(Path.of(config.rules().historyDir()), RulesCheckCommand.compiler(), 8);
    }

    @Produces
    @ApplicationScoped
    RuleGate ruleGate(PricingConfig config, QuoteEngine engine, RuleBudget budget) {
        PricingConfig.Check check = config.rules().check();
        if (!check.isolated()) {
            return RulesCheckCommand.inProcessGate(config.billingZone(), budget);
        }
        return RulesCheckCommand.isolatedGate(config.billingZone(), budget, check.timeout(), check.maxHeap(), engine);
    }
}
