package rtc.pricing.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleGate;
import rtc.pricing.support.RulesFolder;

/**
 * The package policy lives in the rules: an analyst changes a ratio, the effective delay or the refund window in
 * the rules folder alone, with the examples that show it; an edit that breaks a documented example is refused.
 */
class PackageRulesEditTest {

    private final RuleGate gate = RulesCheckCommand.inProcessGate(ZoneId.of("Asia/Shanghai"), RuleBudget.DEFAULT);

    @Test
    void changingTheHdRatioAloneBreaksE12AndIsRefused() {
        Path folder = RulesFolder.copyOfFixture("rules-ratio", true);
        RulesFolder.replace(folder.resolve("packages.drl"), "\"HD\", 4, kcontext", "\"HD\", 5, kcontext");
        RuleGate.Verdict v = gate.evaluate(folder);
        assertEquals("documented examples", v.step());
        assertTrue(v.problems().stream().anyMatch(p -> p.file().equals("examples/E12-hd-minute-takes-four-package-minutes.json")
                && p.message().startsWith("E12: deductions[0] expected")), v.problems()::toString);
    }

    @Test
    void anAnalystChangesTheHdRatioWithItsExamples() {
        Path folder = RulesFolder.copyOfFixture("rules-ratio-5", true);
        RulesFolder.replace(folder.resolve("packages.drl"), "\"HD\", 4, kcontext", "\"HD\", 5, kcontext");
        RulesFolder.replace(folder.resolve("packages.drl"), "at 1:2:4:9:16:36", "at 1:2:5:9:16:36");
        Path examples = folder.resolve("examples");
        Path e12 = examples.resolve("E12-hd-minute-takes-four-package-minutes.json");
        RulesFolder.replace(e12, "\"packageMinutes\": 4", "\"packageMinutes\": 5");
        RulesFolder.replace(e12, "\"used\": 4, \"remaining\": 24996", "\"used\": 5, \"remaining\": 24995");
        Path backfill = examples.resolve("case-deductions-backfill-on-purchase-day.json");
        RulesFolder.replace(backfill, "\"packageMinutes\": 4", "\"packageMinutes\": 5");
        RulesFolder.replace(backfill, "\"used\": 4, \"remaining\": 24996", "\"used\": 5, \"remaining\": 24995");
        Path ratios = examples.resolve("case-deductions-general-ratios-every-tier.json");
        RulesFolder.replace(ratios, "\"packageMinutes\": 4", "\"packageMinutes\": 5");
        RulesFolder.replace(ratios, "\"used\": 68,\n        \"remaining\": 24932", "\"used\": 69,\n        \"remaining\": 24931");
        Path whole = examples.resolve("case-deductions-whole-minutes-only.json");
        RulesFolder.replace(whole, "\"packageMinutes\": 4", "\"packageMinutes\": 5");
        RulesFolder.replace(whole, "\"used\": 4,\n        \"remaining\": 24996", "\"used\": 5,\n        \"remaining\": 24995");
        Path converted = examples.resolve("case-deductions-converted-package-keeps-old-expiry.json");
        RulesFolder.replace(converted, "\"packageMinutes\": 4", "\"packageMinutes\": 5");
        RulesFolder.replace(converted, "\"used\": 4,\n        \"remaining\": 396", "\"used\": 5,\n        \"remaining\": 395");
        // Package advice reads the ratio from the rules too: its examples with HD minutes are stale until reworked
        // (the analyst works their figures again or sets them aside; here they are set aside).
        java.util.List<String> advice = java.util.List.of("examples/case-advice-custom-cheaper-than-fixed.json",
                "examples/case-advice-exactly-a-fixed-package.json", "examples/case-advice-two-fixed-tie-custom.json");
        RuleGate.Verdict stale = gate.evaluate(folder);
        assertEquals("documented examples", stale.step());
        assertEquals(new java.util.TreeSet<>(advice), new java.util.TreeSet<>(stale.problems().stream()
                .map(p -> p.file()).toList()), stale.problems()::toString);
        for (String file : advice) {
            try {
                java.nio.file.Files.delete(folder.resolve(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        RuleGate.Verdict accepted = gate.evaluate(folder);
        assertTrue(accepted.accepted(), () -> accepted.step() + " " + accepted.problems());
    }

    @Test
    void anAnalystChangesTheEffectiveDelayWithItsExamples() {
        Path folder = RulesFolder.copyOfFixture("rules-delay", true);
        RulesFolder.replace(folder.resolve("packages.drl"), "takes effect 5 minutes after payment\"\nwhen\n"
                + "    $p : HeldPackage(kind == PackageKind.GENERAL, !converted)\nthen\n"
                + "    insert(PackageTerm.effectiveAt($p, $p.acquiredAt().plusMinutes(5)",
                "takes effect 10 minutes after payment\"\nwhen\n"
                + "    $p : HeldPackage(kind == PackageKind.GENERAL, !converted)\nthen\n"
                + "    insert(PackageTerm.effectiveAt($p, $p.acquiredAt().plusMinutes(10)");
        RuleGate.Verdict stale = gate.evaluate(folder);
        assertEquals("documented examples", stale.step());
        assertTrue(stale.problems().stream().anyMatch(p -> p.message().contains("09:05:00")), stale.problems()::toString);

        Path examples = folder.resolve("examples");
        RulesFolder.replace(examples.resolve("case-deductions-backfill-on-purchase-day.json"), "09:05:00", "09:10:00");
        RulesFolder.replace(examples.resolve("case-deductions-stopped-then-purchase-restores.json"),
                "\"effectiveAt\": \"2022-06-02T01:05:00+08:00\"", "\"effectiveAt\": \"2022-06-02T01:10:00+08:00\"");
        RulesFolder.replace(examples.resolve("case-deductions-stopped-then-purchase-restores.json"),
                "\"at\": \"2022-06-02T01:10:00+08:00\"", "\"at\": \"2022-06-02T01:15:00+08:00\"");
        RulesFolder.replace(examples.resolve("case-deductions-bought-before-midnight-covers-next-day.json"),
                "00:03:00", "00:08:00");
        RulesFolder.replace(examples.resolve("E11-validity-to-end-of-month-next-year.json"), "10:05:00", "10:10:00");
        RuleGate.Verdict accepted = gate.evaluate(folder);
        assertTrue(accepted.accepted(), () -> accepted.step() + " " + accepted.problems());
    }

    @Test
    void anAnalystChangesTheRefundWindowWithItsExamples() {
        Path folder = RulesFolder.copyOfFixture("rules-refund", true);
        RulesFolder.replace(folder.resolve("packages.drl"), "$p.acquiredAt().plusDays(5).minusSeconds(1)",
                "$p.acquiredAt().plusDays(7).minusSeconds(1)");
        RuleGate.Verdict stale = gate.evaluate(folder);
        assertEquals("documented examples", stale.step());

        Path examples = folder.resolve("examples");
        RulesFolder.replace(examples.resolve("case-deductions-backfill-on-purchase-day.json"), "2022-06-06T08:59:59",
                "2022-06-08T08:59:59");
        RulesFolder.replace(examples.resolve("case-deductions-bought-before-midnight-covers-next-day.json"),
                "2022-06-06T23:57:59", "2022-06-08T23:57:59");
        RulesFolder.replace(examples.resolve("E11-validity-to-end-of-month-next-year.json"), "2020-05-06T09:59:59",
                "2020-05-08T09:59:59");
        // The refund examples: the deadline moves two days, and "one second late" with it (E14 still asks at its
        // documented instant, which stays inside the window: only its answer changes).
        for (String refund : RulesFolder.filesContaining(examples, "\"check\": \"refund\"")) {
            String text = RulesFolder.read(examples.resolve(refund));
            RulesFolder.write(examples.resolve(refund), text
                    .replace("\"until\": \"2022-02-06T07:59:59", "\"until\": \"2022-02-08T07:59:59")
                    .replace("2022-02-06T08:00:00", "2022-02-08T08:00:00"));
        }
        RuleGate.Verdict accepted = gate.evaluate(folder);
        assertTrue(accepted.accepted(), () -> accepted.step() + " " + accepted.problems());
    }
}
