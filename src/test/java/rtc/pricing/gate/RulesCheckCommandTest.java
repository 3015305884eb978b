package rtc.pricing.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import rtc.pricing.support.RulesFolder;

/** The analysts' command: the same verdict as the reload gate, as file:line: message and an exit code. */
class RulesCheckCommandTest {

    @Test
    void theRealRulesPass() {
        Run run = run(Path.of("rules"));
        assertEquals(0, run.code, run.out);
        assertTrue(run.out.startsWith("OK "), run.out);
    }

    @Test
    void aSyntaxErrorIsReportedWithFileAndLine() {
        Path folder = RulesFolder.copyOfFixture("rules-check", true);
        String tiers = RulesFolder.read(folder.resolve("tiers.drl"));
        RulesFolder.write(folder.resolve("tiers.drl"), tiers + "rule \"Broken\" when then insert( end\n");
        Run run = run(folder);
        assertEquals(1, run.code, run.out);
        assertTrue(run.out.startsWith("tiers.drl:" + (tiers.lines().count() + 1) + ": "), run.out);
        assertTrue(run.out.contains("REFUSED at the compile step"), run.out);
    }

    @Test
    void aPriceChangeThatBreaksAnExampleIsReportedAgainstTheExample() {
        Path folder = RulesFolder.copyOfFixture("rules-check", true);
        RulesFolder.replace(folder.resolve("base-service.drl"), "\"SD\", null, null, \"14.00\"",
                "\"SD\", null, null, \"15.00\"");
        RulesFolder.replace(folder.resolve("base-service.drl"), "Base SD video costs 14.00", "Base SD video costs 15.00");
        Run run = run(folder);
        assertEquals(1, run.code, run.out);
        assertTrue(run.out.contains("examples/E3-two-users-receive-each-others-video.json:0: E3: "), run.out);
        assertTrue(run.out.contains("REFUSED at the documented examples step"), run.out);
    }

    @Test
    void aMissingPriceIsRefused() {
        Path folder = RulesFolder.copyOfFixture("rules-check", false);
        String drl = RulesFolder.read(folder.resolve("recording.drl"));
        int from = drl.indexOf("rule \"Mixed-stream recording 4K costs 323\"");
        RulesFolder.write(folder.resolve("recording.drl"), drl.substring(0, from));
        Run run = run(folder);
        assertEquals(1, run.code, run.out);
        assertTrue(run.out.contains("no rule gives the price of RECORDING VIDEO 4K MIXED"), run.out);
    }

    @Test
    void aPriceRuleWithoutPriceListConditionIsRefusedWithAHint() {
        Path folder = RulesFolder.copyOfFixture("rules-check", false);
        RulesFolder.replace(folder.resolve("base-service.drl"),
                "when PriceList() then insert(Price.audio(Service.BASE", "when then insert(Price.audio(Service.BASE");
        Run run = run(folder);
        assertEquals(1, run.code, run.out);
        assertTrue(run.out.contains("base-service.drl:42: rule \"Base audio costs 7.00\" gives a price without the price list"
                + " being read: write its condition as `when PriceList()`"), run.out);
    }

    @Test
    void aRuleBeyondTheAllowListIsRefusedWithFileAndLine() {
        Path folder = RulesFolder.copyOfFixture("rules-check", true);
        RulesFolder.write(folder.resolve("thread.drl"), """
                package pricing;
                import rtc.pricing.facts.VideoFormat;
                rule "Sleeps"
                when VideoFormat()
                then Thread.sleep(1000);
                end
                """);
        Run run = run(folder);
        assertEquals(1, run.code, run.out);
        assertTrue(run.out.startsWith("thread.drl:5: "), run.out);
        assertTrue(run.out.contains("REFUSED at the sandbox step"), run.out);
    }

    private record Run(int code, String out) {
    }

    private static Run run(Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = RulesCheckCommand.run(new String[] { folder.toString() },
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
