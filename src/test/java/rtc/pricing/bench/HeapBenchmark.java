package rtc.pricing.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.quote.Quote;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteInput;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;

/**
 * Heap footprint of one quote of a synthetic day (not JMH: one measurement per day). Run one day per JVM
 * (bench/inprocess-bench.sh does), with a small young generation so that GCs are frequent during the quote
 * ({@code -XX:+UseSerialGC -Xmn48m -XX:SurvivorRatio=1}). Figures, all from heap occupancy after GCs:
 * <ul>
 * <li><b>input</b>: heap held by the {@link QuoteInput} (live heap with it minus live heap before generating it);</li>
 * <li><b>peak during quote</b>: the largest heap occupancy right after any GC during the quote (or at its end),
 * minus the live heap just before it. Objects promoted to the old generation and dead by then still count, so this
 * is an <i>upper bound</i> of the quote's peak working set (input excluded, result included).</li>
 * </ul>
 * (A "retained after the quote" figure read the same way came out 2-3 times what {@code jmap -histo:live} shows —
 * about 260 bytes per attribution entry and none of the quote's working maps — so it is not reported.)
 * The quote is deliberately not warmed up: memory does not depend on JIT compilation, and a warm-up quote could
 * leave objects behind in the "before" figure. Live heap = after full GCs repeated until two readings agree.
 * <p>
 * Usage: {@code HeapBenchmark rooms:CONTENT:durationDivisor ...}, e.g. {@code 10000:ROOMS:1}; prints Markdown
 * table rows (the header too unless {@code -Dheap.header=false}). Run from the project root.
 */
public final class HeapBenchmark {

    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

    private HeapBenchmark() {
    }

    public static void main(String[] args) {
        List<String> specs = args.length > 0 ? List.of(args)
                : List.of("1000:ROOMS:1", "10000:ROOMS:1", "10000:ROOMS:10", "1000:MIXED:1", "10000:MIXED:1");
        RuleCompiler.Result compiled = new RuleCompiler(VideoFormat.class).compile(Path.of("rules"));
        if (!compiled.ok()) {
            throw new IllegalStateException("rules/ does not compile: " + compiled.problems());
        }
        RuleSet rules = compiled.ruleSet();
        QuoteEngine engine = new QuoteEngine(ZoneId.of("Asia/Shanghai"), n -> { });
        watchGcs();

        if (Boolean.parseBoolean(System.getProperty("heap.header", "true"))) {
            System.out.println("| rooms | content | durations | intervals | user-hours | input (MB) "
                + "| peak during quote, upper bound (MB) | peak/interval (B) |");
            System.out.println("|---:|---|---|---:|---:|---:|---:|---:|");
        }
        for (String spec : specs) {
            String[] p = spec.split(":");
            System.out.println(measure(engine, rules, Integer.parseInt(p[0]), SyntheticDay.Content.valueOf(p[1]),
                    Integer.parseInt(p[2])));
        }
    }

    /** In its own frame, so nothing of one day is still referenced while the next is measured. */
    private static String measure(QuoteEngine engine, RuleSet rules, int rooms, SyntheticDay.Content content,
            int divisor) {
        long empty = liveHeap();
        QuoteInput input = SyntheticDay.input(rooms, content, divisor);
        SyntheticDay.Stats stats = SyntheticDay.stats(input);
        long before = liveHeap(); // no quote has run yet: nothing of one can be left in this figure
        PEAK_AFTER_GC.set(0);
        Quote quote = engine.quote(input, rules);
        pause(); // GC notifications arrive on another thread
        long peak = Math.max(PEAK_AFTER_GC.get(), heapUsedNow()) - before;
        Reference.reachabilityFence(quote);
        Reference.reachabilityFence(input);
        return String.format(Locale.ROOT, "| %,d | %s | %s | %,d | %,.0f | %,.0f | %,.0f | %,.0f |", rooms,
                content, divisor == 1 ? "real" : "÷" + divisor, stats.intervals(), stats.userHours(),
                (before - empty) / 1e6, peak / 1e6, (double) peak / stats.intervals());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Heap in use after full GCs, repeated (giving finalizers and cleaners time to run) until it is stable. */
    private static long liveHeap() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            pause();
            long used = heapUsedNow();
            if (Math.abs(previous - used) < 1_000_000) {
                return Math.min(previous, used);
            }
            previous = used;
        }
        return previous;
    }

    private static long heapUsedNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Records the heap occupancy right after every GC. */
    private static void watchGcs() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                        .from((CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(e.getKey())) {
                        used += e.getValue().getUsed();
                    }
                }
                PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }
}
