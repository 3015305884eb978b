package rtc.pricing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path agrees with OffsetDateTime.parse on every shape, and refuses what it refuses. */
class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = { "2022-06-01T00:00:00+08:00", "2022-05-31T16:00:00Z", "2022-06-01T00:00:00.999+08:00",
            "2020-02-29T23:59:59-05:30", "1999-12-31T23:59:59.123456789Z", "2022-06-01T00:00+08:00",
            "2022-06-01T00:00:00+08:00:30", "2022-06-01T08:00:00.5-00:00", "2022-06-01T00:00:00+18:00",
            "2022-06-01T00:00:00-18:00" })
    void agreesWithTheJdk(String text) {
        assertEquals(OffsetDateTime.parse(text).toEpochSecond(), Timestamps.epochSecond(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2022-02-30T00:00:00+08:00", "2022-06-01T24:00:00+08:00", "2022-06-01T00:00:00",
            "2022-06-01 00:00:00+08:00", "2022-13-01T00:00:00Z", "2022-06-01T00:00:60Z", "yesterday",
            "2022-06-01T00:00:00+19:00", "2022-06-01T00:00:00.1234567891Z", "2022-06-01T00:00:00+18:01",
            "2022-06-01T00:00:00-18:01", "2022-06-01T00:00:00+18:59", "2022-06-01T00:00:00.\u0663Z" })
    void refusesWhatTheJdkRefuses(String text) {
        assertThrows(DateTimeParseException.class, () -> OffsetDateTime.parse(text));
        assertThrows(DateTimeParseException.class, () -> Timestamps.epochSecond(text));
    }
}
