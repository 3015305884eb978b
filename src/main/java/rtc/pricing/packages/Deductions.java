package rtc.pricing.packages;

import static rtc.pricing.http.OpenApiConventions.DECIMAL;
import static rtc.pricing.http.OpenApiConventions.MONEY;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
    public record Entry(String appId, @Schema(format = "date-time") String interval, @Schema(format = "date") String date,
            String category, @Schema(nullable = true, description = "null for AUDIO") String tier, long seconds,
            long cumulativeSeconds, long cumulativeMinutes, long minutes, List<Covered> covered,
            long postpaidMinutes) {
    }

    /** Usage minutes one package covered, the package minutes they took, and whether it was a backfill. */
    public record Covered(String packageId, long usageMinutes, long packageMinutes, boolean backfill) {
    }

    /** A package after the replay, with its terms; {@code rules}: the rules that decided them. */
    public record PackageState(String packageId, String kind, long minutes, long used, long remaining,
            @Schema(format = "date-time", nullable = true) String effectiveAt,
            @Schema(format = "date", nullable = true) String expiresOn,
            @Schema(format = "date-time", nullable = true) String refundableUntil, List<String> rules) {
    }

    /**
     * Postpaid minutes of one app, day and item, settled as a bill settles them: {@code amount} = minutes × unitPrice
     * / 1,000, exact; {@code adjustments} (absent when none) the promotions of the line, which it comes to with
     * them.
     */
    public record PostpaidLine(@Schema(format = "date") String date, String appId, String category,
            @Schema(nullable = true, description = "null for AUDIO") String tier, long minutes,
            @Schema(description = "CNY per 1,000 minutes, decimal string.", pattern = DECIMAL) String unitPrice,
            @Schema(description = MONEY, pattern = DECIMAL) String amount, List<String> rules,
            @JsonInclude(Include.NON_NULL) List<LineAdjustment> adjustments) {
    }

    /** Something that happened to the account ({@code at}: the end of the interval it happened in). */
    public record Event(String type, @Schema(format = "date-time") String at,
            @Schema(nullable = true) String packageId, @Schema(nullable = true) String rule) {
    }
}
