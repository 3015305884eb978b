package rtc.pricing.gate;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.RuleCheck;

/** The checks the quote side plugs into the reload gate, in the order they run. */
public final class QuoteChecks {

    private QuoteChecks() {
    }

    /** {@code kinds}: the other kinds of documented example (packages…), replayed with the quotes. */
    public static List<RuleCheck> all(QuoteEngine engine, ObjectMapper json, ZoneId zone, Clock clock,
            List<ExampleKind> kinds) {
        return List.of(new CatalogueCheck(engine.budget()), new DocumentedExamples(engine, json, kinds),
                new InvariantSweep(engine, zone, clock));
    }
}
