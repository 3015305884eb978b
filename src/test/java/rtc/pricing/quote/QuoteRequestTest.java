package rtc.pricing.quote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;

/** The quote request's one description: what its annotations say, and what binding it does. No container. */
class QuoteRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STAY = "{\"from\": \"2022-06-01T00:00:00+08:00\", \"to\": \"2022-06-01T00:30:00+08:00\"}";

    @Test
    void theLimitsInTheMessagesAreThoseOfQuoteLimits() {
        assertEquals(QuoteLimits.count(QuoteLimits.MAX_ROOMS), QuoteRequest.TEN_THOUSAND);
        assertEquals(QuoteLimits.count(QuoteLimits.MAX_TASKS), QuoteRequest.TEN_THOUSAND);
        assertEquals(QuoteLimits.count(QuoteLimits.MAX_INPUTS_PER_TASK), QuoteRequest.TEN_THOUSAND);
        assertEquals(QuoteLimits.count(QuoteLimits.MAX_STREAMS_PER_ROOM), QuoteRequest.TEN_THOUSAND);
        assertEquals(QuoteLimits.count(QuoteLimits.MAX_STAYS_PER_USER), QuoteRequest.TEN_THOUSAND);
        assertEquals(QuoteLimits.count(QuoteLimits.MAX_USERS_PER_ROOM), QuoteRequest.HUNDRED_THOUSAND);
        assertEquals(QuoteLimits.count(QuoteLimits.MAX_SUBSCRIPTIONS_PER_ROOM), QuoteRequest.TWO_HUNDRED_THOUSAND);
    }

    @Test
    void theQuoteUsageOfPackageAdviceIsDeclaredAsTheRequest() throws Exception {
        for (String name : List.of("appId", "rooms", "recordings", "transcodings")) {
            Field request = QuoteRequest.class.getDeclaredField(name);
            Field usage = QuoteRequest.Usage.class.getDeclaredField(name);
            assertArrayEquals(request.getAnnotations(), usage.getAnnotations(), name);
            assertEquals(request.getAnnotatedType().toString(), usage.getAnnotatedType().toString(), name);
        }
    }

    @Test
    void aListMayBeLeftOutButNotSentAsNull() throws Exception {
        String room = "{\"rooms\": [{\"roomId\": \"r\", \"users\": [{\"userId\": \"A\", \"presence\": %s}]}]}";
        assertEquals(1, QuoteRequest.read(JSON.readTree(room.formatted("[" + STAY + "]"))).rooms().size());
        assertEquals(List.of(new FieldError("/rooms/0/users/0/presence", "must not be null: leave it out instead")),
                errors(room.formatted("null")));
        // Left out: no stays at all, which is no error of the request's.
        assertEquals(List.of(), QuoteRequest.read(JSON.readTree(
                "{\"rooms\": [{\"roomId\": \"r\", \"users\": [{\"userId\": \"A\"}]}]}")).rooms().get(0).users().get(0)
                .presence());
    }

    @Test
    void fieldErrorsAreNamedTogetherAndCrossFieldOnesAfterThem() throws Exception {
        List<FieldError> found = errors("""
                {"rooms": [{"roomId": " ", "users": [{"userId": "A", "presence": [{"from": "x"}], "prsence": 1}],
                            "streams": [{"streamId": "s", "userId": "A", "type": "CAM"}]}]}""");
        assertEquals(List.of(
                new FieldError("/rooms/0/roomId", QuoteRequest.REQUIRED_ID),
                new FieldError("/rooms/0/streams/0/type", "unknown value \"CAM\"; expected one of [CAMERA, SCREEN]"),
                new FieldError("/rooms/0/users/0/presence/0/to", "is required"),
                new FieldError("/rooms/0/users/0/prsence", "unknown field; did you mean \"presence\"?")), found);
        found = errors("""
                {"rooms": [{"roomId": "r", "users": [{"userId": "A", "presence": [%s]}],
                            "streams": [{"streamId": "s", "userId": "B", "type": "CAMERA"}],
                            "subscriptions": [{"userId": "A", "streamId": "t", "from": "2022-06-01T00:00:00+08:00",
                                               "to": "2022-06-01T00:00:00+08:00"}]}]}""".formatted(STAY));
        assertEquals(List.of("/rooms/0/subscriptions/0/to", "/rooms/0/subscriptions/0/streamId",
                "/rooms/0/streams/0/userId"), found.stream().map(FieldError::pointer).toList());
    }

    @Test
    void aVideoNullIsNoVideoAndATaskNeedsAnInput() throws Exception {
        QuoteInput input = QuoteRequest.read(JSON.readTree("""
                {"rooms": [{"roomId": "r", "users": [{"userId": "A", "presence": [%s]}],
                            "streams": [{"streamId": "s", "userId": "A", "type": "SCREEN", "video": null}]}]}"""
                .formatted(STAY)));
        assertEquals(null, input.rooms().get(0).streams().get(0).video());
        assertEquals(List.of("/recordings/0/inputs", "/transcodings/0/inputs"), errors("""
                {"recordings": [{"taskId": "t", "mode": "MIXED"}],
                 "transcodings": [{"taskId": "x", "output": {"audio": true}, "inputs": []}]}""").stream()
                .map(FieldError::pointer).toList());
    }

    private static List<FieldError> errors(String body) throws Exception {
        return assertThrows(InputException.class, () -> QuoteRequest.read(JSON.readTree(body))).errors();
    }
}
