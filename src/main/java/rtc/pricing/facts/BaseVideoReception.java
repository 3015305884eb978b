package rtc.pricing.facts;

import java.time.LocalDate;

/** Time a user receives one subscribed video stream, at the resolution actually received. */
public record BaseVideoReception(LocalDate date, String appId, VideoFormat received) implements UsageFact {
}
