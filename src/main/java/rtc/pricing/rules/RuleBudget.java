package rtc.pricing.rules;

import java.time.Duration;

/**
 * How much work one rule session may do: at most {@code baseFirings + firingsPerFact × facts} rule firings,
 * and no firing after {@code deadline} from the session's start. A rule that re-fires itself, or a rule set
 * that loops only on a rare input, is stopped here instead of taking the heap or a worker thread with it.
 */
public record RuleBudget(int baseFirings, int firingsPerFact, Duration deadline) {

    /** Generous for the pricing rules (a quote fires about three rules per fact), small against a runaway. */
    public static final RuleBudget DEFAULT = new RuleBudget(1_000, 20, Duration.ofSeconds(3));

    public RuleBudget {
        if (baseFirings < 1 || firingsPerFact < 0 || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a rule budget needs positive firings and deadline");
        }
    }

    /** The firing cap of a session holding {@code facts} facts. */
    public long maxFirings(long facts) {
        return baseFirings + firingsPerFact * Math.max(0, facts);
    }
}
