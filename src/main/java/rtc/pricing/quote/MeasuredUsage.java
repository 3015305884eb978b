package rtc.pricing.quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import rtc.pricing.facts.VideoFormat;

/**
 * What the sweep measured: seconds per usage key, and every video resolution of the request with the
 * JSON Pointers that use it (so a resolution no tier accepts can be reported against its fields).
 */
final class MeasuredUsage {

    /** Seconds of one key; for task-wide usage also the input streams that took part. */
    static final class Tally {
        long seconds;
        Set<String> streams;
    }

    private static final int POINTERS_PER_FORMAT = 10;

    final Map<UsageKey, Tally> tallies = new HashMap<>();
    final Map<VideoFormat, List<String>> formatUses = new LinkedHashMap<>();
    final Map<String, String> taskPointers = new HashMap<>();

    void add(UsageKey key, long seconds) {
        Tally t = tallies.computeIfAbsent(key, k -> new Tally());
        t.seconds = Math.addExact(t.seconds, seconds);
    }

    void addStream(UsageKey key, String streamId) {
        Tally t = tallies.computeIfAbsent(key, k -> new Tally());
        if (t.streams == null) {
            t.streams = new TreeSet<>();
        }
        t.streams.add(streamId);
    }

    void useFormat(VideoFormat format, String pointer) {
        if (format == null) {
            return;
        }
        List<String> uses = formatUses.computeIfAbsent(format, f -> new ArrayList<>(1));
        if (uses.size() < POINTERS_PER_FORMAT) {
            uses.add(pointer);
        }
    }
}
