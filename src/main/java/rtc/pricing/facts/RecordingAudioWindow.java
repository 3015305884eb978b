package rtc.pricing.facts;

import java.time.LocalDate;

/** Instants of a recording task at which inputs are active and none of them carries video. */
public record RecordingAudioWindow(LocalDate date, String appId, Mode mode, int files) implements UsageFact {
}
