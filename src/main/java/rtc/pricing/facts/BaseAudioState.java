package rtc.pricing.facts;

import java.time.LocalDate;

/**
 * What a present user receives at an instant of the base service, reduced to what the audio rules look at:
 * whether any subscription delivers video, and whether any subscription delivers no video (an audio-only
 * stream, or a video stream subscribed audio-only). A user with no subscription has both false.
 */
public record BaseAudioState(LocalDate date, String appId, boolean receivesVideo, boolean receivesStreamWithoutVideo)
        implements UsageFact {
}
