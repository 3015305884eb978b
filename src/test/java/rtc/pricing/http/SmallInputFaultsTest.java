package rtc.pricing.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import rtc.pricing.support.Users;

/**
 * Issue 17, item 8: the smaller input faults, each a 400 problem naming where, or fixed. Bodies and path
 * parameters that are not UTF-8 (Jackson read the overlong C0 AF as '/'), offsets past ±18:00, null for a list,
 * and made-up paths in the metrics' uri tag.
 */
@QuarkusTest
class SmallInputFaultsTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    java.net.URL server;
    private static final String STAY = "{\"from\": \"2022-06-01T00:00:00+08:00\", \"to\": \"2022-06-01T00:30:00+08:00\"}";

    /** {@code text} as UTF-8 with {@code hex} bytes put where {@code @} stands. */
    private static byte[] bytes(String text, String hex) {
        int at = text.indexOf('@');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(text.substring(at + 1).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static ValidatableResponse quote(byte[] body) {
        return given().contentType("application/json").body(body).post("/v1/quotes").then();
    }

    private static ValidatableResponse quote(String body) {
        return quote(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse invalid(ValidatableResponse answer, String pointer) {
        return answer.statusCode(400).contentType(PROBLEM).body("type", containsString("invalid-input"))
                .body("errors", hasSize(1)).body("errors[0].pointer", equalTo(pointer));
    }

    private static String room(String roomId, String presence) {
        return "{\"rooms\": [{\"roomId\": \"" + roomId + "\", \"users\": [{\"userId\": \"A\", \"presence\": " + presence
                + "}]}]}";
    }

    // ---- 1. UTF-8 ----

    @Test
    void anOverlongSlashInAnIdIsRefusedAtTheId() {
        // Before: priced, with roomId "r/1".
        invalid(quote(bytes(room("r@1", "[" + STAY + "]"), "c0af")), "/rooms/0/roomId")
                .body("errors[0].message", containsString("not UTF-8"))
                .body("errors[0].message", containsString("starts an overlong UTF-8 sequence"));
        invalid(quote(bytes(room("r1", "[" + STAY + "]").replace("\"A\"", "\"A@\""), "e080af")),
                "/rooms/0/users/0/userId").body("errors[0].message", containsString("is overlong"));
        // Past U+10FFFF (Jackson made two surrogates of it), and a surrogate.
        invalid(quote(bytes(room("r@", "[" + STAY + "]"), "f4908080")), "/rooms/0/roomId")
                .body("errors[0].message", containsString("past U+10FFFF"));
        invalid(quote(bytes(room("r@", "[" + STAY + "]"), "eda080")), "/rooms/0/roomId");
    }

    @Test
    void faultsOutsideAStringAreNamedByTheirObject() {
        // In a key: the object that holds it.
        invalid(quote(bytes("{\"rooms\": [{\"room@Id\": \"r1\"}]}", "c0af")), "/rooms/0");
        // A value of the wrong bytes: the key it belongs to.
        invalid(quote(bytes("{\"rooms\": @}", "c0af")), "/rooms");
        // A body cut inside a sequence, and a NUL (UTF-16 is not guessed).
        invalid(quote(bytes("{\"appId\": \"a@", "e282")), "/appId")
                .body("errors[0].message", containsString("cut short"));
        invalid(quote("{\"rooms\": []}".getBytes(StandardCharsets.UTF_16BE)), "")
                .body("detail", containsString("NUL"));
        // Still quoting.
        quote(room("r1", "[" + STAY + "]")).statusCode(200);
    }

    @Test
    void theLedgerRefusesAnAccountIdThatIsNotUtf8() {
        invalid(Users.asAdmin().body(bytes("{\"accountId\": \"x@y\", \"registeredAt\": \"2022-06-01T00:00:00+08:00\"}",
                "c0af")).post("/v1/accounts").then(), "/accountId");
        invalid(Users.asAdmin().body(bytes("{\"username\": \"u@\", \"password\": \"0123456789abc\", \"roles\": "
                + "[\"analyst\"]}", "c0")).post("/v1/users").then(), "/username");
    }

    @Test
    void aPathParameterThatIsNotUtf8IsRefusedByName() {
        // Before: decoded to U+FFFD U+FFFD and looked up (404).
        invalid(Users.asAdmin().urlEncodingEnabled(false).get("/v1/accounts/a%C0%AFb").then(), "/id")
                .body("detail", containsString("path parameter {id}"))
                .body("detail", containsString("overlong"));
        invalid(Users.asAdmin().urlEncodingEnabled(false).get("/v1/accounts/a%E2%82").then(), "/id");
        invalid(Users.asAdmin().urlEncodingEnabled(false)
                .get("/v1/accounts/nobody/bills/2022-06-01/%F4%90%80%80/repriced").then(), "/appId");
        // Valid UTF-8, percent-encoded: looked up as sent.
        Users.asAdmin().urlEncodingEnabled(false).get("/v1/accounts/%E4%B8%AD").then().statusCode(404)
                .contentType(PROBLEM).body("detail", equalTo("no account \"中\""));
        // Without credentials, still 401 first: nothing is said about paths to strangers.
        given().urlEncodingEnabled(false).get("/v1/accounts/a%C0%AFb").then().statusCode(401);
    }

    @Test
    void rawBytesInThePathAreRefusedByName() throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString(("admin:" + Users.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(bytes("GET /v1/accounts/a@b HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                + "\r\nConnection: close\r\n\r\n", "c0af"));
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.toByteArray());
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // The HTTP codec hands the bytes on as they came; the filter refuses them by the parameter's name.
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("application/problem+json") && answer.contains("\"pointer\":\"/id\""), answer);
        }
    }

    // ---- 2. offsets ----

    @Test
    void anOffsetPastEighteenHoursIsRefusedAtItsField() {
        String stay = "{\"from\": \"2022-06-01T00:00:00+18:01\", \"to\": \"2022-06-01T23:30:00+18:00\"}";
        invalid(quote(room("r1", "[" + stay + "]")),
                "/rooms/0/users/0/presence/0/from").body("errors[0].message", containsString("ISO-8601"));
        stay = "{\"from\": \"2022-06-01T00:00:00-18:00\", \"to\": \"2022-06-01T00:30:00-18:00\"}";
        quote(room("r1", "[" + stay + "]")).statusCode(200);
        invalid(Users.asAdmin().body("{\"accountId\": \"offset-18-01\", \"registeredAt\": "
                + "\"2022-06-01T00:00:00-18:01\"}").post("/v1/accounts").then(), "/registeredAt");
    }

    // ---- 3. null where a list is expected ----

    @Test
    void nullIsNoList() {
        invalid(quote(room("r1", "null")), "/rooms/0/users/0/presence")
                .body("errors[0].message", containsString("must not be null"));
        invalid(quote("{\"rooms\": null, \"recordings\": [{\"taskId\": \"t\", \"mode\": \"SINGLE\", \"inputs\": [{"
                + "\"streamId\": \"s\", \"from\": \"2022-06-01T00:00:00+08:00\", \"to\": \"2022-06-01T00:30:00+08:00\""
                + "}]}]}"), "/rooms");
        invalid(quote("{\"recordings\": [{\"taskId\": \"t\", \"mode\": \"SINGLE\", \"inputs\": null}]}"),
                "/recordings/0/inputs");
        invalid(quote("{\"rooms\": [{\"roomId\": \"r\", \"users\": [{\"userId\": \"A\", \"presence\": [" + STAY
                + "]}], \"streams\": null}]}"), "/rooms/0/streams");
        // Absent is none, as before: a user with no stay.
        quote("{\"rooms\": [{\"roomId\": \"r\", \"users\": [{\"userId\": \"A\", \"presence\": [" + STAY
                + "]}, {\"userId\": \"B\"}]}]}").statusCode(200);
    }

    // ---- 5. what the HTTP layer refuses itself ----

    @Test
    void theHttpLayersOwnLimitsAreThePublishedOnes() {
        // The published limits, as problem+json, before authentication.
        given().urlEncodingEnabled(false).get("/v1/package-prices?x=" + "a".repeat(4_100)).then().statusCode(414)
                .contentType(PROBLEM).body("type", org.hamcrest.Matchers.endsWith("/uri-too-long"));
        given().urlEncodingEnabled(false).get("/v1/accounts/x?x=" + "a".repeat(4_100)).then().statusCode(414)
                .contentType(PROBLEM);
        given().header("X-Padding", "a".repeat(21 * 1024)).get("/v1/package-prices").then().statusCode(431)
                .contentType(PROBLEM).body("type", org.hamcrest.Matchers.endsWith("/headers-too-large"));
        // Past Vert.x's own, higher limits (16,384 characters, 64 KiB), it answers them itself: status only.
        given().urlEncodingEnabled(false).get("/v1/package-prices?x=" + "a".repeat(17_000)).then().statusCode(414);
        given().urlEncodingEnabled(false).get("/v1/package-prices?x=" + "a".repeat(3_900)).then().statusCode(400)
                .contentType(PROBLEM);
    }

    // ---- 6. metrics ----

    @Test
    void madeUpPathsShareOneUriTag() {
        String tag = "zz" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            given().get("/v1/" + tag + "-" + i).then().statusCode(401);
            given().get("/v1/accounts/" + tag + "-" + i).then().statusCode(401);
            given().get("/" + tag + "-" + i).then().statusCode(404);
            Users.asAdmin().get("/v1/" + tag + "-admin-" + i).then().statusCode(404);
        }
        String metrics = Users.asAnalyst().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> uris = new TreeSet<>();
        Matcher m = Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"").matcher(metrics);
        while (m.find()) {
            uris.add(m.group(1));
        }
        assertFalse(metrics.contains(tag), "no made-up path is a tag: " + uris);
        assertTrue(uris.contains("UNKNOWN") && uris.contains("NOT_FOUND"), uris.toString());
    }
}
