package rtc.pricing.facts;

import java.time.LocalDate;
import java.time.ZonedDateTime;

import org.kie.api.definition.type.ClassReactive;

/**
 * Which billing mode an account is in: it registered at {@code registeredAt} and, if not null, bought its first
 * general package at {@code boughtGeneralPackageAt} and converted its old packages at {@code convertedAt}; all in
 * the billing zone.
 */
@ClassReactive // never modified, and matched through registeredBefore
public record BillingModeQuestion(ZonedDateTime registeredAt, ZonedDateTime boughtGeneralPackageAt,
        ZonedDateTime convertedAt) {

    /** Whether the account registered before the billing day {@code isoDate}. */
    public boolean registeredBefore(String isoDate) {
        return registeredAt.toLocalDate().isBefore(LocalDate.parse(isoDate));
    }
}
