package rtc.pricing.facts;

import java.time.ZonedDateTime;

/**
 * A request at {@code at} (billing zone) to refund the held package {@code packageId};
 * {@code stoppedForViolation}: the account's service was stopped for a content violation.
 */
public record RefundRequest(String packageId, ZonedDateTime at, boolean stoppedForViolation) {

    /** Whether the request comes after {@code deadline}. */
    public boolean after(ZonedDateTime deadline) {
        return at.isAfter(deadline);
    }
}
