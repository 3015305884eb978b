package rtc.pricing.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.kie.api.runtime.rule.RuleContext;

/** Decision of the settlement rules: what one item costs on one day. */
public record SettlementLine(LocalDate date, BillingItem item, long seconds, long minutes, BigDecimal unitPrice,
        BigDecimal amount, String rule) {

    public static SettlementLine of(ItemUsage usage, Price price, long minutes, BigDecimal amount,
            RuleContext kcontext) {
        return new SettlementLine(usage.date(), usage.item(), usage.seconds(), minutes, price.perThousandMinutes(),
                amount, kcontext.getRule().getName());
    }
}
