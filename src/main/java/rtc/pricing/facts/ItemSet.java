package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * A set of billing items the catalogue states ({@code when Catalogue()}): of {@code service}, in recording
 * {@code mode} or transcoding {@code codec} where they apply, an audio item if {@code audio}, and one video item
 * per tier of the catalogue if {@code videoByTier}. Every item stated needs a price on every day.
 */
public record ItemSet(Service service, Mode mode, Codec codec, boolean audio, boolean videoByTier, String rule) {

    public static ItemSet of(Service service, Mode mode, Codec codec, boolean audio, boolean videoByTier,
            RuleContext kcontext) {
        return new ItemSet(service, mode, codec, audio, videoByTier, kcontext.getRule().getName());
    }
}
