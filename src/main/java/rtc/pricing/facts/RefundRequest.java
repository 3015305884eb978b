package rtc.pricing.facts;

import java.time.ZonedDateTime;

import org.kie.api.definition.type.ClassReactive;

/**
 * A request at {@code at} (billing zone) to refund the held package {@code packageId};
 * {@code stoppedForViolation}: the account's service was stopped for a content violation.
 */
@ClassReactive // never modified, and matched against a deadline through after
public record RefundRequest(String packageId, ZonedDateTime at, boolean stoppedForViolation) {

    /** Whether the request comes after {@code deadline}. */
    public boolean after(ZonedDateTime deadline) {
        return at.isAfter(deadline);
    }
}
