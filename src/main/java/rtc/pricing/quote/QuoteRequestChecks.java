package rtc.pricing.quote;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.http.FieldErrors;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;
import rtc.pricing.quote.QuoteInput.Interval;
import rtc.pricing.quote.QuoteInput.RecordingTask;
import rtc.pricing.quote.QuoteInput.Room;
import rtc.pricing.quote.QuoteInput.Segment;
import rtc.pricing.quote.QuoteInput.Stream;
import rtc.pricing.quote.QuoteInput.Subscription;
import rtc.pricing.quote.QuoteInput.TranscodingTask;
import rtc.pricing.quote.QuoteInput.User;

/**
 * The checks of a bound, valid quote request that no one field's constraint can say, all errors collected with
 * their JSON Pointers (at most {@link QuoteLimits#MAX_REPORTED_ERRORS} listed), then the {@link QuoteInput} facts:
 * timestamps and their range, each interval's order and length, the request's span and interval count, ids that
 * refer to each other, duplicates, overlaps, and the distinct resolutions. Whether a resolution has a tier is for
 * the tier rules to say. The cost is linear in the size of the request (sorting aside): no check compares every
 * element with every other.
 */
public final class QuoteRequestChecks {

    private final QuoteLimits limits;
    private final long latest;
    private final FieldErrors errors = new FieldErrors();
    private final Set<VideoFormat> resolutions = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private long intervals;
    private long minFrom = Long.MAX_VALUE, maxTo = Long.MIN_VALUE;
    private String minFromPointer, maxToPointer;

    private QuoteRequestChecks(QuoteLimits limits) {
        this.limits = limits;
        this.latest = limits.latestEpochSecond();
    }

    /**
     * The facts of a quote request whose fields are each valid; {@code at} is the pointer of the request in its
     * body ("" for POST /v1/quotes, "/quote" in package advice).
     */
    public static QuoteInput check(String at, String appId, String priceBook, List<QuoteRequest.Room> rooms,
            List<QuoteRequest.Recording> recordings, List<QuoteRequest.Transcoding> transcodings, QuoteLimits limits) {
        QuoteRequestChecks c = new QuoteRequestChecks(limits);
        QuoteInput input = c.request(at, appId, priceBook, orNone(rooms), orNone(recordings), orNone(transcodings));
        c.errors.throwIfAny();
        return input;
    }

    private static <T> List<T> orNone(List<T> list) {
        return list == null ? List.of() : list;
    }

    private QuoteInput request(String at, String appId, String priceBook, List<QuoteRequest.Room> roomList,
            List<QuoteRequest.Recording> recordingList, List<QuoteRequest.Transcoding> transcodingList) {
        List<Room> rooms = new ArrayList<>(roomList.size());
        for (int i = 0; i < roomList.size(); i++) {
            rooms.add(room(roomList.get(i), at + "/rooms/" + i));
        }
        List<RecordingTask> recordings = new ArrayList<>(recordingList.size());
        for (int i = 0; i < recordingList.size(); i++) {
            recordings.add(recording(recordingList.get(i), at + "/recordings/" + i));
        }
        List<TranscodingTask> transcodings = new ArrayList<>(transcodingList.size());
        for (int i = 0; i < transcodingList.size(); i++) {
            transcodings.add(transcoding(transcodingList.get(i), at + "/transcodings/" + i));
        }
        if (rooms.isEmpty() && recordings.isEmpty() && transcodings.isEmpty()) {
            errors.add(at, "at least one of rooms, recordings, transcodings must be non-empty");
        }
        if (intervals > limits.maxIntervals()) {
            errors.add(at, "the request holds " + QuoteLimits.count(intervals) + " intervals (presence stays, "
                    + "subscriptions and task inputs); at most " + QuoteLimits.count(limits.maxIntervals())
                    + " per request: split it into several requests");
        }
        if (maxToPointer != null && maxTo - minFrom > QuoteLimits.MAX_REQUEST_SECONDS) {
            errors.add(maxToPointer, "the request spans " + span(maxTo - minFrom) + ", from "
                    + Instant.ofEpochSecond(minFrom) + " (" + minFromPointer + ") to " + Instant.ofEpochSecond(maxTo)
                    + "; at most " + QuoteLimits.MAX_REQUEST_DAYS
                    + " days per request: split it into several requests");
        }
        unique(rooms, Room::roomId, Room::pointer, "/roomId", "roomId");
        unique(recordings, RecordingTask::taskId, RecordingTask::pointer, "/taskId", "taskId");
        unique(transcodings, TranscodingTask::taskId, TranscodingTask::pointer, "/taskId", "taskId");
        // Whether the rules state this book is for the engine to say: it holds the catalogue.
        return new QuoteInput(appId, rooms, recordings, transcodings, warnings, priceBook);
    }

    // ---- base service ----

    private Room room(QuoteRequest.Room room, String p) {
        List<User> users = new ArrayList<>();
        List<QuoteRequest.User> userList = orNone(room.users());
        for (int i = 0; i < userList.size(); i++) {
            users.add(user(userList.get(i), p + "/users/" + i));
        }
        List<Stream> streams = new ArrayList<>();
        List<QuoteRequest.Stream> streamList = orNone(room.streams());
        for (int i = 0; i < streamList.size(); i++) {
            QuoteRequest.Stream s = streamList.get(i);
            String sp = p + "/streams/" + i;
            streams.add(new Stream(s.streamId(), s.userId(), s.type().name(), video(s.video(), sp + "/video"), sp));
        }
        Map<String, Stream> streamsById = new HashMap<>();
        streams.forEach(st -> streamsById.putIfAbsent(st.streamId(), st));
        List<Subscription> subs = new ArrayList<>();
        List<QuoteRequest.Subscription> subList = orNone(room.subscriptions());
        for (int i = 0; i < subList.size(); i++) {
            subs.add(subscription(subList.get(i), p + "/subscriptions/" + i, streamsById));
        }
        unique(users, User::userId, User::pointer, "/userId", "userId");
        unique(streams, Stream::streamId, Stream::pointer, "/streamId", "streamId");

        Map<String, User> usersById = new HashMap<>();
        users.forEach(u -> usersById.putIfAbsent(u.userId(), u));
        for (Stream s : streams) {
            if (!usersById.containsKey(s.userId())) {
                errors.add(s.pointer() + "/userId", "unknown userId '" + s.userId() + "': not among this room's users");
            }
        }
        checkSubscriptions(subs, usersById, streamsById);
        return new Room(room.roomId(), p, users, streams, subs);
    }

    /**
     * A user's presence, sorted; back-to-back stays (one ends when the next starts, e.g. a reconnect) are one
     * continuous presence (policy §6a), so they are merged here, before any check or the sweep. Overlapping stays
     * are an error.
     */
    private User user(QuoteRequest.User user, String p) {
        List<QuoteRequest.Interval> stays = orNone(user.presence());
        List<Interval> sorted = new ArrayList<>(stays.size());
        for (int i = 0; i < stays.size(); i++) {
            String ip = p + "/presence/" + i;
            Interval stay = interval(stays.get(i).from(), stays.get(i).to(), ip);
            if (stay != null) {
                sorted.add(stay);
            }
        }
        sorted.sort(Comparator.comparingLong(Interval::from));
        List<Interval> merged = new ArrayList<>(sorted.size());
        boolean overlap = false;
        for (Interval stay : sorted) {
            int last = merged.size() - 1;
            if (last < 0 || stay.from() > merged.get(last).to()) {
                merged.add(stay);
            } else {
                // Back to back: one presence. Overlapping: an error, but the union keeps later checks meaningful.
                overlap |= stay.from() < merged.get(last).to();
                merged.set(last, new Interval(merged.get(last).from(), Math.max(merged.get(last).to(), stay.to())));
            }
        }
        if (overlap) {
            errors.add(p + "/presence", "presence intervals of user '" + user.userId() + "' overlap");
        }
        return new User(user.userId(), p, merged);
    }

    private Subscription subscription(QuoteRequest.Subscription sub, String p, Map<String, Stream> streams) {
        Interval at = interval(sub.from(), sub.to(), p);
        boolean audioOnly = Boolean.TRUE.equals(sub.audioOnly());
        VideoFormat receivedVideo = video(sub.receivedVideo(), p + "/receivedVideo");
        Stream stream = streams.get(sub.streamId());
        if (stream == null) {
            errors.add(p + "/streamId", "unknown streamId '" + sub.streamId() + "': not among this room's streams");
        }
        VideoFormat received = null;
        if (audioOnly && receivedVideo != null) {
            errors.add(p + "/receivedVideo", "an audioOnly subscription receives no video");
        } else if (stream != null && stream.video() == null && receivedVideo != null) {
            errors.add(p + "/receivedVideo", "stream '" + sub.streamId() + "' carries no video");
        } else if (stream != null && !audioOnly) {
            received = receivedVideo != null ? receivedVideo : stream.video();
        }
        if (stream != null && sub.userId().equals(stream.userId())) {
            errors.add(p + "/streamId", "user '" + sub.userId() + "' cannot subscribe to its own stream");
        }
        return new Subscription(sub.userId(), sub.streamId(), at, received, p);
    }

    private void checkSubscriptions(List<Subscription> subs, Map<String, User> users, Map<String, Stream> streams) {
        Map<String, List<Subscription>> byUserStream = new HashMap<>();
        for (Subscription s : subs) {
            User user = users.get(s.userId());
            if (user == null) {
                errors.add(s.pointer() + "/userId", "unknown userId '" + s.userId() + "': not among this room's users");
                continue;
            }
            if (s.at() == null) {
                continue;
            }
            if (!within(s.at(), user)) {
                errors.add(s.pointer(), "subscription lies outside the presence of user '" + s.userId() + "'");
            }
            Stream stream = streams.get(s.streamId());
            User publisher = stream == null ? null : users.get(stream.userId());
            if (publisher != null && !within(s.at(), publisher)) {
                // Billed as sent (the subscriber's reception is what counts), but it hints at an incomplete timeline.
                warnings.add(s.pointer() + ": user '" + s.userId() + "' receives stream '" + s.streamId()
                        + "' while its publisher '" + publisher.userId() + "' is not in the room");
            }
            byUserStream.computeIfAbsent(s.userId() + '\u0000' + s.streamId(), k -> new ArrayList<>()).add(s);
        }
        for (List<Subscription> same : byUserStream.values()) {
            same.sort(Comparator.comparingLong(s -> s.at().from()));
            for (int i = 1; i < same.size(); i++) {
                if (same.get(i).at().from() < same.get(i - 1).at().to()) {
                    errors.add(same.get(i).pointer(), "overlaps another subscription of user '"
                            + same.get(i).userId() + "' to stream '" + same.get(i).streamId() + "'");
                }
            }
        }
    }

    /** Whether {@code at} lies inside one stay of the user's (sorted, disjoint, merged) presence: a binary search. */
    private static boolean within(Interval at, User user) {
        List<Interval> stays = user.presence();
        int lo = 0, hi = stays.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (stays.get(mid).from() <= at.from()) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && at.to() <= stays.get(found).to();
    }

    // ---- value-added services ----

    private RecordingTask recording(QuoteRequest.Recording task, String p) {
        List<Segment> inputs = segments(task.inputs(), p, true);
        return new RecordingTask(task.taskId(), task.mode(), task.files() == null ? 1 : task.files(), inputs, p);
    }

    private TranscodingTask transcoding(QuoteRequest.Transcoding task, String p) {
        QuoteRequest.Output out = task.output();
        boolean outputAudio = out.audio() == null || out.audio();
        VideoFormat output = video(out.video(), p + "/output/video");
        if (!outputAudio && out.video() == null) {
            errors.add(p + "/output", "an output must carry audio or video");
        }
        if (out.video() != null && task.codec() == null) {
            errors.add(p + "/codec", "is required for an output with video");
        }
        List<Segment> inputs = segments(task.inputs(), p, false);
        return new TranscodingTask(task.taskId(), task.codec(), outputAudio, output, inputs, p);
    }

    private List<Segment> segments(List<QuoteRequest.Input> list, String p, boolean resumeWaitAllowed) {
        List<Segment> inputs = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            inputs.add(segment(list.get(i), p + "/inputs/" + i, resumeWaitAllowed));
        }
        Map<String, List<Segment>> byStream = new HashMap<>();
        for (Segment s : inputs) {
            if (s.at() != null) {
                byStream.computeIfAbsent(s.streamId(), k -> new ArrayList<>()).add(s);
            }
        }
        for (List<Segment> same : byStream.values()) {
            same.sort(Comparator.comparingLong(s -> s.at().from()));
            for (int i = 1; i < same.size(); i++) {
                if (same.get(i).at().from() < same.get(i - 1).at().to()) {
                    errors.add(same.get(i).pointer(), "overlaps another segment of stream '" + same.get(i).streamId()
                            + "'");
                }
            }
        }
        return inputs;
    }

    private Segment segment(QuoteRequest.Input input, String p, boolean resumeWaitAllowed) {
        boolean audio = input.audio() == null || input.audio();
        VideoFormat video = video(input.video(), p + "/video");
        Interval at = interval(input.from(), input.to(), p);
        boolean resumeWait = Boolean.TRUE.equals(input.resumeWait());
        if (resumeWait && !resumeWaitAllowed) {
            errors.add(p + "/resumeWait", "only recording inputs have a wait-for-resume window");
        }
        if (!audio && input.video() == null && !resumeWait) {
            errors.add(p, "an input must carry audio or video");
        }
        return new Segment(input.streamId(), audio, video, at, resumeWait, p);
    }

    // ---- values ----

    /** A resolution, one of at most {@link QuoteLimits#MAX_RESOLUTIONS} distinct ones; null: no video. */
    private VideoFormat video(QuoteRequest.Video video, String vp) {
        if (video == null) {
            return null;
        }
        VideoFormat format = VideoFormat.of(video.width(), video.height());
        // Each distinct resolution is a fact the tier rules classify: bound them, not just the intervals.
        if (resolutions.size() < QuoteLimits.MAX_RESOLUTIONS) {
            resolutions.add(format);
        } else if (!resolutions.contains(format)) {
            errors.add(vp, "is one resolution too many: a request may use at most "
                    + QuoteLimits.count(QuoteLimits.MAX_RESOLUTIONS) + " distinct resolutions");
            return null;
        }
        return format;
    }

    private Interval interval(String fromText, String toText, String p) {
        intervals++;
        Long from = time(fromText, p + "/from");
        Long to = time(toText, p + "/to");
        if (from == null || to == null) {
            return null;
        }
        if (to <= from) {
            errors.add(p + "/to", "must be later than from (intervals are [from, to), whole seconds)");
            return null;
        }
        if (to - from > QuoteLimits.MAX_INTERVAL_SECONDS) {
            errors.add(p + "/to", "must be at most " + QuoteLimits.MAX_INTERVAL_HOURS + " hours after from (got "
                    + span(to - from) + "); send longer usage as back-to-back intervals");
            return null;
        }
        if (from < minFrom) {
            minFrom = from;
            minFromPointer = p + "/from";
        }
        if (to > maxTo) {
            maxTo = to;
            maxToPointer = p + "/to";
        }
        return new Interval(from, to);
    }

    private static String span(long seconds) {
        long days = seconds / 86_400, hours = seconds % 86_400 / 3_600, rest = seconds % 3_600;
        return (days > 0 ? QuoteLimits.count(days) + " d " : "") + hours + " h" + (rest > 0 ? " " + rest + " s" : "");
    }

    /** Epoch seconds of a timestamp within the dates priced, or null (and an error at {@code pointer}). */
    private Long time(String text, String pointer) {
        long t;
        try {
            t = Timestamps.epochSecond(text);
        } catch (DateTimeParseException e) {
            errors.add(pointer, QuoteRequest.TIME_MESSAGE);
            return null;
        }
        if (t < QuoteLimits.EARLIEST_EPOCH_SECOND) {
            errors.add(pointer, "must be on or after " + QuoteLimits.EARLIEST + " (the earliest instant accepted)");
            return null;
        }
        if (t > latest) {
            errors.add(pointer, "must be on or before " + Instant.ofEpochSecond(latest) + " ("
                    + QuoteLimits.FUTURE_DAYS + " days after today, UTC)");
            return null;
        }
        return t;
    }

    private <T> void unique(List<T> items, Function<T, String> id, Function<T, String> pointer, String suffix,
            String what) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String key = id.apply(item);
            if (!seen.add(key)) {
                errors.add(pointer.apply(item) + suffix, "duplicate " + what + " '" + key + "'");
            }
        }
    }
}
