package rtc.pricing.facts;

import java.time.LocalDate;
import java.time.ZonedDateTime;

import org.kie.api.definition.type.ClassReactive;

/**
 * Does an account get the free trial? Its first app was created at {@code firstAppCreatedAt} (billing zone; null:
 * it has no app yet), and {@code alreadyGranted} says whether it ever received the trial.
 */
@ClassReactive // never modified, and matched through firstAppBefore
public record TrialRequest(ZonedDateTime firstAppCreatedAt, boolean alreadyGranted) {

    public boolean hasApp() {
        return firstAppCreatedAt != null;
    }

    /** Whether its first app was created before the billing day {@code isoDate}; false without an app. */
    public boolean firstAppBefore(String isoDate) {
        return firstAppCreatedAt != null && firstAppCreatedAt.toLocalDate().isBefore(LocalDate.parse(isoDate));
    }
}
