package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.support.HostileRules;

/** A rule session stops at its firing cap or its deadline, whatever its rules do. */
class BudgetedSessionTest {

    @Test
    void aSelfFeedingRuleStopsAtTheFiringCap() {
        RuleSet rules = compile(HostileRules.RUNAWAY);
        RuleBudget budget = new RuleBudget(100, 10, Duration.ofSeconds(30));
        try (BudgetedSession session = rules.newSession(budget)) {
            session.insert(VideoFormat.of(640, 360));
            RuleBudgetExceededException e = assertThrows(RuleBudgetExceededException.class, session::fire);
            assertEquals("firings", e.limit());
            // Stopped at the cap for the facts there were: no more than cap + 1 facts were ever created.
            assertTrue(session.facts(VideoFormat.class).size() <= 100 + 10 * 102 + 2,
                    "facts: " + session.facts(VideoFormat.class).size());
        }
    }

    @Test
    void aSessionStopsAtItsDeadline() {
        RuleSet rules = compile(HostileRules.RUNAWAY);
        RuleBudget budget = new RuleBudget(Integer.MAX_VALUE / 2, 0, Duration.ofMillis(200));
        long started = System.nanoTime();
        try (BudgetedSession session = rules.newSession(budget)) {
            session.insert(VideoFormat.of(640, 360));
            RuleBudgetExceededException e = assertThrows(RuleBudgetExceededException.class, session::fire);
            assertEquals("deadline", e.limit());
        }
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "stopped promptly");
    }

    @Test
    void aRuleThatThrowsIsNamedWithoutItsMessage() {
        RuleSet rules = compile("""
                package pricing;
                import rtc.pricing.facts.VideoFormat;
                rule "Divides by the width"
                when $f : VideoFormat()
                then int x = 1 / ($f.width() - 640);
                end
                """);
        try (BudgetedSession session = rules.newSession(RuleBudget.DEFAULT)) {
            session.insert(VideoFormat.of(640, 360));
            RulesDefectException e = assertThrows(RulesDefectException.class, session::fire);
            assertEquals("rule \"Divides by the width\" failed (ArithmeticException)", e.getMessage());
        }
    }

    @Test
    void aNormalSessionIsUntouched() {
        RuleSet rules = compile("""
                package pricing;
                import rtc.pricing.facts.*;
                rule "Everything is SD" when $f : VideoFormat() then insert(TierOf.of($f, "SD", kcontext)); end
                """);
        try (BudgetedSession session = rules.newSession(new RuleBudget(1, 1, Duration.ofSeconds(5)))) {
            session.insert(VideoFormat.of(640, 360));
            session.fire();
            assertEquals(1, session.facts(rtc.pricing.facts.TierOf.class).size());
        }
    }

    static RuleSet compile(String drl) {
        RuleCompiler.Result result = RulesCheckCommand.compiler()
                .compile(Map.of("test.drl", drl.getBytes(StandardCharsets.UTF_8)));
        assertTrue(result.ok(), () -> result.problems().toString());
        return result.ruleSet();
    }
}
