package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import rtc.pricing.facts.TierOf;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.support.HostileRules;

/** A rule session stops at its firing cap, its CPU time or its memory budget, whatever its rules do. */
class BudgetedSessionTest {

    /** Rules that pass no sandbox (the test compiles them directly): what would slip through it, if anything did. */
    private static String oneConsequence(String work) {
        return """
                package pricing;
                import rtc.pricing.facts.*;
                rule "Only for one format"
                when $f : VideoFormat(width == 641)
                then %s
                end
                rule "Everything is SD" when $f : VideoFormat() then insert(TierOf.of($f, "SD", kcontext)); end
                """.formatted(work);
    }

    /** The probe's payloads, as one consequence each: CPU without end, a 1 GB string, a 100 MB format. */
    static final List<String> RUNAWAY_CONSEQUENCES = List.of(
            "java.math.BigInteger x = java.math.BigInteger.TEN.pow(99999999);",
            "String s = new java.math.BigDecimal(\"1e999999999\").toPlainString();",
            "String s = String.format(\"%100000000d\", 7);");

    private static final RuleBudget SMALL = new RuleBudget(1_000, 20, Duration.ofMillis(500), Duration.ofMinutes(2),
            64L << 20);

    @Test
    void oneConsequenceThatRunsAwayIsStoppedWithItsThreadAndTheRulesStillServe() {
        for (String work : RUNAWAY_CONSEQUENCES) {
            RuleSet rules = compile(oneConsequence(work));
            List<Thread> ranOn = new ArrayList<>();
            long started = System.nanoTime();
            try (BudgetedSession session = rules.newSession(SMALL, name -> ranOn.add(Thread.currentThread()))) {
                session.insert(VideoFormat.of(641, 360));
                RuleBudgetExceededException e = assertThrows(RuleBudgetExceededException.class, session::fire, work);
                assertTrue(Set.of("deadline", "memory").contains(e.limit()), work + ": " + e.limit());
                // Once stopped the session is never touched again.
                assertThrows(RuleBudgetExceededException.class, () -> session.facts(TierOf.class));
            }
            // Generous: the stop itself comes at 0.75 s of CPU time or 64 MB; a loaded machine stretches the wait.
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(60).toNanos(), work + ": stopped promptly");
            assertFalse(ranOn.isEmpty(), work + ": the rule fired");
            ranOn.forEach(t -> assertFalse(t.isAlive(), work + ": " + t.getName() + " still runs"));
            assertTrue(ranOn.stream().allMatch(t -> t.getName().startsWith(BudgetedSession.THREAD_PREFIX)));
            // No thread runs rule code any more (the consequences are classes of the DRL's package, "pricing").
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                for (StackTraceElement frame : stack) {
                    assertFalse(frame.getClassName().startsWith("pricing."), work + ": " + thread.getName()
                            + " still runs " + frame);
                }
            });
            // The same rules price every other format, in a fresh session.
            try (BudgetedSession session = rules.newSession(SMALL)) {
                session.insert(VideoFormat.of(640, 360));
                session.fire();
                assertEquals(1, session.facts(TierOf.class).size(), work);
            }
        }
    }

    @Test
    void theDeadlineCountsCpuTimeNotWaiting() {
        // Two seconds of waiting (as for a core on a busy machine) and no CPU: within a 500 ms CPU budget.
        RuleSet rules = compile(oneConsequence("Thread.sleep(2000); insert(TierOf.of($f, \"HD\", kcontext));"));
        try (BudgetedSession session = rules.newSession(SMALL)) {
            session.insert(VideoFormat.of(641, 360));
            session.fire();
            assertEquals(2, session.facts(TierOf.class).size());
        }
        // The same wait past a wall clock of one second is stopped: the backstop still holds.
        RuleBudget shortWall = new RuleBudget(1_000, 20, Duration.ofMillis(500), Duration.ofSeconds(1), 64L << 20);
        try (BudgetedSession session = rules.newSession(shortWall)) {
            session.insert(VideoFormat.of(641, 360));
            RuleBudgetExceededException e = assertThrows(RuleBudgetExceededException.class, session::fire);
            assertEquals("wall-clock", e.limit());
        }
    }

    @Test
    void cpuTimeOfEveryFireCounts() {
        // Each fire computes for a few milliseconds of CPU, well within the budget on its own; together they are not.
        RuleSet rules = compile("""
                package pricing;
                import rtc.pricing.facts.*;
                rule "Spins" when $f : VideoFormat()
                then java.math.BigInteger x = java.math.BigInteger.valueOf(3).pow(200000 + $f.height());
                end
                """);
        RuleBudget budget = new RuleBudget(1_000, 20, Duration.ofMillis(500), Duration.ofMinutes(2), 4L << 30);
        try (BudgetedSession session = rules.newSession(budget)) {
            RuleBudgetExceededException e = assertThrows(RuleBudgetExceededException.class, () -> {
                for (int i = 0; i < 1_000; i++) {
                    session.insert(VideoFormat.of(640, i));
                    session.fire();
                }
            });
            assertEquals("deadline", e.limit());
        }
    }

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
        RuleBudget budget = new RuleBudget(Integer.MAX_VALUE / 2, 0, Duration.ofMillis(200), Duration.ofMinutes(2),
                4L << 30);
        long started = System.nanoTime();
        try (BudgetedSession session = rules.newSession(budget)) {
            session.insert(VideoFormat.of(640, 360));
            RuleBudgetExceededException e = assertThrows(RuleBudgetExceededException.class, session::fire);
            assertEquals("deadline", e.limit());
        }
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(30).toNanos(), "stopped promptly");
    }

    @Test
    void aRuleThatThrowsIsNamedWithoutItsMessage() {
        RuleSet rules = compile("""
                package pricing;
                import rtc.pricing.facts.TierOf;
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
            assertEquals(1, session.facts(TierOf.class).size());
        }
    }

    static RuleSet compile(String drl) {
        RuleCompiler.Result result = RulesCheckCommand.compiler()
                .compile(Map.of("test.drl", drl.getBytes(StandardCharsets.UTF_8)));
        assertTrue(result.ok(), () -> result.problems().toString());
        return result.ruleSet();
    }
}
