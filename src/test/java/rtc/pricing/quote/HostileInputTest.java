package rtc.pricing.quote;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.support.Requests;

/**
 * The faults of the adversarial pass, each answered at once with the right problem, and the service still
 * quoting normally right afterwards: requests dated year 0001, huge file counts, spans of thousands of days,
 * unknown fields, trailing data, duplicate keys, bodies over the limit (with a Content-Length, and chunked), and
 * back-to-back stays (one presence, policy §6a).
 */
@QuarkusTest
class HostileInputTest {

    /** Generous: each of these is answered in milliseconds; before the limits, the first took 120 s. */
    private static final Duration FAST = Duration.ofSeconds(2);
    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL server;

    // ---- limits ----

    @Test
    void anInputFromYear0001IsRefusedAtOnce() {
        String body = """
                {"transcodings": [{"taskId": "mcu", "codec": "H264",
                  "output": {"audio": true, "video": {"width": 1280, "height": 720}},
                  "inputs": [{"streamId": "A", "audio": true, "video": {"width": 640, "height": 360},
                              "from": "0001-01-01T00:00:00+08:00", "to": "2022-06-01T00:30:00+08:00"}]}]}
                """;
        fast(() -> invalid(body, "/transcodings/0/inputs/0/from")
                .body("errors[0].message", containsString("must be on or after 2018-12-31T00:00:00Z")));
        stillQuotesE4();
    }

    @Test
    void aTimestampTooFarInTheFutureIsRefused() {
        String body = stay("9999-01-01T00:00:00Z", "9999-01-01T00:30:00Z");
        invalid(body, "/rooms/0/users/0/presence/0/from")
                .body("errors.message", hasItem(containsString("days after today")));
    }

    @Test
    void hugeFileCountsOverManyInputsAreRefusedNotPricedNegative() throws Exception {
        // The attack: files = 2^31 - 1 with 50,000 inputs of a day each (5 MB) returned 200 with a negative total.
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"streamId\":\"s").append(i)
                    .append("\",\"audio\":true,\"from\":\"2022-06-01T00:00:00+08:00\",\"to\":\"2022-06-02T00:00:00+08:00\"}");
        }
        String body = "{\"recordings\": [{\"taskId\": \"rec\", \"mode\": \"SINGLE\", \"files\": 2147483647, \"inputs\": ["
                + inputs + "]}]}";
        // Sent with the JDK client: rest-assured alone takes seconds to send a body of 5 MB.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long started = System.nanoTime();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(server.toURI().resolve("/v1/quotes"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertFast(started);
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals(PROBLEM, answer.headers().firstValue("content-type").orElse(""));
        JsonNode problem = JSON.readTree(answer.body());
        Map<String, String> errors = new HashMap<>();
        problem.path("errors").forEach(e -> errors.put(e.path("pointer").asText(), e.path("message").asText()));
        assertTrue(errors.getOrDefault("/recordings/0/files", "").contains("at most 100"), errors.toString());
        assertTrue(errors.getOrDefault("/recordings/0/inputs", "").contains("at most 10,000"), errors.toString());
        stillQuotesE4();
    }

    @Test
    void aFileCountAboveTheLimitIsRefusedEvenWithOneInput() {
        invalid(recording("2147483647"), "/recordings/0/files");
        invalid(recording("101"), "/recordings/0/files");
        given().contentType("application/json").body(recording("100")).post("/v1/quotes").then().statusCode(200)
                .body("total", equalTo("3.50")); // single-stream audio 10 min × 100 files = 1,000 min × 3.5 / 1000
    }

    @Test
    void anIntervalSpanningThousandsOfDaysIsRefusedAtOnce() {
        // The attack: a ~300-byte request whose stay spans years produced a 188 MB answer.
        String body = stay("2019-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00");
        fast(() -> invalid(body, "/rooms/0/users/0/presence/0/to")
                .body("errors[0].message", containsString("at most 48 hours")));
        stillQuotesE4();
    }

    @Test
    void aRequestSpanningMoreThan32DaysIsRefused() {
        String body = """
                {"rooms": [{"roomId": "r", "users": [{"userId": "A", "presence": [
                  {"from": "2022-07-01T10:00:00+08:00", "to": "2022-07-01T10:30:00+08:00"},
                  {"from": "2022-08-03T10:00:00+08:00", "to": "2022-08-03T10:30:00+08:00"}]}]}]}
                """;
        fast(() -> invalid(body, "/rooms/0/users/0/presence/1/to")
                .body("errors[0].message", containsString("at most 32 days"))
                .body("errors[0].message", containsString("/rooms/0/users/0/presence/0/from")));
        stillQuotesE4();
    }

    @Test
    void anOverlongIdAndTooManyElementsAreRefused() {
        String longId = "x".repeat(129);
        invalid("{\"rooms\": [{\"roomId\": \"" + longId + "\", \"users\": []}]}", "/rooms/0/roomId");
        String manyInputs = "{\"recordings\": [{\"taskId\": \"t\", \"mode\": \"MIXED\", \"inputs\": ["
                + String.join(",", java.util.Collections.nCopies(10_001, "{}")) + "]}]}";
        invalid(manyInputs, "/recordings/0/inputs");
    }

    @Test
    void anEmptyBodyOrANonObjectIsRefused() {
        invalid("", "");
        invalid("[]", "");
        invalid("null", "");
    }

    @Test
    void theHttpBodyLimitIsThePublishedOne() {
        MemorySize configured = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size",
                MemorySize.class);
        assertEquals(QuoteLimits.MAX_BODY_BYTES, configured.asLongValue());
    }

    // ---- strict JSON ----

    @Test
    void anUnknownFieldIsNamedWithAHint() {
        String body = Requests.exampleRequest(Requests.E4).replace("\"userId\":\"A\",\"streamId\":\"B-mic\",",
                "\"userId\":\"A\",\"streamId\":\"B-mic\",\"audioonly\":true,");
        assertTrue(body.contains("audioonly"), "the E4 request has the expected shape");
        invalid(body, "/rooms/0/subscriptions/0/audioonly")
                .body("errors[0].message", equalTo("unknown field; did you mean \"audioOnly\"?"));
        invalid("{\"rooms\": [], \"discount\": \"50%\"}", "/discount")
                .body("errors[0].message", containsString("expected one of [appId, priceBook, recordings, rooms, rulesVersion, transcodings]"));
    }

    @Test
    void trailingDataAfterTheDocumentIsRefused() {
        String e4 = Requests.exampleRequest(Requests.E4);
        invalid(e4 + " {}", "").body("errors[0].message", containsString("after the JSON document"));
        given().contentType("application/json").body(e4 + " trailing").post("/v1/quotes").then()
                .statusCode(400).contentType(PROBLEM).body("errors[0].pointer", equalTo(""));
        given().contentType("application/json").body(e4 + "\n").post("/v1/quotes").then().statusCode(200);
    }

    @Test
    void aDuplicateKeyIsRefused() {
        invalid("{\"rooms\": [{\"roomId\": \"a\", \"roomId\": \"b\"}]}", "/rooms/0/roomId")
                .body("errors[0].message", containsString("duplicate key \"roomId\""));
        String e4 = Requests.exampleRequest(Requests.E4);
        invalid("{\"appId\": \"1\", \"appId\": \"2\"," + e4.substring(1), "/appId");
    }

    // ---- body limit ----

    @Test
    void aContentLengthOverTheLimitIs413Problem() throws Exception {
        long started = System.nanoTime();
        // Only the head is sent: the service must answer from the Content-Length alone, before reading the body.
        Answer answer = exchange("POST /v1/quotes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (QuoteLimits.MAX_BODY_BYTES + 1) + "\r\nConnection: close\r\n\r\n", null);
        assertFast(started);
        assertTooLarge(answer);
        stillQuotesE4();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Problem() throws Exception {
        long started = System.nanoTime();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        Answer answer = exchange("POST /v1/quotes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", out -> {
                    long sent = 0;
                    while (sent <= QuoteLimits.MAX_BODY_BYTES) { // one byte over the limit, no final chunk
                        int n = (int) Math.min(chunk.length, QuoteLimits.MAX_BODY_BYTES + 1 - sent);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk, 0, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent += n;
                    }
                    out.flush();
                });
        assertFast(started);
        assertTooLarge(answer);
        stillQuotesE4();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsQuoted() throws Exception {
        byte[] e4 = Requests.exampleRequest(Requests.E4).getBytes(StandardCharsets.UTF_8);
        Answer answer = exchange("POST /v1/quotes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", out -> {
                    int half = e4.length / 2;
                    for (byte[] part : new byte[][] { Arrays.copyOf(e4, half), Arrays.copyOfRange(e4, half, e4.length) }) {
                        out.write((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(part);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                });
        assertEquals(200, answer.status, answer.toString());
        assertEquals("5.04", JSON.readTree(answer.body).path("total").asText(), answer.toString());
    }

    // ---- presence (policy §6a) ----

    @Test
    void backToBackStaysAreOnePresence() {
        given().contentType("application/json").body(Requests.exampleRequest("case-base-back-to-back-stays.json"))
                .post("/v1/quotes").then().statusCode(200)
                .body("total", equalTo("0.525"))
                .body("lines.seconds", org.hamcrest.Matchers.contains(2700, 900));
    }

    @Test
    void overlappingStaysRemainAnError() {
        String body = """
                {"rooms": [{"roomId": "r", "users": [{"userId": "A", "presence": [
                  {"from": "2022-07-01T00:00:00+08:00", "to": "2022-07-01T00:10:01+08:00"},
                  {"from": "2022-07-01T00:10:00+08:00", "to": "2022-07-01T00:30:00+08:00"}]}]}]}
                """;
        invalid(body, "/rooms/0/users/0/presence");
    }

    // ---- helpers ----

    private static String stay(String from, String to) {
        return "{\"rooms\": [{\"roomId\": \"r\", \"users\": [{\"userId\": \"A\", \"presence\": [{\"from\": \"" + from
                + "\", \"to\": \"" + to + "\"}]}]}]}";
    }

    private static String recording(String files) {
        return "{\"recordings\": [{\"taskId\": \"rec\", \"mode\": \"SINGLE\", \"files\": " + files + ", \"inputs\": ["
                + "{\"streamId\": \"A\", \"audio\": true, \"from\": \"2022-07-01T10:00:00+08:00\","
                + " \"to\": \"2022-07-01T10:10:00+08:00\"}]}]}";
    }

    /** A 400 input problem naming {@code pointer}, with nothing internal in it. */
    private static ValidatableResponse invalid(String body, String pointer) {
        return given().contentType("application/json").body(body).post("/v1/quotes").then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("type", not(equalTo(null)))
                .body("title", not(equalTo(null)))
                .body("detail", not(equalTo(null)))
                .body("errors.pointer", hasItem(pointer))
                .body(not(containsString("Exception")))
                .body(not(containsString("rtc.pricing")))
                .body(not(containsString("com.fasterxml")))
                .body(not(containsString("/work/")));
    }

    private static void fast(Runnable request) {
        long started = System.nanoTime();
        request.run();
        assertFast(started);
    }

    private static void assertFast(long startedNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        assertTrue(took.compareTo(FAST) < 0, "answered in " + took.toMillis() + " ms; expected under " + FAST.toMillis());
    }

    private static void stillQuotesE4() {
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E4)).post("/v1/quotes").then()
                .statusCode(200).body("total", equalTo("5.04"));
    }

    private static void assertTooLarge(Answer answer) throws IOException {
        assertEquals(413, answer.status, answer.toString());
        assertTrue(answer.head.toLowerCase().contains("content-type: " + PROBLEM), answer.toString());
        JsonNode problem = JSON.readTree(answer.body);
        assertEquals(413, problem.path("status").asInt(), answer.toString());
        assertTrue(problem.path("type").asText().endsWith("body-too-large"), answer.toString());
        assertEquals("Content Too Large", problem.path("title").asText());
        assertTrue(problem.path("detail").asText().contains("8,388,608 bytes"), answer.toString());
        assertFalse(answer.body.contains("Exception"), answer.toString());
    }

    private interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    private record Answer(int status, String head, String body) {
    }

    /** One raw HTTP/1.1 exchange (Connection: close): what rest-assured cannot send — a bare head, a chunked body. */
    private Answer exchange(String head, BodyWriter body) throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (body != null) {
                body.write(out);
            }
            byte[] raw = readAll(socket.getInputStream());
            String text = new String(raw, StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String responseHead = split < 0 ? text : text.substring(0, split);
            String responseBody = split < 0 ? "" : text.substring(split + 4);
            if (responseHead.toLowerCase().contains("transfer-encoding: chunked")) {
                responseBody = dechunk(responseBody);
            }
            int status = Integer.parseInt(responseHead.substring(9, 12));
            return new Answer(status, responseHead, responseBody);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0;) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }
}
