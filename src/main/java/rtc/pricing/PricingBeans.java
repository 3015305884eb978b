package rtc.pricing;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.DefaultBean;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteLimits;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleGate;
import rtc.pricing.rules.RuleHistory;

/** Wires the plain-Java pricing core into CDI; the rules-check command wires the same pieces by hand. */
@ApplicationScoped
public class PricingBeans {

    @Produces
    @Singleton // a record cannot be proxied
    RuleBudget ruleBudget(PricingConfig config) {
        PricingConfig.Budget b = config.rules().budget();
        return new RuleBudget(b.baseFirings(), b.firingsPerFact(), b.deadline());
    }

    /** The published input limits of quotes, "today" from the system clock; a test may replace this bean. */
    @Produces
    @Singleton
    @DefaultBean
    QuoteLimits quoteLimits() {
        return QuoteLimits.standard();
    }

    @Produces
    @ApplicationScoped
    QuoteEngine quoteEngine(PricingConfig config, RuleBudget budget, MeterRegistry meters) {
        Timer timer = Timer.builder("pricing.rules.execution")
                .description("Time a quote spends in rule sessions")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        return new QuoteEngine(config.billingZone(), budget, new QuoteEngine.Observer() {
            @Override
            public void ruleNanos(long nanos) {
                timer.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void budgetExceeded(String limit) {
                meters.counter("pricing.rules.budget.exceeded", "limit", limit).increment();
            }
        });
    }

    @Produces
    @ApplicationScoped
    DeductionEngine deductionEngine(PricingConfig config, RuleBudget budget) {
        return new DeductionEngine(config.billingZone(), budget);
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
