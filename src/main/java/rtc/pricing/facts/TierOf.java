package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/** Decision of the tier rules: {@code format} belongs to {@code tier}. */
public record TierOf(VideoFormat format, String tier, String rule) {

    public static TierOf of(VideoFormat format, String tier, RuleContext kcontext) {
        return new TierOf(format, tier, kcontext.getRule().getName());
    }

    public static TierOf of(VideoFormat format, Tier tier, RuleContext kcontext) {
        return new TierOf(format, tier.name(), kcontext.getRule().getName());
    }
}
