package rtc.pricing.http;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import rtc.pricing.problem.InputException;

/**
 * The published input limits of {@code POST /v1/quotes} — every figure once, here; the reader
 * ({@link QuoteRequestReader}), the OpenAPI document ({@link QuoteRequestSchema}) and the README's "Input limits"
 * table follow these constants. A value outside a limit is a 400 naming its field.
 *
 * <p>api.md fixes what they may never exclude: usage dated from 2019-01-01 to one year after today, a stay or task
 * of up to 48 hours, a request covering up to 31 days. Hence:
 * <ul>
 * <li>timestamps from {@value #EARLIEST} (a day before 2019-01-01, so every offset of that day is in) to
 * {@value #FUTURE_DAYS} days after today (UTC, measured with the {@link #clock()});</li>
 * <li>one interval (stay, subscription, task input segment) at most {@value #MAX_INTERVAL_HOURS} hours — longer
 * usage is sent as back-to-back intervals (back-to-back stays are one presence, policy §6a);</li>
 * <li>one request spans at most {@value #MAX_REQUEST_DAYS} days: latest {@code to} − earliest {@code from} over
 * everything in it, so a request touches at most 33 billing days;</li>
 * <li>counts per list, and {@value #MAX_INTERVALS} intervals in all (presence stays + subscriptions + task
 * inputs). The body limit ({@value #MAX_BODY_BYTES} bytes, {@code quarkus.http.limits.max-body-size=8M}) binds
 * first over HTTP: an interval takes at least 54 bytes of JSON ({@code {"from":"2022-06-01T00:00Z","to":…},}),
 * about 75–140 as clients write them, so 8 MiB hold at most ~155,000 and typically 60,000–110,000; the interval
 * cap also bounds in-process callers (the reload gate's examples).</li>
 * </ul>
 * Within these limits every sum of seconds (at most 200,000 intervals × 48 h × 100 files ≈ 3.5·10¹² s) is far
 * inside a {@code long}; the arithmetic is overflow-checked all the same.
 *
 * @param clock         what "today" is (UTC); fixed in tests
 * @param maxIntervals  the interval cap; {@link #MAX_INTERVALS} for requests (benchmarks may lift it)
 */
public record QuoteLimits(Clock clock, int maxIntervals) {

    /** Earliest accepted timestamp (inclusive). */
    public static final String EARLIEST = "2018-12-31T00:00:00Z";
    /** Latest accepted timestamp: 00:00:00Z of this many days after today, UTC (inclusive). */
    public static final int FUTURE_DAYS = 400;
    /** Longest single interval: presence stay, subscription or task input segment. */
    public static final int MAX_INTERVAL_HOURS = 48;
    /** Longest span of one request: latest {@code to} − earliest {@code from}. */
    public static final int MAX_REQUEST_DAYS = 32;

    public static final int MAX_ROOMS = 10_000;
    /** The policy's largest room: 100k low-latency viewers (policy §2). */
    public static final int MAX_USERS_PER_ROOM = 100_000;
    public static final int MAX_STREAMS_PER_ROOM = 10_000;
    public static final int MAX_SUBSCRIPTIONS_PER_ROOM = 200_000;
    public static final int MAX_STAYS_PER_USER = 10_000;
    /** Per list: at most this many recordings, and at most this many transcodings. */
    public static final int MAX_TASKS = 10_000;
    public static final int MAX_INPUTS_PER_TASK = 10_000;
    /** Presence stays + subscriptions + task input segments of the whole request. */
    public static final int MAX_INTERVALS = 200_000;
    public static final int MAX_FILES = 100;
    /**
     * Distinct video resolutions (width × height) in one request: each is a fact the tier rules classify, so
     * the rules' work is bounded by this rather than by the intervals. Real requests use a handful (simulcast
     * layers, screen shares); the figure leaves room for device variety.
     */
    public static final int MAX_RESOLUTIONS = 1_000;
    /** {@code appId}, {@code roomId}, {@code userId}, {@code streamId}, {@code taskId}. */
    public static final int MAX_ID_LENGTH = 128;
    /** {@code quarkus.http.limits.max-body-size} (application.properties; a test keeps them equal). */
    public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** An answer lists at most this many field errors (then one saying how many more there were). */
    public static final int MAX_REPORTED_ERRORS = 1_000;

    public static final long MAX_INTERVAL_SECONDS = MAX_INTERVAL_HOURS * 3_600L;
    public static final long MAX_REQUEST_SECONDS = MAX_REQUEST_DAYS * 86_400L;
    public static final long EARLIEST_EPOCH_SECOND = Instant.parse(EARLIEST).getEpochSecond();

    /** The limits of requests, with the system clock. */
    public static QuoteLimits standard() {
        return new QuoteLimits(Clock.systemUTC(), MAX_INTERVALS);
    }

    public QuoteLimits withClock(Clock other) {
        return new QuoteLimits(other, maxIntervals);
    }

    public QuoteLimits withMaxIntervals(int other) {
        return new QuoteLimits(clock, other);
    }

    /** Latest accepted timestamp, epoch seconds: 00:00:00Z of today (UTC) + {@value #FUTURE_DAYS} days. */
    public long latestEpochSecond() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(FUTURE_DAYS).atStartOfDay(ZoneOffset.UTC)
                .toEpochSecond();
    }

    /**
     * A billing day given as {@code YYYY-MM-DD} (a query or path parameter at {@code pointer}), within the dates the
     * service prices: from the day of {@value #EARLIEST} to the day of {@link #latestEpochSecond()}. Anything else is
     * a 400, so no day outside them reaches date arithmetic ({@code +999999999-12-31} would overflow it).
     */
    public LocalDate billingDay(String text, String pointer) {
        LocalDate day;
        try {
            day = LocalDate.parse(text == null ? "" : text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InputException(pointer, "is required: a billing day, YYYY-MM-DD");
        }
        LocalDate first = LocalDate.ofEpochDay(Math.floorDiv(EARLIEST_EPOCH_SECOND, 86_400));
        LocalDate last = LocalDate.ofEpochDay(Math.floorDiv(latestEpochSecond(), 86_400));
        if (day.isBefore(first) || day.isAfter(last)) {
            throw new InputException(pointer, "must be a billing day from " + first + " to " + last + " (today + "
                    + FUTURE_DAYS + " days)");
        }
        return day;
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
