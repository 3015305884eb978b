package rtc.pricing.facts;

import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * A package the account holds: {@code minutes} package minutes, {@code used} of them used before the replay,
 * acquired (bought, granted or converted) at {@code acquiredAt}, in the billing zone. The package rules state its
 * terms. {@code convertedExpiresOn}: for a general package converted from an old one, that old package's last valid
 * day, which the conversion keeps (policy §6a); null for every other package.
 */
public record HeldPackage(String packageId, PackageKind kind, long minutes, long used, ZonedDateTime acquiredAt,
        LocalDate convertedExpiresOn) {

    /** A package that was not converted from an old one. */
    public HeldPackage(String packageId, PackageKind kind, long minutes, long used, ZonedDateTime acquiredAt) {
        this(packageId, kind, minutes, used, acquiredAt, null);
    }

    /** The billing day it was acquired on. */
    public LocalDate acquiredOn() {
        return acquiredAt.toLocalDate();
    }

    /** Whether it is a general package converted from an old one (not bought, so neither paid for nor refunded). */
    public boolean converted() {
        return convertedExpiresOn != null;
    }
}
