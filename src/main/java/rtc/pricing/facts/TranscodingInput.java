package rtc.pricing.facts;

import java.time.LocalDate;

/**
 * Time of one input of a transcoding (MCU) task on one billing day. {@code output} is the output resolution
 * (null: audio-only output); {@code video} the input's (null: pure audio); {@code allInputsAudioOnly}: at these
 * instants no input of the task carries video.
 */
public record TranscodingInput(LocalDate date, String appId, Codec codec, VideoFormat output, VideoFormat video,
        boolean audio, boolean allInputsAudioOnly) implements UsageFact {
}
