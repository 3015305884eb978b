package rtc.pricing.facts;

/** Time a user receives one subscribed video stream, at the resolution actually received. */
public record BaseVideoReception(VideoFormat received) {
}
