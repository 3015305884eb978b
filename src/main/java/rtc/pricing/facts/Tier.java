package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * A video tier of the catalogue: every resolution whose pixel area lies in {@code [minArea, maxArea]} belongs to
 * it. Stated by a catalogue rule ({@code when Catalogue()}); the tiers, ordered by area, are also the order of
 * the price lists.
 */
public record Tier(String name, long minArea, long maxArea, String rule) {

    public static Tier of(String name, long minArea, long maxArea, RuleContext kcontext) {
        return new Tier(name, minArea, maxArea, kcontext.getRule().getName());
    }

    public boolean holds(long area) {
        return minArea <= area && area <= maxArea;
    }
}
