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

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.Codec;
import rtc.pricing.facts.Mode;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.http.FieldReader;
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
 * Reads a quote request (api.md) from its JSON tree, checking every field and collecting the errors with
 * their JSON Pointers before anything is priced (at most {@link QuoteLimits#MAX_REPORTED_ERRORS} are listed).
 * Only structure and the published limits ({@link QuoteLimits}) are checked here; whether a resolution has
 * a tier is for the tier rules to say. Unknown fields are errors. The cost is linear in the size of the tree
 * (sorting aside): no check compares every element with every other.
 */
public final class QuoteRequestReader extends FieldReader {

    // The fields of each object of the request (api.md); anything else is an unknown field.
    /** {@code rulesVersion} is read by the resource: it picks the rules, it is not usage. */
    private static final Set<String> REQUEST = Set.of("appId", "priceBook", "rooms", "recordings", "transcodings",
            "rulesVersion");
    private static final Set<String> ROOM = Set.of("roomId", "users", "streams", "subscriptions");
    private static final Set<String> USER = Set.of("userId", "presence");
    private static final Set<String> STAY = Set.of("from", "to");
    private static final Set<String> STREAM = Set.of("streamId", "userId", "type", "video");
    private static final Set<String> SUBSCRIPTION = Set.of("userId", "streamId", "from", "to", "audioOnly",
            "receivedVideo");
    private static final Set<String> VIDEO = Set.of("width", "height");
    private static final Set<String> RECORDING = Set.of("taskId", "mode", "files", "inputs");
    private static final Set<String> TRANSCODING = Set.of("taskId", "codec", "output", "inputs");
    private static final Set<String> OUTPUT = Set.of("audio", "video");
    private static final Set<String> INPUT = Set.of("streamId", "audio", "video", "from", "to", "resumeWait");
    private static final int MAX_TIMESTAMP_LENGTH = 64;

    private final QuoteLimits limits;
    private final long latest;
    private final Set<VideoFormat> resolutions = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private long intervals;
    private long minFrom = Long.MAX_VALUE, maxTo = Long.MIN_VALUE;
    private String minFromPointer, maxToPointer;

    private QuoteRequestReader(QuoteLimits limits) {
        this.limits = limits;
        this.latest = limits.latestEpochSecond();
    }

    /** Reads a request under the published limits, "today" from the system clock. */
    public static QuoteInput read(JsonNode root) {
        return read(root, QuoteLimits.standard());
    }

    public static QuoteInput read(JsonNode root, QuoteLimits limits) {
        QuoteRequestReader r = new QuoteRequestReader(limits);
        QuoteInput input = r.request(root);
        r.throwIfAny();
        return input;
    }

    private QuoteInput request(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "the request body must be a JSON object");
            return null;
        }
        known(root, "", REQUEST);
        String appId = optionalId(root, "appId", "");
        List<Room> rooms = list(root, "rooms", "", QuoteLimits.MAX_ROOMS, "rooms per request", this::room);
        List<RecordingTask> recordings = list(root, "recordings", "", QuoteLimits.MAX_TASKS,
                "recordings per request", this::recording);
        List<TranscodingTask> transcodings = list(root, "transcodings", "", QuoteLimits.MAX_TASKS,
                "transcodings per request", this::transcoding);
        if (rooms.isEmpty() && recordings.isEmpty() && transcodings.isEmpty() && errors.isEmpty()) {
            error("", "at least one of rooms, recordings, transcodings must be non-empty");
        }
        if (intervals > limits.maxIntervals()) {
            error("", "the request holds " + QuoteLimits.count(intervals) + " intervals (presence stays, subscriptions"
                    + " and task inputs); at most " + QuoteLimits.count(limits.maxIntervals())
                    + " per request: split it into several requests");
        }
        if (maxToPointer != null && maxTo - minFrom > QuoteLimits.MAX_REQUEST_SECONDS) {
            error(maxToPointer, "the request spans " + span(maxTo - minFrom) + ", from " + Instant.ofEpochSecond(minFrom)
                    + " (" + minFromPointer + ") to " + Instant.ofEpochSecond(maxTo) + "; at most "
                    + QuoteLimits.MAX_REQUEST_DAYS + " days per request: split it into several requests");
        }
        unique(rooms, Room::roomId, Room::pointer, "/roomId", "roomId");
        unique(recordings, RecordingTask::taskId, RecordingTask::pointer, "/taskId", "taskId");
        unique(transcodings, TranscodingTask::taskId, TranscodingTask::pointer, "/taskId", "taskId");
        // Whether the rules state this book is for the engine to say: it holds the catalogue.
        String priceBook = optionalId(root, "priceBook", "");
        return new QuoteInput(appId, rooms, recordings, transcodings, warnings, priceBook);
    }

    // ---- base service ----

    private Room room(JsonNode node, String p) {
        known(node, p, ROOM);
        String roomId = requiredId(node, "roomId", p);
        List<User> users = list(node, "users", p, QuoteLimits.MAX_USERS_PER_ROOM, "users per room", this::user);
        List<Stream> streams = list(node, "streams", p, QuoteLimits.MAX_STREAMS_PER_ROOM, "streams per room",
                this::stream);
        Map<String, Stream> streamsById = new HashMap<>();
        streams.stream().filter(st -> st.streamId() != null).forEach(st -> streamsById.putIfAbsent(st.streamId(), st));
        List<Subscription> subs = list(node, "subscriptions", p, QuoteLimits.MAX_SUBSCRIPTIONS_PER_ROOM,
                "subscriptions per room", (n, sp) -> subscription(n, sp, streamsById));
        unique(users, User::userId, User::pointer, "/userId", "userId");
        unique(streams, Stream::streamId, Stream::pointer, "/streamId", "streamId");

        Map<String, User> usersById = new HashMap<>();
        users.forEach(u -> usersById.putIfAbsent(u.userId(), u));
        for (Stream s : streams) {
            if (s.userId() != null && !usersById.containsKey(s.userId())) {
                error(s.pointer() + "/userId", "unknown userId '" + s.userId() + "': not among this room's users");
            }
        }
        checkSubscriptions(subs, usersById, streamsById);
        return new Room(roomId, p, users, streams, subs);
    }

    /**
     * A user's presence, sorted; back-to-back stays (one ends when the next starts, e.g. a reconnect) are one
     * continuous presence (policy §6a), so they are merged here, before any check or the sweep. Overlapping stays
     * are an error.
     */
    private User user(JsonNode node, String p) {
        known(node, p, USER);
        String userId = requiredId(node, "userId", p);
        List<Interval> presence = list(node, "presence", p, QuoteLimits.MAX_STAYS_PER_USER, "stays per user",
                (n, ip) -> {
                    known(n, ip, STAY);
                    return interval(n, ip, "from", "to");
                });
        List<Interval> sorted = new ArrayList<>(presence.stream().filter(java.util.Objects::nonNull).toList());
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
            error(p + "/presence", "presence intervals of user '" + userId + "' overlap");
        }
        return new User(userId, p, merged);
    }

    private Stream stream(JsonNode node, String p) {
        known(node, p, STREAM);
        String streamId = requiredId(node, "streamId", p);
        String userId = requiredId(node, "userId", p);
        String type = enumText(node, "type", p, Set.of("CAMERA", "SCREEN"), true);
        VideoFormat video = optionalVideo(node, "video", p);
        return new Stream(streamId, userId, type, video, p);
    }

    private Subscription subscription(JsonNode node, String p, Map<String, Stream> streams) {
        known(node, p, SUBSCRIPTION);
        String userId = requiredId(node, "userId", p);
        String streamId = requiredId(node, "streamId", p);
        Interval at = interval(node, p, "from", "to");
        boolean audioOnly = optionalBoolean(node, "audioOnly", p, false);
        VideoFormat receivedVideo = optionalVideo(node, "receivedVideo", p);
        Stream stream = streamId == null ? null : streams.get(streamId);
        if (streamId != null && stream == null) {
            error(p + "/streamId", "unknown streamId '" + streamId + "': not among this room's streams");
        }
        VideoFormat received = null;
        if (audioOnly && receivedVideo != null) {
            error(p + "/receivedVideo", "an audioOnly subscription receives no video");
        } else if (stream != null && stream.video() == null && receivedVideo != null) {
            error(p + "/receivedVideo", "stream '" + streamId + "' carries no video");
        } else if (stream != null && !audioOnly) {
            received = receivedVideo != null ? receivedVideo : stream.video();
        }
        if (stream != null && userId != null && userId.equals(stream.userId())) {
            error(p + "/streamId", "user '" + userId + "' cannot subscribe to its own stream");
        }
        return new Subscription(userId, streamId, at, received, p);
    }

    private void checkSubscriptions(List<Subscription> subs, Map<String, User> users, Map<String, Stream> streams) {
        Map<String, List<Subscription>> byUserStream = new HashMap<>();
        for (Subscription s : subs) {
            if (s.userId() == null || s.at() == null) {
                continue;
            }
            User user = users.get(s.userId());
            if (user == null) {
                error(s.pointer() + "/userId", "unknown userId '" + s.userId() + "': not among this room's users");
                continue;
            }
            if (!within(s.at(), user)) {
                error(s.pointer(), "subscription lies outside the presence of user '" + s.userId() + "'");
            }
            Stream stream = streams.get(s.streamId());
            User publisher = stream == null || stream.userId() == null ? null : users.get(stream.userId());
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
                    error(same.get(i).pointer(), "overlaps another subscription of user '" + same.get(i).userId()
                            + "' to stream '" + same.get(i).streamId() + "'");
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

    private RecordingTask recording(JsonNode node, String p) {
        known(node, p, RECORDING);
        String taskId = requiredId(node, "taskId", p);
        String mode = enumText(node, "mode", p, Set.of("SINGLE", "MIXED"), true);
        int files = 1;
        JsonNode f = node.get("files");
        if (f != null && !f.isNull()) {
            if (!f.isIntegralNumber() || !f.canConvertToInt()) {
                error(p + "/files", "must be an integer from 1 to " + QuoteLimits.MAX_FILES);
            } else if (f.intValue() < 1) {
                error(p + "/files", "must be at least 1");
            } else if (f.intValue() > QuoteLimits.MAX_FILES) {
                error(p + "/files", "must be at most " + QuoteLimits.MAX_FILES + " files per recording task");
            } else {
                files = f.intValue();
            }
        }
        List<Segment> inputs = segments(node, p, true);
        return new RecordingTask(taskId, mode == null ? null : Mode.valueOf(mode), files, inputs, p);
    }

    private TranscodingTask transcoding(JsonNode node, String p) {
        known(node, p, TRANSCODING);
        String taskId = requiredId(node, "taskId", p);
        String codec = enumText(node, "codec", p, Set.of("H264", "H265"), false);
        boolean outputAudio = true;
        VideoFormat output = null;
        JsonNode out = node.get("output");
        if (out == null || out.isNull()) {
            error(p + "/output", "is required");
        } else if (!out.isObject()) {
            error(p + "/output", "must be an object");
        } else {
            known(out, p + "/output", OUTPUT);
            outputAudio = optionalBoolean(out, "audio", p + "/output", true);
            output = optionalVideo(out, "video", p + "/output");
            if (!outputAudio && output == null) {
                error(p + "/output", "an output must carry audio or video");
            }
            if (output != null && codec == null && !node.hasNonNull("codec")) {
                error(p + "/codec", "is required for an output with video");
            }
        }
        List<Segment> inputs = segments(node, p, false);
        return new TranscodingTask(taskId, codec == null ? null : Codec.valueOf(codec), outputAudio, output, inputs, p);
    }

    private List<Segment> segments(JsonNode task, String p, boolean resumeWaitAllowed) {
        List<Segment> inputs = list(task, "inputs", p, QuoteLimits.MAX_INPUTS_PER_TASK, "inputs per task",
                (n, sp) -> segment(n, sp, resumeWaitAllowed));
        if (inputs.isEmpty() && task.isObject()) {
            JsonNode in = task.get("inputs");
            if (in == null || (in.isArray() && in.isEmpty())) { // null: list() said so
                error(p + "/inputs", "a task needs at least one input");
            }
        }
        Map<String, List<Segment>> byStream = new HashMap<>();
        for (Segment s : inputs) {
            if (s.streamId() != null && s.at() != null) {
                byStream.computeIfAbsent(s.streamId(), k -> new ArrayList<>()).add(s);
            }
        }
        for (List<Segment> same : byStream.values()) {
            same.sort(Comparator.comparingLong(s -> s.at().from()));
            for (int i = 1; i < same.size(); i++) {
                if (same.get(i).at().from() < same.get(i - 1).at().to()) {
                    error(same.get(i).pointer(), "overlaps another segment of stream '" + same.get(i).streamId() + "'");
                }
            }
        }
        return inputs;
    }

    private Segment segment(JsonNode node, String p, boolean resumeWaitAllowed) {
        known(node, p, INPUT);
        String streamId = requiredId(node, "streamId", p);
        boolean audio = optionalBoolean(node, "audio", p, true);
        VideoFormat video = optionalVideo(node, "video", p);
        Interval at = interval(node, p, "from", "to");
        boolean resumeWait = optionalBoolean(node, "resumeWait", p, false);
        if (resumeWait && !resumeWaitAllowed) {
            error(p + "/resumeWait", "only recording inputs have a wait-for-resume window");
        }
        if (!audio && video == null && !resumeWait) {
            error(p, "an input must carry audio or video");
        }
        return new Segment(streamId, audio, video, at, resumeWait, p);
    }

    // ---- field readers ----

    private interface ElementReader<T> {
        T read(JsonNode node, String pointer);
    }

    /**
     * The elements of an array field; more than {@code max} is an error (and the elements are not read). Absent is
     * none; null is an error, as api.md gives null no meaning for any list.
     */
    private <T> List<T> list(JsonNode parent, String field, String p, int max, String what, ElementReader<T> reader) {
        JsonNode node = parent.get(field);
        List<T> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        String lp = p + "/" + field;
        if (node.isNull()) {
            error(lp, "must be an array, not null (leave the field out for none)");
            return out;
        }
        if (!node.isArray()) {
            error(lp, "must be an array");
            return out;
        }
        if (node.size() > max) {
            error(lp, "holds " + QuoteLimits.count(node.size()) + " elements; at most " + QuoteLimits.count(max) + " "
                    + what);
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String ep = lp + "/" + i;
            if (!element.isObject()) {
                error(ep, "must be an object");
                continue;
            }
            out.add(reader.read(element, ep));
        }
        return out;
    }

    /** Names every field of {@code node} that its kind of object does not have, with a hint when one is close. */
    private VideoFormat optionalVideo(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String vp = p + "/" + field;
        if (!v.isObject()) {
            error(vp, "must be an object {width, height} or null");
            return null;
        }
        known(v, vp, VIDEO);
        Integer w = side(v, "width", vp);
        Integer h = side(v, "height", vp);
        if (w == null || h == null) {
            return null;
        }
        VideoFormat format = VideoFormat.of(w, h);
        // Each distinct resolution is a fact the tier rules classify: bound them, not just the intervals.
        if (resolutions.size() < QuoteLimits.MAX_RESOLUTIONS) {
            resolutions.add(format);
        } else if (!resolutions.contains(format)) {
            error(vp, "is one resolution too many: a request may use at most "
                    + QuoteLimits.count(QuoteLimits.MAX_RESOLUTIONS) + " distinct resolutions");
            return null;
        }
        return format;
    }

    private Integer side(JsonNode video, String field, String p) {
        JsonNode v = video.get(field);
        if (v == null || v.isNull()) {
            error(p + "/" + field, "is required");
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            error(p + "/" + field, "must be an integer number of pixels");
            return null;
        }
        if (v.intValue() <= 0) {
            error(p + "/" + field, "must be positive: no video tier exists for " + v.intValue() + " pixels");
            return null;
        }
        return v.intValue();
    }

    private Interval interval(JsonNode node, String p, String fromField, String toField) {
        intervals++;
        Long from = time(node, fromField, p);
        Long to = time(node, toField, p);
        if (from == null || to == null) {
            return null;
        }
        if (to <= from) {
            error(p + "/" + toField, "must be later than " + fromField + " (intervals are [from, to), whole seconds)");
            return null;
        }
        if (to - from > QuoteLimits.MAX_INTERVAL_SECONDS) {
            error(p + "/" + toField, "must be at most " + QuoteLimits.MAX_INTERVAL_HOURS + " hours after " + fromField
                    + " (got " + span(to - from) + "); send longer usage as back-to-back intervals");
            return null;
        }
        if (from < minFrom) {
            minFrom = from;
            minFromPointer = p + "/" + fromField;
        }
        if (to > maxTo) {
            maxTo = to;
            maxToPointer = p + "/" + toField;
        }
        return new Interval(from, to);
    }

    private static String span(long seconds) {
        long days = seconds / 86_400, hours = seconds % 86_400 / 3_600, rest = seconds % 3_600;
        return (days > 0 ? QuoteLimits.count(days) + " d " : "") + hours + " h" + (rest > 0 ? " " + rest + " s" : "");
    }

    private Long time(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            error(p + "/" + field, "is required");
            return null;
        }
        if (!v.isTextual() || v.textValue().length() > MAX_TIMESTAMP_LENGTH) {
            error(p + "/" + field, "must be an ISO-8601 date-time with an offset, e.g. 2022-06-01T00:00:00+08:00");
            return null;
        }
        long t;
        try {
            t = Timestamps.epochSecond(v.textValue());
        } catch (DateTimeParseException e) {
            error(p + "/" + field, "must be an ISO-8601 date-time with an offset, e.g. 2022-06-01T00:00:00+08:00");
            return null;
        }
        if (t < QuoteLimits.EARLIEST_EPOCH_SECOND) {
            error(p + "/" + field, "must be on or after " + QuoteLimits.EARLIEST + " (the earliest instant accepted)");
            return null;
        }
        if (t > latest) {
            error(p + "/" + field, "must be on or before " + Instant.ofEpochSecond(latest) + " ("
                    + QuoteLimits.FUTURE_DAYS + " days after today, UTC)");
            return null;
        }
        return t;
    }

    private <T> void unique(List<T> items, java.util.function.Function<T, String> id,
            java.util.function.Function<T, String> pointer, String suffix, String what) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String key = id.apply(item);
            if (key != null && !seen.add(key)) {
                error(pointer.apply(item) + suffix, "duplicate " + what + " '" + key + "'");
            }
        }
    }
}
