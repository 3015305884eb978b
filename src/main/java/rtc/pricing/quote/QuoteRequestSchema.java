package rtc.pricing.quote;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request of POST /v1/quotes as api.md describes it, for the OpenAPI document only: the resource reads
 * the body itself ({@link QuoteRequestReader}) so that every error can name its field.
 */
@Schema(name = "QuoteRequest", description = "Usage to price. At least one of rooms, recordings, transcodings is non-empty. "
        + "Times are ISO-8601 with an offset; intervals are half-open [from, to), whole seconds.")
public record QuoteRequestSchema(String appId, List<RoomDoc> rooms, List<RecordingDoc> recordings,
        List<TranscodingDoc> transcodings) {

    @Schema(name = "Video")
    public record VideoDoc(@Schema(required = true, minimum = "1") int width,
            @Schema(required = true, minimum = "1") int height) {
    }

    @Schema(name = "Interval")
    public record IntervalDoc(@Schema(required = true, example = "2022-06-01T00:00:00+08:00") String from,
            @Schema(required = true, example = "2022-06-01T00:30:00+08:00") String to) {
    }

    @Schema(name = "Room")
    public record RoomDoc(@Schema(required = true) String roomId, List<UserDoc> users, List<StreamDoc> streams,
            List<SubscriptionDoc> subscriptions) {
    }

    @Schema(name = "User", description = "A user who successfully entered the room, with every stay.")
    public record UserDoc(@Schema(required = true) String userId, List<IntervalDoc> presence) {
    }

    @Schema(name = "Stream", description = "A published stream; video null or absent = no video.")
    public record StreamDoc(@Schema(required = true) String streamId, @Schema(required = true) String userId,
            @Schema(required = true, enumeration = { "CAMERA", "SCREEN" }) String type, VideoDoc video) {
    }

    @Schema(name = "Subscription", description = "userId receives streamId during [from, to), within its presence.")
    public record SubscriptionDoc(@Schema(required = true) String userId, @Schema(required = true) String streamId,
            @Schema(required = true) String from, @Schema(required = true) String to,
            @Schema(description = "video not received") Boolean audioOnly,
            @Schema(description = "resolution actually received; default the stream's") VideoDoc receivedVideo) {
    }

    @Schema(name = "Recording")
    public record RecordingDoc(@Schema(required = true) String taskId,
            @Schema(required = true, enumeration = { "SINGLE", "MIXED" }) String mode,
            @Schema(minimum = "1", defaultValue = "1") Integer files, List<InputDoc> inputs) {
    }

    @Schema(name = "Transcoding")
    public record TranscodingDoc(@Schema(required = true) String taskId,
            @Schema(enumeration = { "H264", "H265" }, description = "required when video is priced") String codec,
            @Schema(required = true) OutputDoc output, List<InputDoc> inputs) {
    }

    @Schema(name = "Output", description = "video null = audio-only output")
    public record OutputDoc(Boolean audio, VideoDoc video) {
    }

    @Schema(name = "Input", description = "One segment of an input stream; a resolution change starts a new segment.")
    public record InputDoc(@Schema(required = true) String streamId, Boolean audio, VideoDoc video,
            @Schema(required = true) String from, @Schema(required = true) String to,
            @Schema(description = "recording only: the wait-for-resume window after a dropped upstream")
            Boolean resumeWait) {
    }
}
