package rtc.pricing.facts;

import java.math.BigDecimal;

import org.kie.api.definition.type.ClassReactive;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A fixed package of the price list (policy §6): {@code thousandMinutes} thousand general minutes sold at
 * {@code price} CNY, shown with its {@code discount} off the list price ("96%"). Stated by a catalogue rule
 * ({@code when Catalogue()}).
 */
@ClassReactive // never modified, and matched by size through isSize
public record FixedPackage(long thousandMinutes, BigDecimal price, String discount, String rule) implements Stated {

    public static FixedPackage of(long thousandMinutes, String price, String discount, RuleContext kcontext) {
        return new FixedPackage(thousandMinutes, new BigDecimal(price), discount, kcontext.getRule().getName());
    }

    /** Its general minutes. */
    public BigDecimal minutes() {
        return BigDecimal.valueOf(thousandMinutes).movePointRight(3);
    }

    /** Whether a package of {@code thousand} thousand minutes is this one (25 and 25.000 are the same size). */
    public boolean isSize(BigDecimal thousand) {
        return thousand != null && BigDecimal.valueOf(thousandMinutes).compareTo(thousand) == 0;
    }
}
