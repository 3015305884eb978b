package rtc.pricing;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.DefaultBean;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.quote.QuoteChecks;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteLimits;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleGate;

/** Wires the plain-Java pricing core into CDI; the rules-check command wires the same pieces by hand. */
@ApplicationScoped
public class PricingBeans {

    @Produces
    @ApplicationScoped
    QuoteEngine quoteEngine(PricingConfig config, MeterRegistry meters) {
        Timer timer = Timer.builder("pricing.rules.execution")
                .description("Time a quote spends in rule sessions")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        return new QuoteEngine(config.billingZone(), nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
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
    RuleGate ruleGate(QuoteEngine engine, ObjectMapper json) {
        // The fact classes' loader, explicitly: under Quarkus it is not the thread's context loader.
        return new RuleGate(new RuleCompiler(VideoFormat.class.getClassLoader()), QuoteChecks.all(engine, json));
    }
}
