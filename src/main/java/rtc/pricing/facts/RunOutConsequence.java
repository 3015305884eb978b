package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/** The running-out rules' answer to a {@link RunOut}: bill postpaid (switching it on) or stop the service. */
public record RunOutConsequence(RunOut runOut, RunOutAction action, String rule) {

    public static RunOutConsequence of(RunOut runOut, RunOutAction action, RuleContext kcontext) {
        return new RunOutConsequence(runOut, action, kcontext.getRule().getName());
    }
}
