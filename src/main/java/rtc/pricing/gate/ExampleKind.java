package rtc.pricing.gate;

import java.util.List;
import java.util.Set;

import rtc.pricing.rules.RuleSet;

/**
 * A kind of documented example other than a quote, named by the example's {@code "check"} (package prices,
 * deductions, legacy conversions…): it asks its question ({@code given} and {@code when}) of a rule set and
 * compares the answer with {@code then}. The gate replays every kind, and counts the rules each fires.
 */
public interface ExampleKind {

    /** The {@code "check"} value of the examples this kind replays. */
    String name();

    /**
     * Replays {@code example} with {@code rules}; returns what differs from its {@code then} (empty: it
     * reproduces), adding to {@code exercised} every rule that fired.
     */
    List<String> verify(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised);
}
