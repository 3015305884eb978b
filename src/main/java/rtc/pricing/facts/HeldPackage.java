package rtc.pricing.facts;

import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * A package the account holds: {@code minutes} package minutes, {@code used} of them used before the replay,
 * acquired (bought or granted) at {@code acquiredAt}, in the billing zone. The package rules state its terms.
 */
public record HeldPackage(String packageId, PackageKind kind, long minutes, long used, ZonedDateTime acquiredAt) {

    /** The billing day it was acquired on. */
    public LocalDate acquiredOn() {
        return acquiredAt.toLocalDate();
    }
}
