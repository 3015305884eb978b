package rtc.pricing.quote;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.DefaultBean;
import rtc.pricing.config.PricingConfig;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.rules.RuleBudget;

/** Wires the quote engine, a plain-Java piece, into CDI, with its metrics. */
@ApplicationScoped
public class QuoteBeans {

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
}
