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

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import rtc.pricing.facts.Codec;
import rtc.pricing.facts.Mode;
import rtc.pricing.http.BodyBinder;
import rtc.pricing.http.QuoteLimits;

/**
 * The body of POST /v1/quotes (api.md): bound strictly and validated by {@link BodyBinder}, described by the same
 * annotations in the OpenAPI document. What one field's constraint cannot say (an interval's order, overlaps, ids
 * that refer to each other, the request's span and interval count) is checked by {@link QuoteRequestChecks} on the
 * bound records, which builds the {@link QuoteInput} facts. Lists may be left out (none) but not sent as null.
 */
@Schema(name = "QuoteRequest", description = "Usage to price. At least one of rooms, recordings, transcodings is "
        + "non-empty. Times are ISO-8601 with an offset; intervals are half-open [from, to), whole seconds. "
        + QuoteRequest.LIMITS)
public record QuoteRequest(
        @Size(max = MAX_ID_LENGTH, message = QuoteRequest.ID_LENGTH)
        @Schema(nullable = true, description = "the application the usage is of; not priced") String appId,
        @Size(max = MAX_ID_LENGTH, message = QuoteRequest.ID_LENGTH)
        @Schema(nullable = true, description = "price with this contract price book instead of list prices; a book "
                + "the serving rules do not state is a 400", examples = "legacy-unified-sample") String priceBook,
        @JsonDeserialize(using = BodyBinder.NullRefused.class)
        @Size(max = MAX_ROOMS,
                message = "holds too many elements: at most " + QuoteRequest.TEN_THOUSAND
                + " rooms per request")
        List<@NotNull(message = QuoteRequest.OBJECT) Room> rooms,
        @JsonDeserialize(using = BodyBinder.NullRefused.class)
        @Size(max = MAX_TASKS,
                message = "holds too many elements: at most " + QuoteRequest.TEN_THOUSAND
                + " recordings per request")
        List<@NotNull(message = QuoteRequest.OBJECT) Recording> recordings,
        @JsonDeserialize(using = BodyBinder.NullRefused.class)
        @Size(max = MAX_TASKS,
                message = "holds too many elements: at most " + QuoteRequest.TEN_THOUSAND
                + " transcodings per request")
        List<@NotNull(message = QuoteRequest.OBJECT) Transcoding> transcodings,
        @Pattern(regexp = QuoteRequest.RULES_VERSION, message = QuoteRequest.RULES_VERSION_MESSAGE)
        @Schema(nullable = true, description = "price with this rules version (a past quote's rulesVersion; GET "
                + "/v1/rules/versions) instead of the serving one; a past one for authenticated callers only",
                examples = "0123456789abcdef") String rulesVersion) {

    /** What the body must be, completing "the request body must be a JSON object …". */
    public static final String WHAT = "{appId, priceBook, rooms, recordings, transcodings, rulesVersion}";

    static final String LIMITS = "Limits (a value outside one is a 400 naming its field): every timestamp from "
            + QuoteLimits.EARLIEST + " to " + QuoteLimits.FUTURE_DAYS + " days after today (UTC); one interval at most "
            + QuoteLimits.MAX_INTERVAL_HOURS + " h; the whole request (latest to - earliest from) at most "
            + QuoteLimits.MAX_REQUEST_DAYS + " days; at most " + QuoteLimits.MAX_INTERVALS
            + " intervals (stays + subscriptions + task inputs) in all; body at most " + QuoteLimits.MAX_BODY_BYTES
            + " bytes (413).";
    static final String TIME = "ISO-8601 date-time with an offset, from " + QuoteLimits.EARLIEST + " to "
            + QuoteLimits.FUTURE_DAYS + " days after today; to - from at most " + QuoteLimits.MAX_INTERVAL_HOURS + " h";
    static final String TIME_MESSAGE = "must be an ISO-8601 date-time with an offset, e.g. 2022-06-01T00:00:00+08:00";
    /** Longer text is no timestamp: refused before it is parsed. */
    static final int MAX_TIMESTAMP_LENGTH = 64;

    public static final String RULES_VERSION = "^[0-9a-f]{16}$";
    /** As {@code JsonBodies.rules} words it, which checks the version again (and whether it has served). */
    public static final String RULES_VERSION_MESSAGE = "must be a rules version: 16 hexadecimal digits, as in a "
            + "quote's rulesVersion";
    public static final String REQUIRED_ID = "is required: a non-empty string";
    public static final String ID_LENGTH = "must be at most " + MAX_ID_LENGTH + " characters long";
    public static final String OBJECT = "must be an object";

    // The limits as the messages print them (annotation attributes are compile-time constants, so no
    // QuoteLimits.count(): QuoteRequestTest keeps these equal to it).
    static final String TEN_THOUSAND = "10,000";
    static final String HUNDRED_THOUSAND = "100,000";
    static final String TWO_HUNDRED_THOUSAND = "200,000";

    /** The request bound (strictly) and valid, then its cross-field checks: the facts to price. */
    public static QuoteInput read(BodyBinder binder, JsonNode body, QuoteLimits limits) {
        return binder.bind(body, QuoteRequest.class, WHAT).checked(limits);
    }

    /** As {@link #read(BodyBinder, JsonNode, QuoteLimits)} outside the container (the gate's examples, tests). */
    public static QuoteInput read(JsonNode body, QuoteLimits limits) {
        return read(Standalone.BINDER, body, limits);
    }

    /** Under the published limits, "today" from the system clock. */
    public static QuoteInput read(JsonNode body) {
        return read(body, QuoteLimits.standard());
    }

    /** Every check across fields, all errors at once with their pointers, then the facts to price. */
    public QuoteInput checked(QuoteLimits limits) {
        return QuoteRequestChecks.check("", appId, priceBook, rooms, recordings, transcodings, limits);
    }

    /**
     * The usage of a quote request without the choice of prices (no priceBook, no rulesVersion): what package
     * advice embeds as its {@code quote}. Its fields are declared as the request's (QuoteRequestTest compares them).
     */
    @Schema(name = "QuoteUsage", description = "A POST /v1/quotes request without priceBook or rulesVersion: usage "
            + "priced with list prices. At least one of rooms, recordings, transcodings is non-empty. " + LIMITS)
    public record Usage(
            @Size(max = MAX_ID_LENGTH, message = QuoteRequest.ID_LENGTH)
            @Schema(nullable = true, description = "the application the usage is of; not priced") String appId,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @Size(max = MAX_ROOMS,
                    message = "holds too many elements: at most " + QuoteRequest.TEN_THOUSAND
                    + " rooms per request")
            List<@NotNull(message = QuoteRequest.OBJECT) Room> rooms,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @Size(max = MAX_TASKS,
                    message = "holds too many elements: at most " + QuoteRequest.TEN_THOUSAND
                    + " recordings per request")
            List<@NotNull(message = QuoteRequest.OBJECT) Recording> recordings,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @Size(max = MAX_TASKS,
                    message = "holds too many elements: at most " + QuoteRequest.TEN_THOUSAND
                    + " transcodings per request")
            List<@NotNull(message = QuoteRequest.OBJECT) Transcoding> transcodings) {

        /** The checks across fields, the pointers under {@code at} (where the usage is in its body). */
        public QuoteInput checked(String at, QuoteLimits limits) {
            return QuoteRequestChecks.check(at, appId, null, rooms, recordings, transcodings, limits);
        }
    }

    /** One binder outside the container for the whole process: building a validator takes a while. */
    public static final class Standalone {
        public static final BodyBinder BINDER = BodyBinder.standalone();

        private Standalone() {
        }
    }

    public enum StreamType { CAMERA, SCREEN }

    @Schema(name = "Video", description = "A resolution in pixels.")
    public record Video(
            @NotNull(message = "is required") @Positive(message = QuoteRequest.PIXELS) @Schema(examples = "1280")
            Integer width,
            @NotNull(message = "is required") @Positive(message = QuoteRequest.PIXELS) @Schema(examples = "720")
            Integer height) {
    }

    static final String PIXELS = "must be positive: no video tier exists for fewer than 1 pixel";

    @Schema(name = "Interval", description = "A stay in the room: [from, to).")
    public record Interval(
            @NotNull(message = "is required") @Size(max = MAX_TIMESTAMP_LENGTH, message = TIME_MESSAGE)
            @Schema(format = "date-time", examples = "2022-06-01T00:00:00+08:00", description = TIME) String from,
            @NotNull(message = "is required") @Size(max = MAX_TIMESTAMP_LENGTH, message = TIME_MESSAGE)
            @Schema(format = "date-time", examples = "2022-06-01T00:30:00+08:00", description = TIME) String to) {
    }

    @Schema(name = "Room", description = "One room's users, published streams and subscriptions.")
    public record Room(
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String roomId,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @Size(max = MAX_USERS_PER_ROOM,
                    message = "holds too many elements: at most " + HUNDRED_THOUSAND
                    + " users per room")
            List<@NotNull(message = OBJECT) User> users,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @Size(max = MAX_STREAMS_PER_ROOM,
                    message = "holds too many elements: at most " + TEN_THOUSAND
                    + " streams per room")
            List<@NotNull(message = OBJECT) Stream> streams,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @Size(max = MAX_SUBSCRIPTIONS_PER_ROOM,
                    message = "holds too many elements: at most "
                    + TWO_HUNDRED_THOUSAND + " subscriptions per room")
            List<@NotNull(message = OBJECT) Subscription> subscriptions) {
    }

    @Schema(name = "User", description = "A user who successfully entered the room, with every stay. Back-to-back "
            + "stays (one ends when the next starts) are one continuous presence; overlapping stays are an error.")
    public record User(
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String userId,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @Size(max = MAX_STAYS_PER_USER,
                    message = "holds too many elements: at most " + TEN_THOUSAND
                    + " stays per user")
            List<@NotNull(message = OBJECT) Interval> presence) {
    }

    @Schema(name = "Stream", description = "A published stream; video null or absent = no video.")
    public record Stream(
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String streamId,
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH)
            @Schema(description = "the publisher: one of the room's users") String userId,
            @NotNull(message = "is required; one of [CAMERA, SCREEN]") StreamType type,
            @Schema(nullable = true) Video video) {
    }

    @Schema(name = "Subscription", description = "userId receives streamId during [from, to), within its presence.")
    public record Subscription(
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String userId,
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String streamId,
            @NotNull(message = "is required") @Size(max = MAX_TIMESTAMP_LENGTH, message = TIME_MESSAGE)
            @Schema(format = "date-time", description = TIME) String from,
            @NotNull(message = "is required") @Size(max = MAX_TIMESTAMP_LENGTH, message = TIME_MESSAGE)
            @Schema(format = "date-time", description = TIME) String to,
            @Schema(nullable = true, description = "video not received", defaultValue = "false") Boolean audioOnly,
            @Schema(nullable = true, description = "resolution actually received; default the stream's")
            Video receivedVideo) {
    }

    @Schema(name = "Recording", description = "A cloud recording task.")
    public record Recording(
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String taskId,
            @NotNull(message = "is required; one of [MIXED, SINGLE]") Mode mode,
            @Min(value = 1, message = "must be at least 1")
            @Max(value = MAX_FILES,
                    message = "must be at most " + MAX_FILES + " files per recording task")
            @Schema(nullable = true, defaultValue = "1") Integer files,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @NotEmpty(message = "a task needs at least one input")
            @Size(max = MAX_INPUTS_PER_TASK,
                    message = "holds too many elements: at most " + TEN_THOUSAND
                    + " inputs per task")
            List<@NotNull(message = OBJECT) Input> inputs) {
    }

    @Schema(name = "Transcoding", description = "A transcoding (MCU) task.")
    public record Transcoding(
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String taskId,
            @Schema(nullable = true, description = "required when the output has video") Codec codec,
            @NotNull(message = "is required") Output output,
            @JsonDeserialize(using = BodyBinder.NullRefused.class)
            @NotEmpty(message = "a task needs at least one input")
            @Size(max = MAX_INPUTS_PER_TASK,
                    message = "holds too many elements: at most " + TEN_THOUSAND
                    + " inputs per task")
            List<@NotNull(message = OBJECT) Input> inputs) {
    }

    @Schema(name = "Output", description = "What a transcoding outputs; video null = audio-only output.")
    public record Output(
            @Schema(nullable = true, defaultValue = "true") Boolean audio,
            @Schema(nullable = true) Video video) {
    }

    @Schema(name = "Input", description = "One segment of an input stream; a resolution change starts a new segment.")
    public record Input(
            @NotBlank(message = REQUIRED_ID) @Size(max = MAX_ID_LENGTH, message = ID_LENGTH) String streamId,
            @Schema(nullable = true, defaultValue = "true") Boolean audio,
            @Schema(nullable = true) Video video,
            @NotNull(message = "is required") @Size(max = MAX_TIMESTAMP_LENGTH, message = TIME_MESSAGE)
            @Schema(format = "date-time", description = TIME) String from,
            @NotNull(message = "is required") @Size(max = MAX_TIMESTAMP_LENGTH, message = TIME_MESSAGE)
            @Schema(format = "date-time", description = TIME) String to,
            @Schema(nullable = true, defaultValue = "false", description = "recording only: the wait-for-resume "
                    + "window after a dropped upstream") Boolean resumeWait) {
    }
}
