package rtc.pricing.facts;

import java.util.List;

import org.kie.api.runtime.rule.RuleContext;

/**
 * Decision of a service rule: every second of usage of kind {@code kind} bills {@code units} seconds of
 * {@code item}. {@code rules} names every rule that led to it (the tier rule, if any, and the charging rule).
 */
public record Charge(Object kind, BillingItem item, int units, List<String> rules) {

    /** Any item, e.g. one an analyst added to an item set: {@code new BillingItem(service, category, tier, mode, codec)}. */
    public static Charge of(Object kind, BillingItem item, int units, RuleContext kcontext) {
        return new Charge(kind, item, units, List.of(kcontext.getRule().getName()));
    }

    public static Charge audio(Object kind, Service service, Mode mode, int units, RuleContext kcontext) {
        return new Charge(kind, BillingItem.audio(service, mode), units, List.of(kcontext.getRule().getName()));
    }

    public static Charge video(Object kind, Service service, TierOf tier, Mode mode, Codec codec, int units,
            RuleContext kcontext) {
        return new Charge(kind, BillingItem.video(service, tier.tier(), mode, codec), units,
                List.of(tier.rule(), kcontext.getRule().getName()));
    }
}
