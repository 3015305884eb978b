package rtc.pricing.packages;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import rtc.pricing.settle.LineAdjustment;

/**
 * The answer to a deduction replay (api.md POST /v1/deductions): what each usage entry took from which package,
 * the packages afterwards, what is left to bill postpaid per day, app and item, and what happened to the account.
 * Money is an exact decimal string in CNY.
 */
public record Deductions(String rulesVersion, List<Entry> deductions, List<PackageState> packages,
        List<PostpaidLine> postpaid, String postpaidTotal, List<Event> events) {

    /**
     * One usage entry (summed per app, interval and item): {@code minutes}, the increase of ⌈cumulative seconds /
     * 60⌉ of its app, day and item, is covered by packages ({@code covered}) or left postpaid.
     */
    public record Entry(String appId, String interval, String date, String category, String tier, long seconds,
            long cumulativeSeconds, long cumulativeMinutes, long minutes, List<Covered> covered,
            long postpaidMinutes) {
    }

    /** Usage minutes one package covered, the package minutes they took, and whether it was a backfill. */
    public record Covered(String packageId, long usageMinutes, long packageMinutes, boolean backfill) {
    }

    /** A package after the replay, with its terms; {@code rules}: the rules that decided them. */
    public record PackageState(String packageId, String kind, long minutes, long used, long remaining,
            String effectiveAt, String expiresOn, String refundableUntil, List<String> rules) {
    }

    /**
     * Postpaid minutes of one app, day and item, settled as a bill settles them: {@code amount} = minutes × unitPrice
     * / 1,000, exact; {@code adjustments} (absent when none) the promotions of the line, which it comes to with
     * them.
     */
    public record PostpaidLine(String date, String appId, String category, String tier, long minutes,
            String unitPrice, String amount, List<String> rules,
            @JsonInclude(Include.NON_NULL) List<LineAdjustment> adjustments) {
    }

    /** Something that happened to the account ({@code at}: the end of the interval it happened in). */
    public record Event(String type, String at, String packageId, String rule) {
    }
}
