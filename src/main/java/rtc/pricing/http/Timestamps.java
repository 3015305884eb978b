package rtc.pricing.http;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * ISO-8601 date-time with offset → epoch seconds, the fraction of a second dropped (api.md). The common shape
 * {@code 2022-06-01T00:00:00[.fff](Z|+08:00)} is read directly — {@link OffsetDateTime#parse} costs about as
 * much as the rest of a small quote; anything else goes to {@link OffsetDateTime#parse}, which decides.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** @throws java.time.format.DateTimeParseException if the text is not an ISO-8601 date-time with offset */
    public static long epochSecond(String text) {
        long fast = fast(text);
        return fast != Long.MIN_VALUE ? fast : OffsetDateTime.parse(text).toEpochSecond();
    }

    /** Long.MIN_VALUE when the text is not of the common shape (or not a valid date). */
    private static long fast(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        if (s.charAt(i) == '.') {
            int start = ++i;
            // ASCII digits only, as OffsetDateTime.parse reads them (Character.isDigit would take '٣').
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 9) {
                return Long.MIN_VALUE;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
            // ZoneOffset's range is -18:00..+18:00: +18:01 is no offset. The JDK path decides (and refuses it).
            if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        return epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
