package rtc.pricing.quote;

import static rtc.pricing.http.QuoteLimits.MAX_FILES;
import static rtc.pricing.http.QuoteLimits.MAX_ID_LENGTH;
import static rtc.pricing.http.QuoteLimits.MAX_INPUTS_PER_TASK;
import static rtc.pricing.http.QuoteLimits.MAX_ROOMS;
import static rtc.pricing.http.QuoteLimits.MAX_STAYS_PER_USER;
import static rtc.pricing.http.QuoteLimits.MAX_STREAMS_PER_ROOM;
import static rtc.pricing.http.QuoteLimits.MAX_SUBSCRIPTIONS_PER_ROOM;
import static rtc.pricing.http.QuoteLimits.MAX_TASKS;
import static rtc.pricing.http.QuoteLimits.MAX_USERS_PER_ROOM;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.http.QuoteLimits;

/**
 * The request of POST /v1/quotes as api.md describes it, for the OpenAPI document only: the resource reads
 * the body itself ({@link QuoteRequestReader}) so that every error can name its field. The maxima are those of
 * {@link QuoteLimits}, which the reader enforces; no object accepts other fields.
 */
@Schema(name = "QuoteRequest", additionalProperties = Schema.False.class,
        description = "Usage to price. At least one of rooms, recordings, transcodings is non-empty. "
                + "Times are ISO-8601 with an offset; intervals are half-open [from, to), whole seconds. "
                + QuoteRequestSchema.LIMITS)
public record QuoteRequestSchema(@Schema(maxLength = MAX_ID_LENGTH) String appId,
        @Schema(maxItems = MAX_ROOMS) List<RoomDoc> rooms,
        @Schema(maxItems = MAX_TASKS) List<RecordingDoc> recordings,
        @Schema(maxItems = MAX_TASKS) List<TranscodingDoc> transcodings,
        @Schema(pattern = "^[0-9a-f]{16}$", description = "price with this rules version (a past quote's "
                + "rulesVersion; GET /v1/rules/versions) instead of the serving one") String rulesVersion) {

    static final String LIMITS = "Limits (a value outside one is a 400 naming its field): every timestamp from "
            + QuoteLimits.EARLIEST + " to " + QuoteLimits.FUTURE_DAYS + " days after today (UTC); one interval at most "
            + QuoteLimits.MAX_INTERVAL_HOURS + " h; the whole request (latest to - earliest from) at most "
            + QuoteLimits.MAX_REQUEST_DAYS + " days; at most " + QuoteLimits.MAX_INTERVALS
            + " intervals (stays + subscriptions + task inputs) in all; body at most " + QuoteLimits.MAX_BODY_BYTES
            + " bytes (413).";
    private static final String TIME = "ISO-8601 date-time with an offset, from " + QuoteLimits.EARLIEST + " to "
            + QuoteLimits.FUTURE_DAYS + " days after today; to - from at most " + QuoteLimits.MAX_INTERVAL_HOURS + " h";

    @Schema(name = "Video", additionalProperties = Schema.False.class)
    public record VideoDoc(@Schema(required = true, minimum = "1") int width,
            @Schema(required = true, minimum = "1") int height) {
    }

    @Schema(name = "Interval", additionalProperties = Schema.False.class)
    public record IntervalDoc(@Schema(required = true, example = "2022-06-01T00:00:00+08:00", description = TIME) String from,
            @Schema(required = true, example = "2022-06-01T00:30:00+08:00", description = TIME) String to) {
    }

    @Schema(name = "Room", additionalProperties = Schema.False.class)
    public record RoomDoc(@Schema(required = true, maxLength = MAX_ID_LENGTH) String roomId,
            @Schema(maxItems = MAX_USERS_PER_ROOM) List<UserDoc> users,
            @Schema(maxItems = MAX_STREAMS_PER_ROOM) List<StreamDoc> streams,
            @Schema(maxItems = MAX_SUBSCRIPTIONS_PER_ROOM) List<SubscriptionDoc> subscriptions) {
    }

    @Schema(name = "User", additionalProperties = Schema.False.class,
            description = "A user who successfully entered the room, with every stay. Back-to-back stays (one ends "
                    + "when the next starts) are one continuous presence; overlapping stays are an error.")
    public record UserDoc(@Schema(required = true, maxLength = MAX_ID_LENGTH) String userId,
            @Schema(maxItems = MAX_STAYS_PER_USER) List<IntervalDoc> presence) {
    }

    @Schema(name = "Stream", additionalProperties = Schema.False.class,
            description = "A published stream; video null or absent = no video.")
    public record StreamDoc(@Schema(required = true, maxLength = MAX_ID_LENGTH) String streamId,
            @Schema(required = true, maxLength = MAX_ID_LENGTH) String userId,
            @Schema(required = true, enumeration = { "CAMERA", "SCREEN" }) String type, VideoDoc video) {
    }

    @Schema(name = "Subscription", additionalProperties = Schema.False.class,
            description = "userId receives streamId during [from, to), within its presence.")
    public record SubscriptionDoc(@Schema(required = true, maxLength = MAX_ID_LENGTH) String userId,
            @Schema(required = true, maxLength = MAX_ID_LENGTH) String streamId,
            @Schema(required = true, description = TIME) String from,
            @Schema(required = true, description = TIME) String to,
            @Schema(description = "video not received") Boolean audioOnly,
            @Schema(description = "resolution actually received; default the stream's") VideoDoc receivedVideo) {
    }

    @Schema(name = "Recording", additionalProperties = Schema.False.class)
    public record RecordingDoc(@Schema(required = true, maxLength = MAX_ID_LENGTH) String taskId,
            @Schema(required = true, enumeration = { "SINGLE", "MIXED" }) String mode,
            @Schema(minimum = "1", maximum = "" + MAX_FILES, defaultValue = "1") Integer files,
            @Schema(maxItems = MAX_INPUTS_PER_TASK) List<InputDoc> inputs) {
    }

    @Schema(name = "Transcoding", additionalProperties = Schema.False.class)
    public record TranscodingDoc(@Schema(required = true, maxLength = MAX_ID_LENGTH) String taskId,
            @Schema(enumeration = { "H264", "H265" }, description = "required when video is priced") String codec,
            @Schema(required = true) OutputDoc output,
            @Schema(maxItems = MAX_INPUTS_PER_TASK) List<InputDoc> inputs) {
    }

    @Schema(name = "Output", additionalProperties = Schema.False.class, description = "video null = audio-only output")
    public record OutputDoc(Boolean audio, VideoDoc video) {
    }

    @Schema(name = "Input", additionalProperties = Schema.False.class,
            description = "One segment of an input stream; a resolution change starts a new segment.")
    public record InputDoc(@Schema(required = true, maxLength = MAX_ID_LENGTH) String streamId, Boolean audio,
            VideoDoc video, @Schema(required = true, description = TIME) String from,
            @Schema(required = true, description = TIME) String to,
            @Schema(description = "recording only: the wait-for-resume window after a dropped upstream")
            Boolean resumeWait) {
    }
}
