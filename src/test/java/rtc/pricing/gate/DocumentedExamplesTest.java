package rtc.pricing.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;

/** Replays every example file of the real rules folder through the real rules, one test per file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedExamplesTest {

    private static final Path RULES = Path.of("rules");

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Quotes and every other kind of example (package prices, legacy plans, trial, refunds…). */
    private final DocumentedExamples examples = new DocumentedExamples(new QuoteEngine(ZONE, n -> { }), JSON,
            RulesCheckCommand.exampleKinds(ZONE, RuleBudget.DEFAULT, JSON));
    private final RuleSet rules = compile();

    private static RuleSet compile() {
        RuleCompiler.Result result = new RuleCompiler(VideoFormat.class).compile(RULES);
        assertTrue(result.ok(), () -> "rules folder does not compile: " + result.problems());
        return result.ruleSet();
    }

    Stream<DocumentedExamples.Example> examples() {
        return examples.load(RULES).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void reproduces(DocumentedExamples.Example example) {
        List<String> mismatches = examples.verify(example, rules);
        assertEquals(List.of(), mismatches, example + " " + example.title());
    }

    @Test
    void everyDocumentedExampleOfThePolicyIsReplayed() {
        List<String> ids = examples.load(RULES).stream().map(DocumentedExamples.Example::id).toList();
        for (String id : List.of("E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11", "E12", "E13",
                "E14", "E15")) {
            assertTrue(ids.contains(id), id + " has no data file in rules/examples");
        }
    }
}
