package rtc.pricing.quote;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** The answer to POST /v1/quotes (api.md). Amounts and prices are exact decimal strings. */
public record Quote(String currency, String rulesVersion, String total, List<Line> lines,
        List<Attribution> attribution, List<String> warnings) {

    /** Daily settlement of one billing item: ⌈seconds / 60⌉ minutes at the list price. */
    @JsonInclude(Include.NON_NULL)
    public record Line(String date, String service, String category, @JsonInclude(Include.ALWAYS) String tier,
            String mode, String codec, long seconds, long minutes, String unitPrice, String amount,
            List<String> rules) {
    }

    /**
     * Who or what produced billed seconds: a user of a room (base service) or an input of a task. A task-wide
     * entry (integrated audio, black-frame fill, legacy output time) has no streamId and lists the input
     * {@code streams} involved. {@code amount} = seconds × price / 60,000, half-up to 8 places.
     */
    @JsonInclude(Include.NON_NULL)
    public record Attribution(String date, String service, String roomId, String userId, String taskId,
            String category, @JsonInclude(Include.ALWAYS) String tier, String mode, String codec,
            @JsonInclude(Include.ALWAYS) String streamId, List<String> streams, long seconds, String amount,
            List<String> rules) {
    }
}
