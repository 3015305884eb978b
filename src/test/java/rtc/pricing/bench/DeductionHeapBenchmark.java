package rtc.pricing.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Locale;

import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionInput;
import rtc.pricing.packages.Deductions;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * Live heap of a deduction replay's state (not JMH: one measurement), on {@link DeductionBenchmark}'s month. The
 * streaming sink, handed the middle entry, runs full GCs until the heap is stable and reads it: everything still
 * reachable then is the input plus the replay's working state (its sort order, per-app cumulative seconds, postpaid
 * minutes per day/app/item, packages, events) — the entries already handed out are garbage. Printed: input (live
 * heap with the input minus before it) and replay state (live heap at the middle entry minus live heap with the input
 * just before the replay), in MB and bytes per entry.
 * <p>
 * Usage, from the project root: {@code java -Xms4g -Xmx4g -cp ... rtc.pricing.bench.DeductionHeapBenchmark
 * [apps] [days]} (default 100 30).
 */
public final class DeductionHeapBenchmark {

    private DeductionHeapBenchmark() {
    }

    public static void main(String[] args) {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        RuleSet rules = DeductionBenchmark.compileRules();
        DeductionEngine engine = new DeductionEngine(DeductionBenchmark.ZONE, RuleBudget.DEFAULT);
        engine.replay(DeductionBenchmark.month(1, 1), rules); // load the classes the replay uses
        long empty = liveHeap();
        DeductionInput input = DeductionBenchmark.month(apps, days);
        long n = input.usage().size();
        long before = liveHeap();
        long[] during = { -1 };
        long[] count = { 0 };
        engine.replay(input, rules, (Deductions.Entry e) -> {
            if (++count[0] == n / 2) {
                during[0] = liveHeap();
            }
        }, null);
        Reference.reachabilityFence(input);
        System.out.printf(Locale.ROOT, "| %d | %d | %,d | %,.0f | %,.0f | %,.0f | %,.0f |%n", apps, days, n,
                (before - empty) / 1e6, (double) (before - empty) / n, (during[0] - before) / 1e6,
                (double) (during[0] - before) / n);
    }

    /** Heap in use after full GCs, repeated until two readings agree within 1 MB. */
    private static long liveHeap() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 1_000_000) {
                return Math.min(previous, used);
            }
            previous = used;
        }
        return previous;
    }
}
