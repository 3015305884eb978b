package rtc.pricing.facts;

import java.time.LocalDate;

/** Instants of a transcoding task, on one billing day, at which inputs are active and none carries video. */
public record TranscodingAudioWindow(LocalDate date, String appId, Codec codec, VideoFormat output)
        implements UsageFact {
}
