package rtc.pricing.facts;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fact of one billing day, with the date helpers every such fact shares, so any rule can state the usage dates
 * it applies to with a readable ISO literal: {@code onOrAfter("2022-06-01")}, {@code before("2023-01-01")},
 * {@code between("2023-12-01", "2023-12-31")}, {@code inMonth(12)}.
 */
public interface Dated {

    LocalDate date();

    default boolean onOrAfter(String isoDate) {
        return !date().isBefore(Literals.date(isoDate));
    }

    default boolean before(String isoDate) {
        return date().isBefore(Literals.date(isoDate));
    }

    /** On or after {@code fromIso} and on or before {@code untilIso}. */
    default boolean between(String fromIso, String untilIso) {
        return onOrAfter(fromIso) && !date().isAfter(Literals.date(untilIso));
    }

    /** In month {@code month} (1–12) of any year. */
    default boolean inMonth(int month) {
        return date().getMonthValue() == month;
    }

    /** Rule constraints run for every fact: each date literal is parsed once. */
    final class Literals {
        private static final Map<String, LocalDate> DATES = new ConcurrentHashMap<>();

        private Literals() {
        }

        static LocalDate date(String iso) {
            LocalDate d = DATES.get(iso);
            if (d == null) {
                d = LocalDate.parse(iso);
                if (DATES.size() < 1_000) { // a handful of policy dates; never grows with the traffic
                    DATES.put(iso, d);
                }
            }
            return d;
        }
    }
}
