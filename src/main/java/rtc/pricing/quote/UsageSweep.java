package rtc.pricing.quote;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import rtc.pricing.facts.BaseAudioState;
import rtc.pricing.facts.BaseVideoReception;
import rtc.pricing.facts.RecordingAudioWindow;
import rtc.pricing.facts.RecordingInput;
import rtc.pricing.facts.Service;
import rtc.pricing.facts.TranscodingAudioWindow;
import rtc.pricing.facts.TranscodingInput;
import rtc.pricing.facts.TranscodingOutput;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.quote.QuoteInput.Interval;
import rtc.pricing.quote.QuoteInput.RecordingTask;
import rtc.pricing.quote.QuoteInput.Room;
import rtc.pricing.quote.QuoteInput.Segment;
import rtc.pricing.quote.QuoteInput.Stream;
import rtc.pricing.quote.QuoteInput.Subscription;
import rtc.pricing.quote.QuoteInput.TranscodingTask;
import rtc.pricing.quote.QuoteInput.User;

/**
 * Duration mechanics: turns timelines into seconds per usage kind, per billing day. Every computation sorts
 * the interval end points and sweeps them once, so its cost follows the number of intervals, never their
 * length. It decides nothing about price: which kind is billed how is for the rules.
 */
final class UsageSweep {

    // Sweep event codes, packed into the low bits of (time << 3).
    private static final int PRESENT_ON = 0, PRESENT_OFF = 1, VIDEO_ON = 2, VIDEO_OFF = 3, NOVIDEO_ON = 4,
            NOVIDEO_OFF = 5;

    private final BillingCalendar calendar;
    private final String appId;
    private final MeasuredUsage usage = new MeasuredUsage();
    /** The four audio states of each billing day, made once per day rather than per interval. */
    private final Map<LocalDate, BaseAudioState[]> audioStates = new HashMap<>();

    UsageSweep(BillingCalendar calendar, String appId) {
        this.calendar = calendar;
        this.appId = appId;
    }

    static MeasuredUsage measure(QuoteInput input, BillingCalendar calendar) {
        UsageSweep sweep = new UsageSweep(calendar, input.appId());
        input.rooms().forEach(sweep::room);
        input.recordings().forEach(sweep::recording);
        input.transcodings().forEach(sweep::transcoding);
        return sweep.usage;
    }

    // ---- base service ----

    private void room(Room room) {
        Map<String, VideoFormat> published = new HashMap<>();
        for (Stream s : room.streams()) {
            usage.useFormat(s.video(), s.pointer() + "/video");
            published.put(s.streamId(), s.video());
        }
        Map<String, List<Subscription>> subsByUser = new HashMap<>();
        for (Subscription s : room.subscriptions()) {
            subsByUser.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s);
            if (s.received() != null && !s.received().equals(published.get(s.streamId()))) {
                usage.useFormat(s.received(), s.pointer() + "/receivedVideo"); // an override
            }
        }
        for (User user : room.users()) {
            user(room.roomId(), user, subsByUser.getOrDefault(user.userId(), List.of()));
        }
    }

    private void user(String roomId, User user, List<Subscription> subs) {
        long[] events = new long[2 * (user.presence().size() + subs.size())];
        int n = 0;
        for (Interval stay : user.presence()) {
            events[n++] = event(stay.from(), PRESENT_ON);
            events[n++] = event(stay.to(), PRESENT_OFF);
        }
        for (Subscription s : subs) {
            boolean video = s.received() != null;
            events[n++] = event(s.at().from(), video ? VIDEO_ON : NOVIDEO_ON);
            events[n++] = event(s.at().to(), video ? VIDEO_OFF : NOVIDEO_OFF);
            if (video) {
                calendar.split(s.at().from(), s.at().to(), (date, from, to) -> usage.add(
                        new UsageKey(date, Service.BASE, roomId, null, user.userId(), s.streamId(),
                                new BaseVideoReception(date, appId, s.received())), to - from));
            }
        }
        Arrays.sort(events);
        int present = 0, video = 0, noVideo = 0;
        long previous = Long.MIN_VALUE;
        for (long e : events) {
            long t = e >> 3;
            if (present > 0 && t > previous) {
                int state = (video > 0 ? 2 : 0) + (noVideo > 0 ? 1 : 0);
                calendar.split(previous, t, (date, from, to) -> usage.add(new UsageKey(date, Service.BASE, roomId, null,
                        user.userId(), null, audioState(date, state)), to - from));
            }
            switch ((int) (e & 7)) {
                case PRESENT_ON -> present++;
                case PRESENT_OFF -> present--;
                case VIDEO_ON -> video++;
                case VIDEO_OFF -> video--;
                case NOVIDEO_ON -> noVideo++;
                default -> noVideo--;
            }
            previous = t;
        }
    }

    /** (time × 8) | code, overflow-checked: times are bounded by the published limits, but never wrap. */
    private BaseAudioState audioState(LocalDate date, int state) {
        return audioStates.computeIfAbsent(date, d -> new BaseAudioState[] {
                new BaseAudioState(d, appId, false, false), new BaseAudioState(d, appId, false, true),
                new BaseAudioState(d, appId, true, false), new BaseAudioState(d, appId, true, true) })[state];
    }

    private static long event(long time, int code) {
        return Math.multiplyExact(time, 8L) | code;
    }

    // ---- value-added services ----

    /** The instants of a task at which inputs are active, and those at which none of them carries video. */
    private record Windows(List<Interval> active, List<Interval> audioOnly) {
    }

    private static Windows windows(List<Segment> inputs) {
        long[] events = new long[2 * inputs.size()];
        int n = 0;
        for (Segment s : inputs) {
            int on = s.carriesVideo() ? VIDEO_ON : NOVIDEO_ON;
            events[n++] = event(s.at().from(), on);
            events[n++] = event(s.at().to(), on + 1);
        }
        Arrays.sort(events);
        List<Interval> active = new ArrayList<>();
        List<Interval> audioOnly = new ArrayList<>();
        int video = 0, noVideo = 0;
        long previous = Long.MIN_VALUE;
        for (long e : events) {
            long t = e >> 3;
            if (t > previous && video + noVideo > 0) {
                append(active, previous, t);
                if (video == 0) {
                    append(audioOnly, previous, t);
                }
            }
            switch ((int) (e & 7)) {
                case VIDEO_ON -> video++;
                case VIDEO_OFF -> video--;
                case NOVIDEO_ON -> noVideo++;
                default -> noVideo--;
            }
            previous = t;
        }
        return new Windows(active, audioOnly);
    }

    /** Appends [from, to) to sorted disjoint intervals, merging with the last one when they touch. */
    private static void append(List<Interval> intervals, long from, long to) {
        int last = intervals.size() - 1;
        if (last >= 0 && intervals.get(last).to() == from) {
            intervals.set(last, new Interval(intervals.get(last).from(), to));
        } else {
            intervals.add(new Interval(from, to));
        }
    }

    /** Calls {@code piece} for the parts of {@code at} inside and outside the sorted disjoint {@code windows}. */
    private static void partition(Interval at, List<Interval> windows, PartConsumer piece) {
        int i = firstEndingAfter(windows, at.from());
        long cursor = at.from();
        for (; i < windows.size() && windows.get(i).from() < at.to(); i++) {
            Interval w = windows.get(i);
            long from = Math.max(w.from(), at.from());
            long to = Math.min(w.to(), at.to());
            if (from > cursor) {
                piece.accept(cursor, from, false);
            }
            piece.accept(from, to, true);
            cursor = to;
        }
        if (cursor < at.to()) {
            piece.accept(cursor, at.to(), false);
        }
    }

    private interface PartConsumer {
        void accept(long from, long to, boolean inside);
    }

    private static int firstEndingAfter(List<Interval> sorted, long t) {
        int lo = 0, hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).to() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void recording(RecordingTask task) {
        Windows windows = windows(task.inputs());
        String taskId = task.taskId();
        for (Segment s : task.inputs()) {
            usage.useFormat(s.video(), s.pointer() + "/video");
            partition(s.at(), s.carriesVideo() ? List.of() : windows.audioOnly(), (from, to, allAudio) -> {
                calendar.split(from, to, (date, f, t) -> {
                    RecordingInput kind = new RecordingInput(date, appId, task.mode(), task.files(), s.video(),
                            s.audio(), s.resumeWait(), allAudio);
                    usage.add(new UsageKey(date, Service.RECORDING, null, taskId, null, s.streamId(), kind), t - f);
                    if (allAudio) {
                        usage.addStream(windowKey(date, Service.RECORDING, taskId,
                                new RecordingAudioWindow(date, appId, task.mode(), task.files())), s.streamId());
                    }
                });
            });
        }
        for (Interval w : windows.audioOnly()) {
            calendar.split(w.from(), w.to(), (date, f, t) -> usage.add(windowKey(date, Service.RECORDING, taskId,
                    new RecordingAudioWindow(date, appId, task.mode(), task.files())), t - f));
        }
    }

    private void transcoding(TranscodingTask task) {
        Windows windows = windows(task.inputs());
        String taskId = task.taskId();
        usage.taskPointers.put(taskId, task.pointer());
        usage.useFormat(task.output(), task.pointer() + "/output/video");
        for (Segment s : task.inputs()) {
            usage.useFormat(s.video(), s.pointer() + "/video");
            partition(s.at(), s.carriesVideo() ? List.of() : windows.audioOnly(), (from, to, allAudio) ->
                    calendar.split(from, to, (date, f, t) -> {
                        TranscodingInput kind = new TranscodingInput(date, appId, task.codec(), task.output(),
                                s.video(), s.audio(), allAudio);
                        usage.add(new UsageKey(date, Service.TRANSCODING, null, taskId, null, s.streamId(), kind),
                                t - f);
                        if (allAudio) {
                            usage.addStream(windowKey(date, Service.TRANSCODING, taskId,
                                    new TranscodingAudioWindow(date, appId, task.codec(), task.output())), s.streamId());
                        }
                        usage.addStream(windowKey(date, Service.TRANSCODING, taskId,
                                new TranscodingOutput(date, appId, task.codec(), task.output())), s.streamId());
                    }));
        }
        for (Interval w : windows.audioOnly()) {
            calendar.split(w.from(), w.to(), (date, f, t) -> usage.add(windowKey(date, Service.TRANSCODING, taskId,
                    new TranscodingAudioWindow(date, appId, task.codec(), task.output())), t - f));
        }
        for (Interval w : windows.active()) {
            calendar.split(w.from(), w.to(), (date, f, t) -> usage.add(windowKey(date, Service.TRANSCODING, taskId,
                    new TranscodingOutput(date, appId, task.codec(), task.output())), t - f));
        }
    }

    private static UsageKey windowKey(LocalDate date, Service service, String taskId, Object kind) {
        return new UsageKey(date, service, null, taskId, null, null, kind);
    }

}
