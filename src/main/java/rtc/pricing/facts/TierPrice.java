package rtc.pricing.facts;

import java.math.BigDecimal;

import org.kie.api.runtime.rule.RuleContext;

/**
 * The real price of one general minute in the custom tier starting at {@code fromThousandMinutes}, in CNY with 8
 * decimals (policy §6: 0.00672000 for 25 ≤ X < 250). Stated by a catalogue rule.
 */
public record TierPrice(long fromThousandMinutes, BigDecimal perMinute, String rule) implements Stated {

    public static TierPrice of(CustomTier tier, BigDecimal perMinute, RuleContext kcontext) {
        return new TierPrice(tier.fromThousandMinutes(), perMinute, kcontext.getRule().getName());
    }
}
