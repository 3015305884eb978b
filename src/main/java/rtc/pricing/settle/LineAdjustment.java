package rtc.pricing.settle;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.facts.Adjustment;
import rtc.pricing.settle.Money;

/** A promotion or discount rule's change to one settled line, as every answer that shows the line writes it. */
@Schema(description = "A promotion or discount: the rule and the exact amount it adds to the line (CNY).")
public record LineAdjustment(String rule, String amount) {

    public static LineAdjustment of(Adjustment a) {
        return new LineAdjustment(a.rule(), Money.format(a.amount()));
    }
}
