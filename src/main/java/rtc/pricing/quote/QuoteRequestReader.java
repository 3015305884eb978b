package rtc.pricing.quote;

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
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.quote.QuoteInput.Interval;
import rtc.pricing.quote.QuoteInput.RecordingTask;
import rtc.pricing.quote.QuoteInput.Room;
import rtc.pricing.quote.QuoteInput.Segment;
import rtc.pricing.quote.QuoteInput.Stream;
import rtc.pricing.quote.QuoteInput.Subscription;
import rtc.pricing.quote.QuoteInput.TranscodingTask;
import rtc.pricing.quote.QuoteInput.User;

/**
 * Reads a quote request (api.md) from its JSON tree, checking every field and collecting ALL errors with
 * their JSON Pointers before anything is priced. Only structure is checked here; whether a resolution has
 * a tier is for the tier rules to say.
 */
public final class QuoteRequestReader {

    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private QuoteRequestReader() {
    }

    public static QuoteInput read(JsonNode root) {
        QuoteRequestReader r = new QuoteRequestReader();
        QuoteInput input = r.request(root);
        if (!r.errors.isEmpty()) {
            throw new InputException(r.errors);
        }
        return input;
    }

    private QuoteInput request(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "the request body must be a JSON object");
            return null;
        }
        String appId = optionalText(root, "appId", "");
        List<Room> rooms = list(root, "rooms", "", this::room);
        List<RecordingTask> recordings = list(root, "recordings", "", this::recording);
        List<TranscodingTask> transcodings = list(root, "transcodings", "", this::transcoding);
        if (rooms.isEmpty() && recordings.isEmpty() && transcodings.isEmpty() && errors.isEmpty()) {
            error("", "at least one of rooms, recordings, transcodings must be non-empty");
        }
        unique(rooms, Room::roomId, Room::pointer, "/roomId", "roomId");
        unique(recordings, RecordingTask::taskId, RecordingTask::pointer, "/taskId", "taskId");
        unique(transcodings, TranscodingTask::taskId, TranscodingTask::pointer, "/taskId", "taskId");
        return new QuoteInput(appId, rooms, recordings, transcodings, warnings);
    }

    // ---- base service ----

    private Room room(JsonNode node, String p) {
        String roomId = requiredText(node, "roomId", p);
        List<User> users = list(node, "users", p, this::user);
        List<Stream> streams = list(node, "streams", p, this::stream);
        Map<String, Stream> streamsById = new HashMap<>();
        streams.stream().filter(st -> st.streamId() != null).forEach(st -> streamsById.putIfAbsent(st.streamId(), st));
        List<Subscription> subs = list(node, "subscriptions", p, (n, sp) -> subscription(n, sp, streamsById));
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

    private User user(JsonNode node, String p) {
        String userId = requiredText(node, "userId", p);
        List<Interval> presence = list(node, "presence", p, (n, ip) -> interval(n, ip, "from", "to"));
        List<Interval> sorted = new ArrayList<>(presence.stream().filter(java.util.Objects::nonNull).toList());
        sorted.sort(Comparator.comparingLong(Interval::from));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).from() < sorted.get(i - 1).to()) {
                error(p + "/presence", "presence intervals of user '" + userId + "' overlap");
                break;
            }
        }
        return new User(userId, p, sorted);
    }

    private Stream stream(JsonNode node, String p) {
        String streamId = requiredText(node, "streamId", p);
        String userId = requiredText(node, "userId", p);
        String type = enumText(node, "type", p, Set.of("CAMERA", "SCREEN"), true);
        VideoFormat video = optionalVideo(node, "video", p);
        return new Stream(streamId, userId, type, video, p);
    }

    private Subscription subscription(JsonNode node, String p, Map<String, Stream> streams) {
        String userId = requiredText(node, "userId", p);
        String streamId = requiredText(node, "streamId", p);
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

    private static boolean within(Interval at, User user) {
        return user.presence().stream().anyMatch(stay -> stay.from() <= at.from() && at.to() <= stay.to());
    }

    // ---- value-added services ----

    private RecordingTask recording(JsonNode node, String p) {
        String taskId = requiredText(node, "taskId", p);
        String mode = enumText(node, "mode", p, Set.of("SINGLE", "MIXED"), true);
        int files = 1;
        JsonNode f = node.get("files");
        if (f != null && !f.isNull()) {
            if (!f.isIntegralNumber() || !f.canConvertToInt()) {
                error(p + "/files", "must be an integer");
            } else if (f.intValue() < 1) {
                error(p + "/files", "must be at least 1");
            } else {
                files = f.intValue();
            }
        }
        List<Segment> inputs = segments(node, p, true);
        return new RecordingTask(taskId, mode == null ? null : Mode.valueOf(mode), files, inputs, p);
    }

    private TranscodingTask transcoding(JsonNode node, String p) {
        String taskId = requiredText(node, "taskId", p);
        String codec = enumText(node, "codec", p, Set.of("H264", "H265"), false);
        boolean outputAudio = true;
        VideoFormat output = null;
        JsonNode out = node.get("output");
        if (out == null || out.isNull()) {
            error(p + "/output", "is required");
        } else if (!out.isObject()) {
            error(p + "/output", "must be an object");
        } else {
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
        List<Segment> inputs = list(task, "inputs", p, (n, sp) -> segment(n, sp, resumeWaitAllowed));
        if (inputs.isEmpty() && task.isObject()) {
            JsonNode in = task.get("inputs");
            if (in == null || in.isNull() || (in.isArray() && in.isEmpty())) {
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
        String streamId = requiredText(node, "streamId", p);
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

    private <T> List<T> list(JsonNode parent, String field, String p, ElementReader<T> reader) {
        JsonNode node = parent.get(field);
        List<T> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        String lp = p + "/" + field;
        if (!node.isArray()) {
            error(lp, "must be an array");
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

    private String requiredText(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            error(p + "/" + field, "is required");
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            error(p + "/" + field, "must be a non-empty string");
            return null;
        }
        return v.textValue();
    }

    private String optionalText(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            error(p + "/" + field, "must be a string");
            return null;
        }
        return v.textValue();
    }

    private String enumText(JsonNode node, String field, String p, Set<String> allowed, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(p + "/" + field, "is required; one of " + sorted(allowed));
            }
            return null;
        }
        if (!v.isTextual() || !allowed.contains(v.textValue())) {
            error(p + "/" + field, "unknown value " + v + "; expected one of " + sorted(allowed));
            return null;
        }
        return v.textValue();
    }

    private boolean optionalBoolean(JsonNode node, String field, String p, boolean absent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            error(p + "/" + field, "must be true or false");
            return absent;
        }
        return v.booleanValue();
    }

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
        Integer w = side(v, "width", vp);
        Integer h = side(v, "height", vp);
        return w == null || h == null ? null : VideoFormat.of(w, h);
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
        Long from = time(node, fromField, p);
        Long to = time(node, toField, p);
        if (from == null || to == null) {
            return null;
        }
        if (to <= from) {
            error(p + "/" + toField, "must be later than " + fromField + " (intervals are [from, to), whole seconds)");
            return null;
        }
        return new Interval(from, to);
    }

    private Long time(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            error(p + "/" + field, "is required");
            return null;
        }
        if (!v.isTextual()) {
            error(p + "/" + field, "must be an ISO-8601 date-time with an offset");
            return null;
        }
        try {
            return Timestamps.epochSecond(v.textValue());
        } catch (DateTimeParseException e) {
            error(p + "/" + field, "must be an ISO-8601 date-time with an offset, e.g. 2022-06-01T00:00:00+08:00");
            return null;
        }
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

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private void error(String pointer, String message) {
        errors.add(new FieldError(pointer, message));
    }
}
