package rtc.pricing.facts;

/** Instants of a recording task at which inputs are active and none of them carries video. */
public record RecordingAudioWindow(Mode mode, int files) {
}
