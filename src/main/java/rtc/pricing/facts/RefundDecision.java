package rtc.pricing.facts;

import java.time.ZonedDateTime;

import org.kie.api.runtime.rule.RuleContext;

/**
 * A rule's answer to a {@link RefundRequest}: refundable until {@code until}, or refused and why ({@code until}
 * still shows the deadline of a purchased general package). A package is refunded when a rule allows it and none
 * refuses it.
 */
public record RefundDecision(String packageId, boolean refundable, ZonedDateTime until, String reason, String rule) {

    public static RefundDecision allow(RefundRequest r, ZonedDateTime until, String reason, RuleContext kcontext) {
        return new RefundDecision(r.packageId(), true, until, reason, kcontext.getRule().getName());
    }

    public static RefundDecision refuse(RefundRequest r, ZonedDateTime until, String reason, RuleContext kcontext) {
        return new RefundDecision(r.packageId(), false, until, reason, kcontext.getRule().getName());
    }
}
