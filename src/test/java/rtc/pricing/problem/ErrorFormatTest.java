package rtc.pricing.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.support.Users;

/** Every error is RFC 9457 application/problem+json naming what is wrong, never a stack trace. */
@QuarkusTest
class ErrorFormatTest {

    private static final String STAY = "\"from\": \"2022-06-01T10:00:00+08:00\", \"to\": \"2022-06-01T10:30:00+08:00\"";

    private static String room(String users, String streams, String subscriptions) {
        return "{\"rooms\": [{\"roomId\": \"r\", \"users\": [" + users + "], \"streams\": [" + streams
                + "], \"subscriptions\": [" + subscriptions + "]}]}";
    }

    private static final String A = "{\"userId\": \"A\", \"presence\": [{" + STAY + "}]}";
    private static final String B = "{\"userId\": \"B\", \"presence\": [{" + STAY + "}]}";
    private static final String A_CAM = "{\"streamId\": \"A-cam\", \"userId\": \"A\", \"type\": \"CAMERA\", \"video\": {\"width\": 640, \"height\": 480}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nothing to price | {} | ''",
            "to before from | " + "{\"rooms\": [{\"roomId\": \"r\", \"users\": [{\"userId\": \"A\", \"presence\": [{\"from\": \"2022-06-01T10:00:00+08:00\", \"to\": \"2022-06-01T09:00:00+08:00\"}]}]}]} | /rooms/0/users/0/presence/0/to",
            "time without offset | " + "{\"rooms\": [{\"roomId\": \"r\", \"users\": [{\"userId\": \"A\", \"presence\": [{\"from\": \"2022-06-01T10:00:00\", \"to\": \"2022-06-01T11:00:00+08:00\"}]}]}]} | /rooms/0/users/0/presence/0/from",
            "missing roomId | {\"rooms\": [{\"users\": []}]} | /rooms/0/roomId",
            "rooms not an array | {\"rooms\": {}} | /rooms",
            "unknown recording mode | {\"recordings\": [{\"taskId\": \"t\", \"mode\": \"STEREO\", \"inputs\": [{\"streamId\": \"A\", \"audio\": true, " + STAY + "}]}]} | /recordings/0/mode",
            "files below one | {\"recordings\": [{\"taskId\": \"t\", \"mode\": \"MIXED\", \"files\": 0, \"inputs\": [{\"streamId\": \"A\", \"audio\": true, " + STAY + "}]}]} | /recordings/0/files",
            "unknown codec | {\"transcodings\": [{\"taskId\": \"t\", \"codec\": \"VP9\", \"output\": {\"audio\": true, \"video\": null}, \"inputs\": [{\"streamId\": \"A\", \"audio\": true, " + STAY + "}]}]} | /transcodings/0/codec",
            "task without inputs | {\"transcodings\": [{\"taskId\": \"t\", \"codec\": \"H264\", \"output\": {\"audio\": true, \"video\": null}, \"inputs\": []}]} | /transcodings/0/inputs",
            "width not a number | {\"recordings\": [{\"taskId\": \"t\", \"mode\": \"MIXED\", \"inputs\": [{\"streamId\": \"A\", \"audio\": true, \"video\": {\"width\": \"wide\", \"height\": 480}, " + STAY + "}]}]} | /recordings/0/inputs/0/video/width",
    })
    void inputErrorsName(String what, String body, String pointer) {
        given().contentType("application/json").body(body).post("/v1/quotes").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid input"))
                .body("type", containsString("invalid-input"))
                .body("errors.pointer", hasItem(pointer));
    }

    @Test
    void unknownStreamAndSubscriptionOutsidePresenceAreNamed() {
        String body = room(A + "," + B, A_CAM,
                "{\"userId\": \"B\", \"streamId\": \"nope\", " + STAY + "},"
                        + "{\"userId\": \"B\", \"streamId\": \"A-cam\", \"from\": \"2022-06-01T09:00:00+08:00\", \"to\": \"2022-06-01T10:30:00+08:00\"}");
        given().contentType("application/json").body(body).post("/v1/quotes").then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/rooms/0/subscriptions/0/streamId"))
                .body("errors.pointer", hasItem("/rooms/0/subscriptions/1"));
    }

    @Test
    void aResolutionAboveFourKNamesTheStream() {
        String body = room(A + "," + B,
                "{\"streamId\": \"A-cam\", \"userId\": \"A\", \"type\": \"CAMERA\", \"video\": {\"width\": 4097, \"height\": 2176}}",
                "{\"userId\": \"B\", \"streamId\": \"A-cam\", " + STAY + "}");
        given().contentType("application/json").body(body).post("/v1/quotes").then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/rooms/0/streams/0/video"))
                .body("errors[0].message", containsString("4097x2176"));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType("application/json").body("{\"rooms\": [").post("/v1/quotes").then()
                .statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body("errors[0].pointer", equalTo(""));
    }

    @Test
    void unknownPathIs404() {
        // Under /v1 everything needs credentials, even a path that leads nowhere.
        Users.asAdmin().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIs405() {
        given().get("/v1/quotes").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    @Test
    void wrongMediaTypeIs415() {
        given().contentType("text/plain").body("hello").post("/v1/quotes").then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void errorsNeverLeakStackTracesOrClassNames() {
        given().contentType("application/json").body("{\"rooms\": [").post("/v1/quotes").then()
                .body(not(containsString("Exception")))
                .body(not(containsString("at com.")))
                .body(not(containsString("rtc.pricing")));
    }
}
