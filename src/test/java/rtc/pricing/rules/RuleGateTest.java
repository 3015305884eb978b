package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.support.HostileRules;
import rtc.pricing.support.RulesFolder;

/**
 * The gate cannot be switched off or outrun: the documented examples must be there and unchanged in what they
 * ask, every rule must be pinned by an example, a rule that misbehaves on some date is caught by the sweep, and
 * a candidate that runs away is stopped by its budget, in a child JVM whose time and memory are bounded.
 */
class RuleGateTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final RuleGate inProcess = RulesCheckCommand.inProcessGate(ZONE, RuleBudget.DEFAULT);


    @Test
    void theFixtureRulesPassInAChildJvm() {
        RuleGate.Verdict v = isolated(Duration.ofSeconds(60), "256m").evaluate(RulesFolder.FIXTURE);
        assertTrue(v.accepted(), () -> v.step() + " " + v.problems());
    }

    @Test
    void aRuleThatStopsTheProcessIsRefusedBeforeAnyOfItRuns() {
        Path folder = withFile("exit.drl", """
                package pricing;
                import rtc.pricing.facts.VideoFormat;

                rule "Stop"
                when VideoFormat()
                then System.exit(0);
                end
                """);
        RuleGate.Verdict v = isolated(Duration.ofSeconds(60), "256m").evaluate(folder);
        assertEquals("sandbox", v.step());
        assertEquals("exit.drl", v.problems().get(0).file());
        assertEquals(6, v.problems().get(0).line());
        assertTrue(v.problems().get(0).message().contains("\"System\""), v.problems()::toString);
    }

    @Test
    void aLinkToAFileOutsideTheFolderIsRefusedAndNotRead() throws Exception {
        Path folder = RulesFolder.copyOfFixture("rules-gate", true);
        Path outside = java.nio.file.Files.createTempFile("secret", ".drl");
        java.nio.file.Files.writeString(outside, "// root:x:0:0\n");
        java.nio.file.Files.createSymbolicLink(folder.resolve("linked.drl"), outside);
        RuleGate.Verdict v = inProcess.evaluate(folder);
        assertEquals("sources", v.step());
        assertEquals(List.of(new RuleProblem("linked.drl", 0,
                "is a link to a file outside the rules folder; copy the file in instead")), v.problems());
    }

    @Test
    void aRuleThatFeedsItselfIsRefusedByItsFiringBudget() {
        Path folder = withFile("runaway.drl", HostileRules.RUNAWAY);
        RuleGate.Verdict v = isolated(Duration.ofSeconds(60), "256m").evaluate(folder);
        assertFalse(v.accepted());
        assertTrue(v.problems().stream().anyMatch(p -> p.message().contains("rule firings")), v.problems()::toString);
    }

    @Test
    void aCheckThatTakesLongerThanItsTimeIsRefusedAndTheChildIsGone() {
        long before = ProcessHandle.current().descendants().count();
        RuleGate.Verdict v = isolated(Duration.ofMillis(300), "256m").evaluate(RulesFolder.FIXTURE);
        assertEquals("budget", v.step());
        assertTrue(v.problems().get(0).message().contains("took longer than"), v.problems()::toString);
        assertTrue(ProcessHandle.current().descendants().count() <= before, "the child was killed");
    }

    @Test
    void aCheckThatNeedsMoreMemoryThanItsHeapIsRefused() {
        RuleGate.Verdict v = isolated(Duration.ofSeconds(60), "12m").evaluate(RulesFolder.FIXTURE);
        assertEquals("budget", v.step(), v.problems()::toString);
        assertTrue(v.problems().get(0).message().contains("more than 12m of memory"), v.problems()::toString);
    }

    @Test
    void aFolderWithoutTheDocumentedExamplesIsRefused() {
        Path folder = RulesFolder.copyOfFixture("rules-gate", false);
        RuleGate.Verdict v = inProcess.evaluate(folder);
        assertEquals("documented examples", v.step());
        for (String id : List.of("E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9")) {
            assertTrue(v.problems().stream().anyMatch(p -> p.message().startsWith(id + " (")), id + ": " + v.problems());
        }
    }

    @Test
    void aDocumentedExampleWhoseRequestChangedIsRefused() {
        Path folder = RulesFolder.copyOfFixture("rules-gate", true);
        Path e3 = folder.resolve("examples/E3-two-users-receive-each-others-video.json");
        // Make E3 ask for less and expect what that costs: consistent, but no longer the policy's example.
        String text = RulesFolder.read(e3).replace("2022-06-01T00:30:00+08:00", "2022-06-01T00:15:00+08:00");
        RulesFolder.write(e3, text.replace("\"2.31\"", "\"1.155\""));
        RuleGate.Verdict v = inProcess.evaluate(folder);
        assertFalse(v.accepted());
        assertTrue(v.problems().stream().anyMatch(p -> p.file().equals("examples/E3-two-users-receive-each-others-video.json")
                && p.message().contains("request of a documented example is fixed")), v.problems()::toString);
    }

    @Test
    void aRuleNoExampleExercisesIsRefusedWithItsFileAndLine() {
        Path folder = withFile("promotion.drl", """
                package pricing;
                import rtc.pricing.facts.*;

                rule "Screen shares of 8K are free"
                when $f : VideoFormat(area > 33000000)
                then insert(TierOf.of($f, "SD", kcontext));
                end
                """);
        RuleGate.Verdict v = inProcess.evaluate(folder);
        assertEquals("documented examples", v.step());
        assertEquals(List.of(new RuleProblem("promotion.drl", 4, "rule \"Screen shares of 8K are free\" is exercised"
                + " by no example: add one to examples/ that fires it, so a later edit cannot change what it"
                + " does unnoticed")), v.problems());
    }

    @Test
    void aRuleThatSettlesDecemberAudioTwiceIsRefusedByTheSweep() {
        // Fires in the examples (none is in December, so they all still pass), and breaks every December quote.
        Path folder = withFile("promotion.drl", """
                package pricing;
                import java.math.BigDecimal;
                import rtc.pricing.facts.*;

                rule "December audio is settled at half price"
                when
                    $f : PriceInForce($u : usage, usage.item.category == Category.AUDIO)
                then
                    if ($u.date().getMonthValue() == 12) {
                        long minutes = ($u.seconds() + 59) / 60;
                        insert(SettlementLine.of($f, minutes,
                                $f.price().perThousandMinutes().multiply(BigDecimal.valueOf(minutes)).movePointLeft(4),
                                kcontext));
                    }
                end
                """);
        RuleGate.Verdict v = inProcess.evaluate(folder);
        assertEquals("invariant sweep", v.step(), v.problems()::toString);
        assertTrue(v.problems().stream().allMatch(p -> p.message().matches("usage of \\d{4}-12-15: .*twice.*")),
                v.problems()::toString);
    }

    private static RuleGate isolated(Duration timeout, String heap) {
        return RulesCheckCommand.isolatedGate(ZONE, RuleBudget.DEFAULT, timeout, heap,
                new QuoteEngine(ZONE, RuleBudget.DEFAULT, n -> { }));
    }

    /**
     * The probe's three payloads, as an analyst would add them: a promotion for one app that no example names, so
     * no example or sweep date ever runs it. The sandbox refuses each before anything compiles, with file and line.
     */
    @Test
    void workOfUnboundedCostForOneAppIsRefusedBeforeAnyOfItRuns() {
        for (String payload : List.of("BigDecimal huge = new BigDecimal(\"1e999999999\").add($l.amount());",
                "String shown = $l.amount().toPlainString();",
                "String shown = String.format(\"%100000000d\", $l.seconds());")) {
            Path folder = withFile("promotion.drl", """
                    package pricing;
                    import java.math.BigDecimal;
                    import rtc.pricing.facts.*;

                    rule "Promotion for app 1400000042"
                    when
                        $l : SettlementLine()
                    then
                        if ("1400000042".equals($l.appId())) {
                            %s
                            insert(Adjustment.of($l, BigDecimal.ZERO, kcontext));
                        }
                    end
                    """.formatted(payload));
            RuleGate.Verdict v = inProcess.evaluate(folder);
            assertFalse(v.accepted(), payload);
            assertEquals("sandbox", v.step(), payload);
            assertEquals("promotion.drl", v.problems().get(0).file(), payload);
            assertEquals(10, v.problems().get(0).line(), payload);
            assertTrue(v.problems().get(0).message().contains("run away"), v.problems()::toString);
        }
    }

    private static Path withFile(String name, String drl) {
        Path folder = RulesFolder.copyOfFixture("rules-gate", true);
        RulesFolder.write(folder.resolve(name), drl);
        return folder;
    }
}
