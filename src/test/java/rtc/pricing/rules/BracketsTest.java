package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rtc.pricing.support.RulesFolder;

/** A bracket left open or closing nothing is reported on its own line, before Drools reports the next one. */
class BracketsTest {

    @Test
    void aMissingParenthesisIsReportedWhereItWasOpened() {
        assertEquals(List.of(new RuleProblem("t.drl", 3, "\"(\" is not closed before \"then\" on line 4; add the missing \")\"")),
                check("""
                        package pricing;
                        rule "x" when
                            VideoFormat(area > 1,
                        then
                        end
                        """));
    }

    @Test
    void aBracketThatClosesNothingIsReportedOnItsLine() {
        assertEquals(List.of(new RuleProblem("t.drl", 3, "\")\" closes nothing; remove it or add the bracket it should close")),
                check("""
                        package pricing;
                        rule "x" when
                            VideoFormat(area > 1))
                        then
                        end
                        """));
    }

    @Test
    void bracketsInStringsCommentsAndBalancedCodeAreFine() {
        assertEquals(List.of(), check("""
                package pricing;
                // a comment with ( and [
                rule "x (y" when
                    $f : VideoFormat(area > 1)
                then
                    if ($f.area() > 2) { insert(TierOf.of($f, "SD)", kcontext)); }
                end
                """));
    }

    @Test
    void theFixtureRulesAreBalanced() {
        assertEquals(List.of(), Brackets.check(RuleSources.read(RulesFolder.FIXTURE, RuleSources.Limits.DEFAULT).files()));
    }

    private static List<RuleProblem> check(String drl) {
        return Brackets.check(Map.of("t.drl", drl.getBytes(StandardCharsets.UTF_8)));
    }
}
