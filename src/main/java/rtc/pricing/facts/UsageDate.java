package rtc.pricing.facts;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Lets rules select a policy by usage date with a readable ISO literal: {@code onOrAfter("2022-06-01")}. */
public interface UsageDate {

    LocalDate date();

    default boolean onOrAfter(String isoDate) {
        return !date().isBefore(Literals.date(isoDate));
    }

    default boolean before(String isoDate) {
        return date().isBefore(Literals.date(isoDate));
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
