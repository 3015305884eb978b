package rtc.pricing.facts;

import java.time.Duration;
import java.time.Period;

import org.kie.api.runtime.rule.RuleContext;

/**
 * What unpaid bills do to an account, stated once by a catalogue rule ({@code when Catalogue()}): the service stops
 * {@code stopAfter} after a bill the balance could not pay, unless a top-up clears the arrears first, and an account
 * stopped that long for arrears has its resources, packages included, reclaimed {@code reclaimAfter} later.
 */
public record ArrearsPolicy(Duration stopAfter, Period reclaimAfter, String rule) implements Stated {

    /** @param stopAfter an ISO-8601 duration, e.g. "PT24H"; @param reclaimAfter an ISO-8601 period, e.g. "P60D" */
    public static ArrearsPolicy of(String stopAfter, String reclaimAfter, RuleContext kcontext) {
        return new ArrearsPolicy(Duration.parse(stopAfter), Period.parse(reclaimAfter), kcontext.getRule().getName());
    }
}
