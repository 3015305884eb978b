package rtc.pricing.facts;

import java.time.LocalDate;

/** Output time of a transcoding task on one billing day: every instant at which at least one input is active. */
public record TranscodingOutput(LocalDate date, String appId, Codec codec, VideoFormat output) implements UsageFact {
}
