package rtc.pricing.quote;

import static rtc.pricing.http.OpenApiConventions.DECIMAL;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.SettlementLine;
import rtc.pricing.settle.LineAdjustment;
import rtc.pricing.settle.Money;
import rtc.pricing.settle.Settler;

/** The answer to POST /v1/quotes (api.md). Amounts and prices are exact decimal strings. */
@Schema(description = "The price of the usage in a quote request, at list prices or those of the price book it "
        + "names: the daily settlement (lines) and "
        + "who or what produced each billed second (attribution). Money is an exact decimal string in CNY.")
public record Quote(
        @Schema(description = "Always CNY.", example = "CNY") String currency,
        @Schema(description = "Version (content hash) of the rule set that priced this quote, as in GET /v1/rules.")
        String rulesVersion,
        @Schema(description = "CNY, exact decimal string: the sum of the line amounts and of their adjustments, if"
                + " any.", example = "2.31", pattern = DECIMAL)
        String total,
        @Schema(description = "The daily settlement: one line per billing day and billing item.") List<Line> lines,
        @Schema(description = "Who or what produced the billed seconds: users (base service), task inputs "
                + "(recording, transcoding).") List<Attribution> attribution,
        @Schema(description = "Remarks that did not prevent pricing, e.g. a stream received while its publisher "
                + "is not in the room.") List<String> warnings,
        @Schema(description = "The billing items over all the days of the request, in line order: the sums of "
                + "their lines, so a client shows a month per item without adding money itself. They add up to "
                + "total.") List<Item> items) {

    /** Daily settlement of one billing item: ⌈seconds / 60⌉ minutes at the price in force, and its adjustments. */
    @JsonInclude(Include.NON_NULL)
    @Schema(description = "Daily settlement of one billing item: the day's seconds, summed over "
            + "the whole request, billed as whole minutes rounded up, at the price in force (list or price book).")
    public record Line(
            @Schema(description = "Billing day (YYYY-MM-DD), a calendar day in the billing zone (Asia/Shanghai).",
                    example = "2022-06-01") String date,
            @Schema(enumeration = { "BASE", "RECORDING", "TRANSCODING" }) String service,
            @Schema(enumeration = { "AUDIO", "VIDEO", "UNIFIED" }, description = "UNIFIED: the old billing mode's one"
                    + " base-service minute, in bills of old-mode accounts only, never in quotes.") String category,
            @Schema(description = "Video tier as the rules' catalogue names it (SD, HD, FHD, 2K, 4K); null for audio.",
                    nullable = true)
            @JsonInclude(Include.ALWAYS)
            String tier,
            @Schema(description = "Recording lines only.", enumeration = { "SINGLE", "MIXED" }, nullable = true)
            String mode,
            @Schema(description = "Transcoding video lines only: the output codec.",
                    enumeration = { "H264", "H265" }, nullable = true) String codec,
            @Schema(description = "Seconds of usage of this item on this day (integer).", example = "1800")
            long seconds,
            @Schema(description = "Billed minutes (integer): ceil(seconds / 60).", example = "30") long minutes,
            @Schema(description = "Price in CNY per 1,000 minutes, exact decimal string: the list price, or the "
                    + "contract price book's when the request names one that prices this item.", example = "63.00", pattern = DECIMAL)
            String unitPrice,
            @Schema(description = "CNY, exact decimal string: minutes × unitPrice / 1000, never rounded.",
                    example = "1.89", pattern = DECIMAL) String amount,
            @Schema(description = "Names of the settlement rule, the rule that chose the price (list or book) and "
                    + "the price rule.") List<String> rules,
            @Schema(description = "Promotions and discounts of this line (absent when none): each rule's name and the "
                    + "exact amount it adds (negative for a discount). The line's share of the total is amount plus "
                    + "these.") List<LineAdjustment> adjustments) {

        /** A line as the settlement rules settled it (the one path from usage to money, {@link Settler}). */
        public static Line of(Settler.Line line) {
            SettlementLine l = line.settled();
            BillingItem item = l.item();
            return new Line(l.date().toString(), item.service().name(), item.category().name(), item.tier(),
                    item.mode() == null ? null : item.mode().name(), item.codec() == null ? null : item.codec().name(),
                    l.seconds(), l.minutes(), Money.format(l.unitPrice()), Money.format(l.amount()), l.rules(),
                    line.adjustments().isEmpty() ? null : line.adjustments().stream()
                            .map(LineAdjustment::of).toList());
        }
    }

    /**
     * One billing item over the whole request: its lines summed (the calculator page shows a month per item from
     * these rather than adding money in the browser). {@code unitPrice} is the lines' price when all its days had
     * the same, else null.
     */
    @Schema(description = "One billing item over all the days of the request: the sums of its lines.")
    public record Item(
            @Schema(enumeration = { "BASE", "RECORDING", "TRANSCODING" }) String service,
            @Schema(enumeration = { "AUDIO", "VIDEO" }) String category,
            @Schema(description = "As in Line; null for audio.", nullable = true) String tier,
            @Schema(description = "Recording items only.", enumeration = { "SINGLE", "MIXED" }, nullable = true)
            String mode,
            @Schema(description = "Transcoding video items only.", enumeration = { "H264", "H265" }, nullable = true)
            String codec,
            @Schema(description = "Billing days with a line of this item (integer).", example = "30") int days,
            @Schema(description = "Seconds of all its lines (integer).") long seconds,
            @Schema(description = "Billed minutes of all its lines (integer): each day rounds up on its own.")
            long minutes,
            @Schema(description = "The lines' unit price (CNY per 1,000 minutes) when every day had the same; null "
                    + "otherwise.", nullable = true, pattern = DECIMAL) String unitPrice,
            @Schema(description = "CNY, exact: the sum of its lines' amounts and adjustments.", pattern = DECIMAL)
            String amount) {
    }

    /**
     * Who or what produced billed seconds: a user of a room (base service) or an input of a task. A task-wide
     * entry (integrated audio, black-frame fill, legacy output time) has no streamId and lists the input
     * {@code streams} involved. {@code amount} = seconds × price / 60,000, half-up to 8 places.
     */
    @JsonInclude(Include.NON_NULL)
    @Schema(description = "Who or what produced billed seconds: a user of a room (base "
            + "service) or an input of a task (recording, transcoding). Explains the lines; the lines are billed.")
    public record Attribution(
            @Schema(description = "Billing day (YYYY-MM-DD) in the billing zone (Asia/Shanghai).") String date,
            @Schema(enumeration = { "BASE", "RECORDING", "TRANSCODING" }) String service,
            @Schema(description = "Base service: the room.") String roomId,
            @Schema(description = "Base service: the user who accrued the time.") String userId,
            @Schema(description = "Recording and transcoding: the task.") String taskId,
            @Schema(enumeration = { "AUDIO", "VIDEO" }) String category,
            @Schema(description = "Video tier as the rules' catalogue names it (SD, HD, FHD, 2K, 4K); null for audio.",
                    nullable = true)
            @JsonInclude(Include.ALWAYS)
            String tier,
            @Schema(description = "Recording only.", enumeration = { "SINGLE", "MIXED" }) String mode,
            @Schema(description = "Transcoding video only: the output codec.", enumeration = { "H264", "H265" })
            String codec,
            @Schema(description = "The stream received (base video) or the task input; null for a user's audio "
                    + "time and for task-wide entries.", nullable = true) @JsonInclude(Include.ALWAYS)
            String streamId,
            @Schema(description = "Task-wide entries (integrated audio, black-frame fill, legacy output time): the "
                    + "inputs involved.") List<String> streams,
            @Schema(description = "Seconds attributed (integer); for recordings already multiplied by the number "
                    + "of output files.", example = "1800") long seconds,
            @Schema(description = "CNY, exact decimal string: seconds × unit price (CNY per 1,000 minutes) / "
                    + "60,000, rounded half-up to 8 decimal places (exact for whole minutes).", example = "1.89", pattern = DECIMAL)
            String amount,
            @Schema(description = "Names of the rules that produced this entry: tier, charge, price.")
            List<String> rules) {
    }
}
