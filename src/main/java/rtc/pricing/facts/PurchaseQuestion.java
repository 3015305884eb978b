package rtc.pricing.facts;

import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * May an account in {@code mode} buy a general package at {@code at} (billing zone)? {@code oldPackagesLeft}:
 * it still holds an old-mode package with minutes left that has not expired; {@code lastOldPackageEndedOn}: the
 * billing day its last old package was used up or its last valid day, null if it never held one.
 */
public record PurchaseQuestion(BillingMode mode, boolean oldPackagesLeft, LocalDate lastOldPackageEndedOn,
        ZonedDateTime at) {

    /** The billing day of the purchase. */
    public LocalDate on() {
        return at.toLocalDate();
    }
}
