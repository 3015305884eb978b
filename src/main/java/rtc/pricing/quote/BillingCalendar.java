package rtc.pricing.quote;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Cuts intervals of epoch seconds at the billing day's midnights (policy §3: calendar day in the billing
 * zone). Remembers the last day it located, so a sweep pays for the time-zone lookup once per day, not per
 * interval. Not thread-safe: one per quote.
 */
final class BillingCalendar {

    interface DayPiece {
        void accept(LocalDate date, long from, long to);
    }

    private final ZoneId zone;
    private LocalDate day;
    private long dayStart = Long.MAX_VALUE;
    private long dayEnd = Long.MIN_VALUE;

    BillingCalendar(ZoneId zone) {
        this.zone = zone;
    }

    /** Calls {@code piece} once for every billing day that {@code [from, to)} touches, with the part on that day. */
    void split(long from, long to, DayPiece piece) {
        while (from < to) {
            locate(from);
            long end = Math.min(to, dayEnd);
            piece.accept(day, from, end);
            from = end;
        }
    }

    private void locate(long t) {
        if (t >= dayStart && t < dayEnd) {
            return;
        }
        day = LocalDate.ofInstant(Instant.ofEpochSecond(t), zone);
        dayStart = day.atStartOfDay(zone).toEpochSecond();
        dayEnd = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
    }
}
