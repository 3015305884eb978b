package rtc.pricing.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.kie.api.runtime.rule.RuleContext;

/**
 * Decision of the settlement rules: what one item of one app costs on one day. {@code rules}: the settlement
 * rule, the rule that chose the price (list or contract book) and the rule that states it.
 */
public record SettlementLine(LocalDate date, String appId, BillingItem item, long seconds, long minutes,
        BigDecimal unitPrice, BigDecimal amount, java.util.List<String> rules) implements UsageFact {

    /** The rules that chose the price in force and stated it: {@code rules} without the settlement rule. */
    public java.util.List<String> priceRules() {
        return rules.subList(1, rules.size());
    }

    public static SettlementLine of(PriceInForce inForce, long minutes, BigDecimal amount, RuleContext kcontext) {
        ItemUsage usage = inForce.usage();
        return new SettlementLine(usage.date(), usage.appId(), usage.item(), usage.seconds(), minutes,
                inForce.price().perThousandMinutes(), amount,
                java.util.List.of(kcontext.getRule().getName(), inForce.rule(), inForce.price().rule()));
    }
}
