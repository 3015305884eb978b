package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * What a prepaid package covers, stated by a catalogue rule ({@code when Catalogue()}): each usage minute of
 * {@code item} uses {@code packageMinutes} minutes of a general package (policy §6: 1:2:4:9:16:36).
 */
public record DeductionRatio(BillingItem item, int packageMinutes, String rule) {

    public static DeductionRatio audio(Service service, int packageMinutes, RuleContext kcontext) {
        return new DeductionRatio(BillingItem.audio(service, null), packageMinutes, kcontext.getRule().getName());
    }

    public static DeductionRatio video(Service service, String tier, int packageMinutes, RuleContext kcontext) {
        return new DeductionRatio(BillingItem.video(service, tier, null, null), packageMinutes,
                kcontext.getRule().getName());
    }
}
