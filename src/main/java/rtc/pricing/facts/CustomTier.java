package rtc.pricing.facts;

import java.math.BigDecimal;

import org.kie.api.definition.type.ClassReactive;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A size range of custom packages (policy §6): from {@code fromThousandMinutes} (inclusive) to
 * {@code toThousandMinutes} (exclusive; null: no upper bound) thousand minutes, shown with {@code discount}.
 * Stated by a catalogue rule ({@code when Catalogue()}); its price per minute is a {@link TierPrice}.
 */
@ClassReactive // never modified, and matched by size through covers
public record CustomTier(long fromThousandMinutes, Long toThousandMinutes, String discount, String rule)
        implements Stated {

    /** The tier {@code [from, to)}. */
    public static CustomTier of(long from, long to, String discount, RuleContext kcontext) {
        return new CustomTier(from, to, discount, kcontext.getRule().getName());
    }

    /** The last tier: {@code from} thousand minutes and more. */
    public static CustomTier from(long from, String discount, RuleContext kcontext) {
        return new CustomTier(from, null, discount, kcontext.getRule().getName());
    }

    /** Whether a package of {@code thousand} thousand minutes falls in this tier. */
    public boolean covers(BigDecimal thousand) {
        return thousand != null && thousand.compareTo(BigDecimal.valueOf(fromThousandMinutes)) >= 0
                && (toThousandMinutes == null || thousand.compareTo(BigDecimal.valueOf(toThousandMinutes)) < 0);
    }
}
