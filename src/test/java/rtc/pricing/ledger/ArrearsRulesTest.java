package rtc.pricing.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleGate;
import rtc.pricing.support.RulesFolder;

/** The arrears periods live in rules/arrears.drl, pinned by the standing examples. */
class ArrearsRulesTest {

    private final RuleGate gate = RulesCheckCommand.inProcessGate(ZoneId.of("Asia/Shanghai"), RuleBudget.DEFAULT);

    @Test
    void anAnalystMovesTheStopTo48HoursWithItsExamples() {
        Path folder = RulesFolder.copyOfFixture("rules-arrears", true);
        RulesFolder.replace(folder.resolve("arrears.drl"), "\"PT24H\"", "\"PT48H\"");
        RuleGate.Verdict stale = gate.evaluate(folder);
        assertEquals("documented examples", stale.step());
        assertTrue(stale.problems().stream().anyMatch(p -> p.message().startsWith("C-STANDING-STOPPED: status expected"
                + " \"STOPPED\", got \"ARREARS\"")), stale.problems()::toString);

        Path examples = folder.resolve("examples");
        RulesFolder.replace(examples.resolve("case-standing-stopped-after-24-hours.json"), "\"at\": \"2022-01-06T00:00",
                "\"at\": \"2022-01-07T00:00");
        RulesFolder.replace(examples.resolve("case-standing-stopped-after-24-hours.json"),
                "\"stoppedAt\": \"2022-01-06T00:00", "\"stoppedAt\": \"2022-01-07T00:00");
        RulesFolder.replace(examples.resolve("case-standing-reclaimed-after-60-days.json"), "2022-03-07T00:00",
                "2022-03-08T00:00");
        RulesFolder.replace(examples.resolve("case-standing-top-up-too-small.json"), "\"at\": \"2022-01-06T11:00",
                "\"at\": \"2022-01-07T11:00");
        RuleGate.Verdict accepted = gate.evaluate(folder);
        assertTrue(accepted.accepted(), () -> accepted.step() + " " + accepted.problems());
    }
}
