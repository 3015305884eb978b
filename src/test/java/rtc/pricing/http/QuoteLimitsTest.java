package rtc.pricing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.quote.QuoteInput.Interval;
import rtc.pricing.quote.QuoteInput;
import rtc.pricing.quote.QuoteRequest;

/** The published limits at their edges, with "today" fixed at 2026-01-01 (UTC). */
class QuoteLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final QuoteLimits LIMITS = QuoteLimits.standard()
            .withClock(Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void todayPlus400DaysIsTheLatestTimestamp() {
        assertEquals(Instant.parse("2027-02-05T00:00:00Z").getEpochSecond(), LIMITS.latestEpochSecond());
        read(stays("2027-02-04T23:00:00Z", "2027-02-05T00:00:00Z"));
        assertErrors(stays("2027-02-04T23:00:00Z", "2027-02-05T00:00:01Z"),
                "/rooms/0/users/0/presence/0/to", "must be on or before 2027-02-05T00:00:00Z (400 days after today, UTC)");
    }

    @Test
    void theEarliestTimestampIs2018_12_31() {
        read(stays("2018-12-31T00:00:00Z", "2018-12-31T00:30:00Z"));
        read(stays("2019-01-01T00:00:00+14:00", "2019-01-01T00:30:00+14:00")); // the earliest offset of 2019-01-01
        assertErrors(stays("2018-12-30T23:59:59Z", "2018-12-31T00:30:00Z"),
                "/rooms/0/users/0/presence/0/from", "must be on or after 2018-12-31T00:00:00Z (the earliest instant accepted)");
    }

    @Test
    void whatTheContractPromisesIsAccepted() {
        // api.md: usage from 2019-01-01 to a year after today, stays of 48 h, a request covering 31 days.
        read(stays("2019-01-01T00:00:00-12:00", "2019-01-03T00:00:00-12:00"));
        read(stays("2027-01-01T00:00:00+08:00", "2027-01-03T00:00:00+08:00")); // today + 1 year, 48 h
        read(stays("2022-07-01T00:00:00+08:00", "2022-07-03T00:00:00+08:00", "2022-07-30T00:00:00+08:00",
                "2022-08-01T00:00:00+08:00")); // 31 days
    }

    @Test
    void oneIntervalLastsAtMost48Hours() {
        read(stays("2022-07-01T00:00:00Z", "2022-07-03T00:00:00Z"));
        assertErrors(stays("2022-07-01T00:00:00Z", "2022-07-03T00:00:01Z"),
                "/rooms/0/users/0/presence/0/to",
                "must be at most 48 hours after from (got 2 d 0 h 1 s); send longer usage as back-to-back intervals");
    }

    @Test
    void oneRequestSpansAtMost32Days() {
        read(stays("2022-07-01T00:00:00Z", "2022-07-01T01:00:00Z", "2022-08-01T23:00:00Z", "2022-08-02T00:00:00Z"));
        InputException e = assertThrows(InputException.class, () -> read(stays("2022-07-01T00:00:00Z",
                "2022-07-01T01:00:00Z", "2022-08-01T23:00:00Z", "2022-08-02T00:00:01Z")));
        assertEquals("/rooms/0/users/0/presence/1/to", e.errors().get(0).pointer());
        assertTrue(e.errors().get(0).message().contains("at most 32 days per request"), e.errors().toString());
    }

    @Test
    void theIntervalCapCountsStaysSubscriptionsAndTaskInputs() {
        JsonNode request = stays("2022-07-01T00:00:00Z", "2022-07-01T01:00:00Z", "2022-07-01T02:00:00Z",
                "2022-07-01T03:00:00Z");
        QuoteRequest.read(request, LIMITS.withMaxIntervals(2));
        InputException e = assertThrows(InputException.class,
                () -> QuoteRequest.read(request, LIMITS.withMaxIntervals(1)));
        assertEquals("", e.errors().get(0).pointer());
        assertTrue(e.errors().get(0).message().startsWith("the request holds 2 intervals"), e.errors().toString());
    }

    @Test
    void backToBackStaysAreMergedIntoOnePresence() {
        QuoteInput input = read(stays("2022-07-01T00:10:00Z", "2022-07-01T00:30:00Z", "2022-07-01T00:00:00Z",
                "2022-07-01T00:10:00Z", "2022-07-01T01:00:00Z", "2022-07-01T01:10:00Z"));
        List<Interval> presence = input.rooms().get(0).users().get(0).presence();
        assertEquals(List.of(new Interval(epoch("2022-07-01T00:00:00Z"), epoch("2022-07-01T00:30:00Z")),
                new Interval(epoch("2022-07-01T01:00:00Z"), epoch("2022-07-01T01:10:00Z"))), presence);
        assertErrors(stays("2022-07-01T00:00:00Z", "2022-07-01T00:10:01Z", "2022-07-01T00:10:00Z",
                "2022-07-01T00:30:00Z"), "/rooms/0/users/0/presence", "presence intervals of user 'A' overlap");
    }

    @Test
    void atMostAThousandErrorsAreListed() {
        ObjectNode request = (ObjectNode) stays("2022-07-01T00:00:00Z", "2022-07-01T01:00:00Z");
        for (int i = 0; i < 1_500; i++) {
            request.put("extra" + i, i);
        }
        InputException e = assertThrows(InputException.class, () -> read(request));
        assertEquals(1_001, e.errors().size());
        assertEquals(new FieldError("", "500 more errors not listed"), e.errors().get(1_000));
    }

    @Test
    void countsAndIdLengthsAreBounded() {
        ObjectNode request = (ObjectNode) stays("2022-07-01T00:00:00Z", "2022-07-01T01:00:00Z");
        ((ObjectNode) request.get("rooms").get(0).get("users").get(0)).put("userId", "u".repeat(129));
        assertErrors(request, "/rooms/0/users/0/userId", "must be at most 128 characters long");
        ObjectNode many = JSON.createObjectNode();
        ArrayNode rooms = many.putArray("rooms");
        for (int i = 0; i <= QuoteLimits.MAX_ROOMS; i++) {
            rooms.addObject();
        }
        assertErrors(many, "/rooms", "holds too many elements: at most 10,000 rooms per request");
    }

    // ---- helpers ----

    /** A room with user A, whose stays are the given from/to pairs. */
    @Test
    void aRequestUsesAtMost1000DistinctResolutions() {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("recordings").addObject().put("taskId", "rec").put("mode", "SINGLE")
                .putArray("inputs");
        for (int i = 0; i < QuoteLimits.MAX_RESOLUTIONS + 1; i++) {
            ObjectNode in = inputs.addObject().put("streamId", "s" + i).put("from", "2022-07-01T00:00:00Z")
                    .put("to", "2022-07-01T00:01:00Z");
            // The same resolution twice does not count twice.
            in.putObject("video").put("width", 100 + (i == QuoteLimits.MAX_RESOLUTIONS ? 0 : i)).put("height", 100);
        }
        read(request);
        ((ObjectNode) inputs.get(QuoteLimits.MAX_RESOLUTIONS).get("video")).put("width", 99);
        assertErrors(request, "/recordings/0/inputs/1000/video",
                "is one resolution too many: a request may use at most 1,000 distinct resolutions");
    }

    private static JsonNode stays(String... times) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode user = request.putArray("rooms").addObject().put("roomId", "r").putArray("users").addObject()
                .put("userId", "A");
        ArrayNode presence = user.putArray("presence");
        for (int i = 0; i < times.length; i += 2) {
            presence.addObject().put("from", times[i]).put("to", times[i + 1]);
        }
        return request;
    }

    private static QuoteInput read(JsonNode request) {
        return QuoteRequest.read(request, LIMITS);
    }

    private static void assertErrors(JsonNode request, String pointer, String message) {
        InputException e = assertThrows(InputException.class, () -> read(request));
        assertEquals(List.of(new FieldError(pointer, message)), e.errors());
    }

    private static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }
}
