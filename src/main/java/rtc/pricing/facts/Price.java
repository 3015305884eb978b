package rtc.pricing.facts;

import java.math.BigDecimal;

import org.kie.api.runtime.rule.RuleContext;

/** A list price, in CNY per 1,000 minutes, asserted by a price-list rule. */
public record Price(BillingItem item, BigDecimal perThousandMinutes, String rule) {

    public static Price audio(Service service, Mode mode, String perThousandMinutes, RuleContext kcontext) {
        return new Price(BillingItem.audio(service, mode), new BigDecimal(perThousandMinutes), kcontext.getRule().getName());
    }

    public static Price video(Service service, String tier, Mode mode, Codec codec, String perThousandMinutes,
            RuleContext kcontext) {
        return new Price(BillingItem.video(service, tier, mode, codec), new BigDecimal(perThousandMinutes),
                kcontext.getRule().getName());
    }
}
