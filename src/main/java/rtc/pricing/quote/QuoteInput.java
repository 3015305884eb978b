package rtc.pricing.quote;

import java.util.List;

import rtc.pricing.facts.Codec;
import rtc.pricing.facts.Mode;
import rtc.pricing.facts.VideoFormat;

/**
 * A validated quote request. Times are epoch seconds, intervals half-open {@code [from, to)}; every element
 * keeps the JSON Pointer it was read from so later checks (e.g. a resolution no tier rule accepts) can name it.
 * {@code priceBook}: the contract price book to price with (null: list prices).
 */
public record QuoteInput(String appId, List<Room> rooms, List<RecordingTask> recordings,
        List<TranscodingTask> transcodings, List<String> warnings, String priceBook) {

    /** With list prices. */
    public QuoteInput(String appId, List<Room> rooms, List<RecordingTask> recordings,
            List<TranscodingTask> transcodings, List<String> warnings) {
        this(appId, rooms, recordings, transcodings, warnings, null);
    }

    public QuoteInput withPriceBook(String book) {
        return new QuoteInput(appId, rooms, recordings, transcodings, warnings, book);
    }

    public record Interval(long from, long to) {
        public long seconds() {
            return Math.subtractExact(to, from);
        }
    }

    public record Room(String roomId, String pointer, List<User> users, List<Stream> streams,
            List<Subscription> subscriptions) {
    }

    public record User(String userId, String pointer, List<Interval> presence) {
    }

    public record Stream(String streamId, String userId, String type, VideoFormat video, String pointer) {
    }

    /** {@code received} is the video actually received, or null when the subscription carries no video. */
    public record Subscription(String userId, String streamId, Interval at, VideoFormat received, String pointer) {
    }

    public record RecordingTask(String taskId, Mode mode, int files, List<Segment> inputs, String pointer) {
    }

    public record TranscodingTask(String taskId, Codec codec, boolean outputAudio, VideoFormat output,
            List<Segment> inputs, String pointer) {
    }

    /** One input segment of a recording or transcoding task; a resolution change starts a new segment. */
    public record Segment(String streamId, boolean audio, VideoFormat video, Interval at, boolean resumeWait,
            String pointer) {

        /** Whether video reaches the task during this segment; none does while waiting for a dropped upstream. */
        public boolean carriesVideo() {
            return video != null && !resumeWait;
        }
    }
}
