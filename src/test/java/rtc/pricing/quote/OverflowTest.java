package rtc.pricing.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import rtc.pricing.facts.Mode;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.quote.QuoteInput.Interval;
import rtc.pricing.quote.QuoteInput.RecordingTask;
import rtc.pricing.quote.QuoteInput.Segment;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.support.RulesFolder;

/**
 * Past the reader's limits (an in-process caller can build any {@link QuoteInput}), a figure that does not fit a
 * {@code long} fails loudly instead of wrapping: the adversarial request (files = 2^31 − 1 × 50,000 inputs of a day)
 * once priced a negative total. Priced by the tests' own rules (the fixture), so the pinned total does not move
 * when an analyst changes the live price.
 */
class OverflowTest {

    private static final long DAY = OffsetDateTime.parse("2022-06-01T00:00:00+08:00").toEpochSecond();

    private final QuoteEngine engine = new QuoteEngine(ZoneId.of("Asia/Shanghai"), n -> { });
    private final RuleSet rules = compile();

    private static RuleSet compile() {
        RuleCompiler.Result result = new RuleCompiler(VideoFormat.class).compile(RulesFolder.FIXTURE);
        assertTrue(result.ok(), () -> "fixture rules do not compile: " + result.problems());
        return result.ruleSet();
    }

    private static QuoteInput recording(int files, int inputs) {
        List<Segment> segments = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            segments.add(new Segment("s" + i, true, null, new Interval(DAY, DAY + 86_400), false,
                    "/recordings/0/inputs/" + i));
        }
        return new QuoteInput(null, List.of(), List.of(new RecordingTask("rec", Mode.SINGLE, files, segments,
                "/recordings/0")), List.of(), List.of());
    }

    @Test
    void aSumOfSecondsBeyondALongFailsInsteadOfWrapping() {
        // 50,000 × 86,400 s × (2^31 − 1) files ≈ 9.3·10^18 > Long.MAX_VALUE ≈ 9.2·10^18
        assertThrows(ArithmeticException.class, () -> engine.quote(recording(Integer.MAX_VALUE, 50_000), rules));
    }

    @Test
    void theLargestFiguresWithinTheLimitsArePositiveAndExact() {
        // 10,000 inputs (the most a task may have) of a whole day each, 100 files: 86,400,000,000 s.
        Quote quote = engine.quote(recording(QuoteLimits.MAX_FILES, QuoteLimits.MAX_INPUTS_PER_TASK), rules);
        long seconds = 10_000L * 86_400 * 100;
        assertEquals(1, quote.lines().size());
        assertEquals(seconds, quote.lines().get(0).seconds());
        // single-stream audio recording at the fixture's price (fixture-rules/recording.drl), 3.5 per 1,000 minutes:
        // 1,440,000,000 min × 3.5 / 1000 = 5,040,000
        assertEquals(0, new BigDecimal("5040000").compareTo(new BigDecimal(quote.total())), quote.total());
    }
}
