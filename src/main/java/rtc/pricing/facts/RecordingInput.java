package rtc.pricing.facts;

import java.time.LocalDate;

/**
 * Time of one input of a cloud recording task. {@code video} is the input resolution (null: no video);
 * {@code resumeWait}: the wait-for-resume window after the publisher's upstream dropped;
 * {@code allInputsAudioOnly}: at these instants no input of the task carries video.
 */
public record RecordingInput(LocalDate date, String appId, Mode mode, int files, VideoFormat video, boolean audio,
        boolean resumeWait, boolean allInputsAudioOnly) implements UsageFact {
}
