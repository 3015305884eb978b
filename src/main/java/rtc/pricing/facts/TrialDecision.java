package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * A rule's answer to a {@link TrialRequest}: a grant of {@code minutes} trial minutes, or a refusal and why. The
 * trial is granted when a rule grants it and none refuses it.
 */
public record TrialDecision(boolean granted, long minutes, String reason, String rule) {

    public static TrialDecision grant(long minutes, String reason, RuleContext kcontext) {
        return new TrialDecision(true, minutes, reason, kcontext.getRule().getName());
    }

    public static TrialDecision refuse(String reason, RuleContext kcontext) {
        return new TrialDecision(false, 0, reason, kcontext.getRule().getName());
    }
}
