package rtc.pricing.bench;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.http.QuoteLimits;
import rtc.pricing.quote.QuoteInput;
import rtc.pricing.quote.QuoteRequest;

/**
 * A deterministic synthetic day of usage (fixed seed, {@link SplittableRandom}), built as the JSON request of
 * api.md and read through {@link QuoteRequest} — so the benchmark input is exactly what the API would
 * price, and is validated the same way (presence, overlaps, subscriptions inside presence).
 * <p>
 * Rooms (day 2022-06-01, +08:00, starting between 06:00 and 23:00, some running past midnight):
 * <ul>
 * <li>35% one-to-one calls: 2 users, 5–60 min, video call (both cameras) or voice call (both mic-only);</li>
 * <li>35% meetings: 3–8 users, 15–120 min, cameras / mic-only / listeners, sometimes a screen share;</li>
 * <li>30% classes: 9–50 users, 40–180 min, a teacher camera (often with a screen share), a few student
 * cameras and microphones, the rest listening.</li>
 * </ul>
 * Users join late or leave early now and then, and have 1–4 stays (enter / leave / re-enter). Every present user
 * receives every stream of the others while both are present (one subscription per overlap of the two
 * presences); 8% of the subscriptions to a video stream are {@code audioOnly}, 15% of those to a stream above
 * 640×480 receive a smaller simulcast layer ({@code receivedVideo}). Resolutions span SD to 4K.
 * <p>
 * With {@link Content#MIXED} the same rooms come with value-added tasks (generated from a separate random
 * stream, so the rooms are identical in both variants): 25% of rooms have a MIXED recording (some writing two
 * files, with resolution changes as extra segments and wait-for-resume windows), 5% a SINGLE recording, 15% an
 * MCU transcoding (H.264 or H.265, HD/FHD/SD or audio-only output).
 * <p>
 * All times are whole ticks of 10 s from the day start; {@code durationDivisor} (1, 2, 5 or 10) shrinks every
 * duration by that factor while keeping the same intervals, in the same order — the same work for a sweep whose
 * cost follows intervals, not seconds.
 */
public final class SyntheticDay {

    public static final long SEED = 0x2022_0601_5EEDL;
    public static final long DAY_START = OffsetDateTime.parse("2022-06-01T00:00:00+08:00").toEpochSecond();
    private static final int TICK_SECONDS = 10;
    private static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public enum Content {
        /** rooms only: base service */
        ROOMS,
        /** rooms plus recording and transcoding tasks */
        MIXED
    }

    /** What a day holds; user-hours = the sum of all presence durations. */
    public record Stats(int rooms, long users, long stays, long streams, long subscriptions, long recordingTasks,
            long transcodingTasks, long segments, long presenceSeconds, long segmentSeconds) {

        public double userHours() {
            return presenceSeconds / 3600.0;
        }

        /** Every interval of the request: presence stays, subscriptions, task input segments. */
        public long intervals() {
            return stays + subscriptions + segments;
        }

        @Override
        public String toString() {
            return String.format("%d rooms, %d users, %d stays, %d streams, %d subscriptions, %d recording + %d"
                    + " transcoding tasks with %d segments; %d intervals; %.1f user-hours", rooms, users, stays,
                    streams, subscriptions, recordingTasks, transcodingTasks, segments, intervals(), userHours());
        }
    }

    private static final int[][] CAMERA = { { 320, 240 }, { 640, 360 }, { 640, 480 }, { 960, 540 }, { 1280, 720 },
            { 1920, 1080 }, { 2560, 1440 }, { 3840, 2160 } };
    private static final int[] CAMERA_WEIGHTS = { 5, 30, 15, 10, 25, 10, 3, 2 };
    private static final int[][] TEACHER = { { 1280, 720 }, { 1920, 1080 }, { 2560, 1440 } };
    private static final int[] TEACHER_WEIGHTS = { 50, 40, 10 };
    private static final int[][] SCREEN = { { 1280, 720 }, { 1920, 1080 }, { 2560, 1440 }, { 3840, 2160 } };
    private static final int[] SCREEN_WEIGHTS = { 25, 50, 15, 10 };
    private static final int[][] SIMULCAST_LOW = { { 320, 180 }, { 640, 360 } };

    private final int durationDivisor;

    private SyntheticDay(int durationDivisor) {
        if (durationDivisor < 1 || TICK_SECONDS % durationDivisor != 0) {
            throw new IllegalArgumentException("durationDivisor must divide " + TICK_SECONDS);
        }
        this.durationDivisor = durationDivisor;
    }

    /**
     * The day as a validated {@link QuoteInput}, read from its JSON request under the published limits, except the
     * cap on intervals per request (a day of 10,000 rooms holds ~1.2 million; an HTTP request, at most 200,000).
     */
    public static QuoteInput input(int rooms, Content content, int durationDivisor) {
        return QuoteRequest.read(request(rooms, content, durationDivisor),
                QuoteLimits.standard().withMaxIntervals(Integer.MAX_VALUE));
    }

    /** The day as the JSON request of POST /v1/quotes. */
    public static ObjectNode request(int rooms, Content content, int durationDivisor) {
        return new SyntheticDay(durationDivisor).day(rooms, content);
    }

    public static Stats stats(QuoteInput in) {
        long users = 0, stays = 0, streams = 0, subs = 0, segments = 0, presence = 0, segmentSeconds = 0;
        for (QuoteInput.Room room : in.rooms()) {
            users += room.users().size();
            streams += room.streams().size();
            subs += room.subscriptions().size();
            for (QuoteInput.User u : room.users()) {
                stays += u.presence().size();
                for (QuoteInput.Interval i : u.presence()) {
                    presence += i.seconds();
                }
            }
        }
        for (QuoteInput.RecordingTask t : in.recordings()) {
            segments += t.inputs().size();
            segmentSeconds += t.inputs().stream().mapToLong(s -> s.at().seconds()).sum();
        }
        for (QuoteInput.TranscodingTask t : in.transcodings()) {
            segments += t.inputs().size();
            segmentSeconds += t.inputs().stream().mapToLong(s -> s.at().seconds()).sum();
        }
        return new Stats(in.rooms().size(), users, stays, streams, subs, in.recordings().size(),
                in.transcodings().size(), segments, presence, segmentSeconds);
    }

    // ---- generation ----

    private enum Kind { CALL, MEETING, CLASS }

    /** A stream with the ticks during which it is published. */
    private record Pub(String streamId, int user, String type, int[] video, boolean audio, List<long[]> windows) {
    }

    private ObjectNode day(int roomCount, Content content) {
        SplittableRandom root = new SplittableRandom(SEED);
        ObjectNode request = JSON.objectNode();
        request.put("appId", "1400000001");
        ArrayNode rooms = request.putArray("rooms");
        ArrayNode recordings = JSON.arrayNode();
        ArrayNode transcodings = JSON.arrayNode();
        for (int i = 0; i < roomCount; i++) {
            SplittableRandom r = root.split();
            String roomId = "room-" + i;
            List<Pub> pubs = room(r, roomId, rooms.addObject());
            // Drawn after the room, from its own stream: the rooms do not depend on the content variant.
            SplittableRandom t = new SplittableRandom(r.nextLong());
            if (content == Content.MIXED) {
                tasks(t, roomId, pubs, recordings, transcodings);
            }
        }
        if (!recordings.isEmpty()) {
            request.set("recordings", recordings);
        }
        if (!transcodings.isEmpty()) {
            request.set("transcodings", transcodings);
        }
        return request;
    }

    private List<Pub> room(SplittableRandom r, String roomId, ObjectNode room) {
        int roll = r.nextInt(100);
        Kind kind = roll < 35 ? Kind.CALL : roll < 70 ? Kind.MEETING : Kind.CLASS;
        int users;
        long length; // ticks
        switch (kind) {
            case CALL -> {
                users = 2;
                length = between(r, 30, 360);
            }
            case MEETING -> {
                users = between(r, 3, 8);
                length = between(r, 90, 720);
            }
            default -> {
                users = between(r, 9, 50);
                length = between(r, 240, 1080);
            }
        }
        long start = between(r, 6 * 360, 23 * 360); // 06:00 .. 23:00 in ticks
        long end = start + length;

        room.put("roomId", roomId);
        List<List<long[]>> presence = new ArrayList<>();
        ArrayNode usersNode = room.putArray("users");
        for (int u = 0; u < users; u++) {
            List<long[]> stays = stays(r, start, end);
            presence.add(stays);
            ObjectNode user = usersNode.addObject();
            user.put("userId", userId(u));
            ArrayNode p = user.putArray("presence");
            for (long[] s : stays) {
                interval(p.addObject(), s[0], s[1]);
            }
        }

        List<Pub> pubs = new ArrayList<>();
        switch (kind) {
            case CALL -> {
                boolean videoCall = r.nextInt(100) < 80;
                for (int u = 0; u < users; u++) {
                    pubs.add(videoCall ? camera(u, pick(r, CAMERA, CAMERA_WEIGHTS), presence)
                            : mic(u, presence));
                }
            }
            case MEETING -> {
                for (int u = 0; u < users; u++) {
                    int what = r.nextInt(100);
                    if (what < 70) {
                        pubs.add(camera(u, pick(r, CAMERA, CAMERA_WEIGHTS), presence));
                    } else if (what < 90) {
                        pubs.add(mic(u, presence));
                    }
                }
                if (r.nextInt(100) < 30) {
                    pubs.add(screen(r, r.nextInt(users), presence));
                }
            }
            default -> {
                pubs.add(camera(0, pick(r, TEACHER, TEACHER_WEIGHTS), presence));
                if (r.nextInt(100) < 70) {
                    pubs.add(screen(r, 0, presence));
                }
                int cameras = r.nextInt(4), mics = r.nextInt(4);
                for (int k = 0; k < cameras + mics; k++) {
                    int u = 1 + k; // students 1..6; a class has at least 9 users
                    pubs.add(k < cameras ? camera(u, pick(r, CAMERA, new int[] { 5, 45, 20, 10, 20, 0, 0, 0 }), presence)
                            : mic(u, presence));
                }
            }
        }
        ArrayNode streams = room.putArray("streams");
        for (Pub p : pubs) {
            ObjectNode s = streams.addObject();
            s.put("streamId", p.streamId());
            s.put("userId", userId(p.user()));
            s.put("type", p.type());
            video(s, "video", p.video());
        }

        ArrayNode subs = room.putArray("subscriptions");
        for (int u = 0; u < users; u++) {
            for (Pub p : pubs) {
                if (p.user() == u) {
                    continue;
                }
                for (long[] both : intersect(presence.get(u), p.windows())) {
                    ObjectNode s = subs.addObject();
                    s.put("userId", userId(u));
                    s.put("streamId", p.streamId());
                    interval(s, both[0], both[1]);
                    if (p.video() != null) {
                        int roll2 = r.nextInt(100);
                        if (roll2 < 8) {
                            s.put("audioOnly", true);
                        } else if (roll2 < 23 && (long) p.video()[0] * p.video()[1] > 640 * 480) {
                            video(s, "receivedVideo", SIMULCAST_LOW[r.nextInt(SIMULCAST_LOW.length)]);
                        }
                    }
                }
            }
        }
        return pubs;
    }

    /** 1–4 stays inside [start, end): late join / early leave now and then, re-entries between. */
    private static List<long[]> stays(SplittableRandom r, long start, long end) {
        long length = end - start;
        long enter = start + (r.nextInt(4) == 0 ? r.nextLong(length / 5 + 1) : 0);
        long leave = end - (r.nextInt(4) == 0 ? r.nextLong(length / 5 + 1) : 0);
        if (leave <= enter) {
            enter = start;
            leave = end;
        }
        int roll = r.nextInt(100);
        int count = roll < 55 ? 1 : roll < 85 ? 2 : roll < 95 ? 3 : 4;
        int cuts = 2 * (count - 1);
        if (leave - enter - 1 < cuts) {
            cuts = 0;
        }
        TreeSet<Long> points = new TreeSet<>();
        while (points.size() < cuts) {
            points.add(enter + 1 + r.nextLong(leave - enter - 1));
        }
        List<Long> all = new ArrayList<>();
        all.add(enter);
        all.addAll(points);
        all.add(leave);
        List<long[]> stays = new ArrayList<>();
        for (int k = 0; k + 1 < all.size(); k += 2) {
            stays.add(new long[] { all.get(k), all.get(k + 1) });
        }
        return stays;
    }

    private static Pub camera(int user, int[] video, List<List<long[]>> presence) {
        return new Pub(userId(user) + "-cam", user, "CAMERA", video, true, presence.get(user));
    }

    private static Pub mic(int user, List<List<long[]>> presence) {
        return new Pub(userId(user) + "-mic", user, "CAMERA", null, true, presence.get(user));
    }

    /** A screen share during part of the publisher's longest stay. */
    private static Pub screen(SplittableRandom r, int user, List<List<long[]>> presence) {
        long[] longest = presence.get(user).stream().max((a, b) -> Long.compare(a[1] - a[0], b[1] - b[0])).get();
        long from = longest[0] + r.nextLong(longest[1] - longest[0]);
        long to = from + 1 + r.nextLong(longest[1] - from);
        return new Pub(userId(user) + "-screen", user, "SCREEN", pick(r, SCREEN, SCREEN_WEIGHTS), false,
                List.of(new long[] { from, to }));
    }

    private static List<long[]> intersect(List<long[]> a, List<long[]> b) {
        List<long[]> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            long from = Math.max(a.get(i)[0], b.get(j)[0]);
            long to = Math.min(a.get(i)[1], b.get(j)[1]);
            if (from < to) {
                out.add(new long[] { from, to });
            }
            if (a.get(i)[1] < b.get(j)[1]) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    // ---- value-added tasks ----

    private void tasks(SplittableRandom r, String roomId, List<Pub> pubs, ArrayNode recordings,
            ArrayNode transcodings) {
        List<Pub> inputs = pubs.subList(0, Math.min(pubs.size(), 8)); // a mixed layout of at most 8 streams
        if (inputs.isEmpty()) {
            return;
        }
        int roll = r.nextInt(100);
        if (roll < 25) {
            ObjectNode task = recordings.addObject();
            task.put("taskId", roomId + "-rec");
            task.put("mode", "MIXED");
            task.put("files", r.nextInt(10) == 0 ? 2 : 1);
            segments(r, task.putArray("inputs"), inputs, true);
        } else if (roll < 30) {
            ObjectNode task = recordings.addObject();
            task.put("taskId", roomId + "-rec");
            task.put("mode", "SINGLE");
            segments(r, task.putArray("inputs"), inputs, false);
        }
        if (r.nextInt(100) < 15) {
            ObjectNode task = transcodings.addObject();
            task.put("taskId", roomId + "-mcu");
            task.put("codec", r.nextInt(100) < 80 ? "H264" : "H265");
            ObjectNode output = task.putObject("output");
            output.put("audio", true);
            int out = r.nextInt(100);
            video(output, "video", out < 60 ? new int[] { 1280, 720 } : out < 85 ? new int[] { 1920, 1080 }
                    : out < 90 ? new int[] { 640, 360 } : null);
            segments(r, task.putArray("inputs"), inputs, false);
        }
    }

    /**
     * One segment per published window; a video window longer than 20 minutes changes resolution once in 5
     * (a second segment); with {@code resumeWait}, a window the publisher left early is followed 3 times in 10
     * by a wait-for-resume window of up to 30 s.
     */
    private void segments(SplittableRandom r, ArrayNode out, List<Pub> inputs, boolean resumeWait) {
        for (Pub p : inputs) {
            List<long[]> windows = p.windows();
            for (int k = 0; k < windows.size(); k++) {
                long from = windows.get(k)[0], to = windows.get(k)[1];
                if (p.video() != null && to - from > 120 && r.nextInt(5) == 0) {
                    long change = from + 1 + r.nextLong(to - from - 1);
                    segment(out.addObject(), p.streamId(), p.audio(), p.video(), from, change, false);
                    int[] other = CAMERA[r.nextInt(CAMERA.length)];
                    segment(out.addObject(), p.streamId(), p.audio(), other, change, to, false);
                } else {
                    segment(out.addObject(), p.streamId(), p.audio(), p.video(), from, to, false);
                }
                if (resumeWait && r.nextInt(10) < 3) {
                    long limit = k + 1 < windows.size() ? windows.get(k + 1)[0] : Long.MAX_VALUE;
                    long waitEnd = Math.min(to + 3, limit);
                    if (waitEnd > to) {
                        segment(out.addObject(), p.streamId(), true, null, to, waitEnd, true);
                    }
                }
            }
        }
    }

    private void segment(ObjectNode s, String streamId, boolean audio, int[] video, long from, long to,
            boolean resumeWait) {
        s.put("streamId", streamId);
        s.put("audio", audio);
        video(s, "video", video);
        interval(s, from, to);
        if (resumeWait) {
            s.put("resumeWait", true);
        }
    }

    // ---- JSON helpers ----

    private void interval(ObjectNode node, long fromTick, long toTick) {
        node.put("from", time(fromTick));
        node.put("to", time(toTick));
    }

    private String time(long tick) {
        long t = DAY_START + tick * TICK_SECONDS / durationDivisor;
        return ISO.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(t), OFFSET));
    }

    private static void video(ObjectNode node, String field, int[] video) {
        if (video == null) {
            node.putNull(field);
        } else {
            ObjectNode v = node.putObject(field);
            v.put("width", video[0]);
            v.put("height", video[1]);
        }
    }

    private static String userId(int u) {
        return "u" + u;
    }

    private static int between(SplittableRandom r, int min, int max) {
        return min + r.nextInt(max - min + 1);
    }

    private static int[] pick(SplittableRandom r, int[][] values, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        throw new AssertionError();
    }

    /** Prints the statistics of a day: {@code SyntheticDay [rooms] [ROOMS|MIXED] [durationDivisor]}. */
    public static void main(String[] args) {
        int rooms = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Content content = args.length > 1 ? Content.valueOf(args[1]) : Content.ROOMS;
        int divisor = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long t0 = System.nanoTime();
        QuoteInput in = input(rooms, content, divisor);
        System.out.printf("%s (generated in %d ms)%n", stats(in), (System.nanoTime() - t0) / 1_000_000);
    }
}
