package rtc.pricing.facts;

import java.time.LocalDate;

import org.kie.api.runtime.rule.RuleContext;

/**
 * The answer to a {@link PurchaseQuestion}: whether the account may buy a general package then, the first
 * billing day it may ({@code from}; null when no day is known yet, or any day will do), and why.
 */
public record PurchaseEligibility(boolean eligible, LocalDate from, String reason, String rule) {

    public static PurchaseEligibility of(boolean eligible, LocalDate from, String reason, RuleContext kcontext) {
        return new PurchaseEligibility(eligible, from, reason, kcontext.getRule().getName());
    }
}
