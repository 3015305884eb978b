package rtc.pricing.quote;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.rules.RuleCheck;

/** The checks the quote side plugs into the reload gate, in the order they run. */
public final class QuoteChecks {

    private QuoteChecks() {
    }

    public static List<RuleCheck> all(QuoteEngine engine, ObjectMapper json) {
        return List.of(new PriceListCheck(), new DocumentedExamples(engine, json));
    }
}
