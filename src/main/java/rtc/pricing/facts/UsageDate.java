package rtc.pricing.facts;

import java.time.LocalDate;

/** Lets rules select a policy by usage date with a readable ISO literal: {@code onOrAfter("2022-06-01")}. */
public interface UsageDate {

    LocalDate date();

    default boolean onOrAfter(String isoDate) {
        return !date().isBefore(LocalDate.parse(isoDate));
    }

    default boolean before(String isoDate) {
        return date().isBefore(LocalDate.parse(isoDate));
    }
}
