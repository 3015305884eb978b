package rtc.pricing.advice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import rtc.pricing.packages.PackagePrices;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.RuleBudget;

/** Wires package advice, a plain-Java piece, into CDI. */
@ApplicationScoped
public class AdviceBeans {

    @Produces
    @Singleton
    PackageAdvice packageAdvice(QuoteEngine quotes, PackagePrices prices, RuleBudget budget) {
        return new PackageAdvice(quotes, prices, budget);
    }
}
