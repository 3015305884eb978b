package rtc.pricing.rules;

import java.time.Duration;

/**
 * How much work one rule session may do: at most {@code baseFirings + firingsPerFact × facts} rule firings,
 * {@code deadline} of CPU time spent running its rules, {@code maxAllocatedBytes} allocated by them, and
 * {@code wallClock} of elapsed time as a backstop. A rule that re-fires itself, a rule set that loops only on a
 * rare input, or one consequence that computes without end, is stopped here instead of taking the heap or a
 * thread with it.
 * <p>
 * The deadline counts CPU time, not elapsed time, so a valid request on a machine busy with others is never
 * stopped for waiting its turn; the wall clock only catches what CPU time cannot see (a thread that gets no CPU
 * at all), and is therefore far larger.
 */
public record RuleBudget(int baseFirings, int firingsPerFact, Duration deadline, Duration wallClock,
        long maxAllocatedBytes) {

    /** Generous for the pricing rules (a quote fires about three rules per fact), small against a runaway. */
    public static final RuleBudget DEFAULT = new RuleBudget(1_000, 20, Duration.ofSeconds(3));

    /**
     * What the rules of one session may allocate: a large quote's session allocates a few MB, so this is far above
     * real rules and well below the heap of the smallest JVM the service runs in (the gate's 256 MB child).
     */
    public static final long DEFAULT_MAX_ALLOCATED_BYTES = 128L << 20;

    public RuleBudget {
        if (baseFirings < 1 || firingsPerFact < 0 || deadline.isNegative() || deadline.isZero()
                || wallClock.compareTo(deadline) < 0 || maxAllocatedBytes < 1) {
            throw new IllegalArgumentException("a rule budget needs positive firings, CPU time and memory, and a wall"
                    + " clock no shorter than its CPU time");
        }
    }

    /**
     * A budget of {@code deadline} CPU time, with a wall-clock backstop of ten times that (at least 30 s) and
     * {@link #DEFAULT_MAX_ALLOCATED_BYTES}.
     */
    public RuleBudget(int baseFirings, int firingsPerFact, Duration deadline) {
        this(baseFirings, firingsPerFact, deadline, backstop(deadline), DEFAULT_MAX_ALLOCATED_BYTES);
    }

    private static Duration backstop(Duration deadline) {
        Duration tenTimes = deadline.multipliedBy(10);
        return tenTimes.compareTo(Duration.ofSeconds(30)) > 0 ? tenTimes : Duration.ofSeconds(30);
    }

    /** The firing cap of a session holding {@code facts} facts. */
    public long maxFirings(long facts) {
        return baseFirings + firingsPerFact * Math.max(0, facts);
    }
}
