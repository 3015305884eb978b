package rtc.pricing.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.kie.api.runtime.rule.RuleContext;

/**
 * Decision of a promotion or discount rule: the settled amount of {@code item} of {@code appId} on {@code date}
 * changes by {@code amount} (negative for a discount), exactly, for the reason the rule's name gives. It shows on
 * the line it adjusts, and in the attribution of that line, pro rata of the seconds.
 */
public record Adjustment(LocalDate date, String appId, BillingItem item, BigDecimal amount, String rule)
        implements UsageFact {

    public static Adjustment of(SettlementLine line, BigDecimal amount, RuleContext kcontext) {
        return new Adjustment(line.date(), line.appId(), line.item(), amount, kcontext.getRule().getName());
    }
}
