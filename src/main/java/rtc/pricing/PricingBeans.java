package rtc.pricing;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import rtc.pricing.quote.QuoteChecks;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.IsolatedCheck;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleGate;

/** Wires the plain-Java pricing core into CDI; the rules-check command wires the same pieces by hand. */
@ApplicationScoped
public class PricingBeans {

    @Produces
    @jakarta.inject.Singleton // a record cannot be proxied
    RuleBudget ruleBudget(PricingConfig config) {
        PricingConfig.Budget b = config.rules().budget();
        return new RuleBudget(b.baseFirings(), b.firingsPerFact(), b.deadline());
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
    RuleGate ruleGate(PricingConfig config, QuoteEngine engine, RuleBudget budget, ObjectMapper json) {
        PricingConfig.Check check = config.rules().check();
        IsolatedCheck isolated = !check.isolated() ? null : new IsolatedCheck(
                new IsolatedCheck.Settings(check.timeout(), check.maxHeap(), Map.of(
                        "pricing.billing-zone", config.billingZone().getId(),
                        "pricing.rules.budget.base-firings", String.valueOf(budget.baseFirings()),
                        "pricing.rules.budget.firings-per-fact", String.valueOf(budget.firingsPerFact()),
                        "pricing.rules.budget.deadline", budget.deadline().toString())),
                RulesCheckCommand.class.getName(), RulesCheckCommand.class, org.kie.api.KieServices.class,
                org.drools.compiler.kproject.models.KieModuleModelImpl.class, ObjectMapper.class);
        return new RuleGate(RulesCheckCommand.compiler(),
                QuoteChecks.all(engine, json, config.billingZone(), Clock.systemUTC()), isolated);
    }
}
