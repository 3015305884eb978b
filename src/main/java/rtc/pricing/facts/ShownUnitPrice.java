package rtc.pricing.facts;

import java.math.BigDecimal;

import org.kie.api.runtime.rule.RuleContext;

/**
 * The unit price shown for the custom tier starting at {@code fromThousandMinutes}: CNY per thousand minutes as
 * the price table displays it (policy §6: 5.630 for X ≥ 3000). Stated by a catalogue rule from the tier's
 * {@link TierPrice}; nothing is billed at it.
 */
public record ShownUnitPrice(long fromThousandMinutes, BigDecimal perThousand, String rule) implements Stated {

    public static ShownUnitPrice of(TierPrice price, BigDecimal perThousand, RuleContext kcontext) {
        return new ShownUnitPrice(price.fromThousandMinutes(), perThousand, kcontext.getRule().getName());
    }
}
