package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import rtc.pricing.RulesCheckCommand;
import rtc.pricing.support.RulesFolder;

/** The history outlives a restart, and a kept file that was tampered with is never compiled. */
class RuleHistoryFilesTest {

    @Test
    void aVersionKeptOnDiskServesAgainAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("history");
        RuleSet rules = RulesCheckCommand.compiler().compile(RulesFolder.FIXTURE).ruleSet();
        new RuleHistory(dir, RulesCheckCommand.compiler(), 2).record(rules);

        RuleHistory afterRestart = new RuleHistory(dir, RulesCheckCommand.compiler(), 2);
        assertEquals(rules.version(), afterRestart.versions().get(0).version());
        RuleSet again = afterRestart.ruleSet(rules.version()).orElseThrow();
        assertEquals(rules.version(), again.version());
        assertEquals(rules.files(), again.files());
    }

    @Test
    void aKeptFileThatNoLongerMatchesItsVersionIsNotUsed() throws Exception {
        Path dir = Files.createTempDirectory("history");
        RuleSet rules = RulesCheckCommand.compiler().compile(RulesFolder.FIXTURE).ruleSet();
        new RuleHistory(dir, RulesCheckCommand.compiler(), 2).record(rules);
        Path kept = dir.resolve(rules.version() + ".json");
        Files.writeString(kept, Files.readString(kept).replace("63.00", "0.01"));

        assertTrue(new RuleHistory(dir, RulesCheckCommand.compiler(), 2).ruleSet(rules.version()).isEmpty());
    }
}
