package rtc.pricing.rules;

import java.util.List;

/**
 * One check of the reload gate, run on a compiled candidate before it may serve. Returns what is wrong
 * (empty when the candidate passes).
 */
public interface RuleCheck {

    String name();

    List<RuleProblem> check(RuleSet candidate);
}
