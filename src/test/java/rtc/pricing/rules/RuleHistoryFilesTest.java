package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import rtc.pricing.gate.RulesCheckCommand;
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

    @Test
    void theTimelineSaysWhichVersionServedAtAnyInstantAndOutlivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("history");
        RuleSet a = RulesCheckCommand.compiler().compile(RulesFolder.FIXTURE).ruleSet();
        Path edited = RulesFolder.copyOfFixture("timeline", false);
        RulesFolder.replace(edited.resolve("recording.drl"), "\"3.5\"", "\"4.5\"");
        RuleSet b = RulesCheckCommand.compiler().compile(edited).ruleSet();
        RuleHistory history = new RuleHistory(dir, RulesCheckCommand.compiler(), 2);
        java.time.Instant t1 = java.time.Instant.parse("2022-01-01T00:00:00Z");
        java.time.Instant t2 = java.time.Instant.parse("2022-02-01T00:00:00Z");
        java.time.Instant t3 = java.time.Instant.parse("2022-03-01T00:00:00Z");
        history.record(a, t1);
        history.record(b, t2);
        history.record(a, t3); // served again: a start of serving of its own
        history.record(a, t3.plusSeconds(60)); // still serving: nothing new

        for (RuleHistory h : new RuleHistory[] {history, new RuleHistory(dir, RulesCheckCommand.compiler(), 2)}) {
            assertTrue(h.versionAt(t1.minusSeconds(1)).isEmpty(), "before the first version served");
            assertEquals(a.version(), h.versionAt(t1).orElseThrow());
            assertEquals(a.version(), h.versionAt(t2.minusNanos(1)).orElseThrow());
            assertEquals(b.version(), h.versionAt(t2).orElseThrow());
            assertEquals(b.version(), h.versionAt(t3.minusSeconds(1)).orElseThrow());
            assertEquals(a.version(), h.versionAt(t3.plusSeconds(3600)).orElseThrow());
        }
        assertEquals(3, Files.readAllLines(dir.resolve("timeline.log")).size());
    }
}
