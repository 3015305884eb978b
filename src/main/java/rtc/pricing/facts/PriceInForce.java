package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/** Decision of the price-book rules: the price {@code price} applies to the usage {@code usage}. */
public record PriceInForce(ItemUsage usage, Price price, String rule) {

    public static PriceInForce of(ItemUsage usage, Price price, RuleContext kcontext) {
        return new PriceInForce(usage, price, kcontext.getRule().getName());
    }
}
