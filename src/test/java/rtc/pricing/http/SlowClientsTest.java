package rtc.pricing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import rtc.pricing.security.RawHttp;
import rtc.pricing.support.Requests;

/**
 * Slow clients do not take the service down (issue 17, item 5): stalled uploads hold no worker, are closed after
 * the body timeout, and one client's connections and bodies in flight are capped. Clients are loopback addresses
 * of their own (127.0.0.4x); the quote that must stay fast comes from 127.0.0.1.
 */
@QuarkusTest
@TestProfile(SlowClientsTest.Profile.class)
class SlowClientsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A short body timeout keeps the test short; the caps are raised so that 250 stalled uploads from five
            // clients are all received (each of those would hold a worker thread of 200 if read by the resource).
            return Map.of("pricing.http.body-timeout", "PT10S",
                    "pricing.http.max-bodies-per-client", "100",
                    "pricing.http.max-bodies", "400",
                    "pricing.http.max-connections-per-client", "150");
        }
    }

    private static final int STALLED = 250;
    private static final String[] STALLING = { "127.0.0.41", "127.0.0.42", "127.0.0.43", "127.0.0.44", "127.0.0.45" };

    @TestHTTPResource("/")
    URL self;
    @Inject
    ClientLimits limits;

    @Test
    void twoHundredFiftyStalledUploadsLeaveAQuoteFastAndAreClosedAfterTheTimeout() throws Exception {
        HttpRequest quote = HttpRequest.newBuilder(self.toURI().resolve("/v1/quotes"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Requests.exampleRequest(Requests.E2))).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        assertEquals(200, client.send(quote, HttpResponse.BodyHandlers.ofString()).statusCode()); // warm
        long alone = (System.nanoTime() - start) / 1_000_000;
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(stall(STALLING[i % STALLING.length]));
            }
            // Every stalled body is being received (deterministic: the service's own count), ...
            awaitCount(() -> sum(STALLING, limits::bodiesOf), STALLED, "stalled bodies in flight");
            // ... and a normal quote still answers at once.
            start = System.nanoTime();
            HttpResponse<String> answer = client.send(quote, HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[SlowClientsTest] a quote took " + millis + " ms with " + STALLED
                    + " stalled uploads open (" + alone + " ms for the first, before them)");
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(millis < 5_000, "a quote took " + millis + " ms");
            // Each stalled upload is answered 408 after the body timeout, and its connection closed.
            for (Socket socket : stalled) {
                socket.setSoTimeout(60_000);
                RawHttp.Answer timedOut = RawHttp.read(socket.getInputStream());
                assertEquals(408, timedOut.status(), timedOut.body());
                assertEquals("application/problem+json", timedOut.header("content-type"));
                assertTrue(timedOut.body().contains("body-timeout"), timedOut.body());
                assertTrue(RawHttp.closedByServer(socket), "closed by the service");
            }
            awaitCount(() -> sum(STALLING, limits::bodiesOf), 0, "bodies in flight after the timeout");
        } finally {
            closeAll(stalled);
        }
    }

    @Test
    void oneClientReceivesAtMostItsShareOfBodiesAtOnce() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 110; i++) {
                sockets.add(stall("127.0.0.46"));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Socket socket : sockets) {
                socket.setSoTimeout(60_000);
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
                statuses.merge(answer.status(), 1, Integer::sum);
                if (answer.status() == 429) {
                    assertTrue(answer.body().contains("too-many-uploads"), answer.body());
                    assertEquals("1", answer.header("retry-after"));
                }
                assertTrue(RawHttp.closedByServer(socket), "closed by the service");
            }
            // 100 received until the body timeout; the 10 beyond refused at once.
            assertEquals(Map.of(408, 100, 429, 10), statuses);
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void oneClientHoldsAtMostItsShareOfConnections() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < 160; i++) {
                Socket socket = RawHttp.connect("127.0.0.47", self.getPort());
                socket.setSoTimeout(60_000);
                sockets.add(socket);
                RawHttp.send(socket, "GET", "/q/health/live", Map.of("Host", "localhost"), null);
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
                statuses.merge(answer.status(), 1, Integer::sum);
                if (answer.status() == 429) {
                    assertTrue(answer.body().contains("too-many-connections"), answer.body());
                    assertTrue(RawHttp.closedByServer(socket), "a refused connection is closed");
                }
            }
            assertEquals(Map.of(200, 150, 429, 10), statuses, "kept-alive connections count until closed");
            assertEquals(150, limits.connectionsOf("127.0.0.47"));
            closeAll(sockets);
            awaitCount(() -> limits.connectionsOf("127.0.0.47"), 0, "connections after the client closed them");
            // Closed connections give their place back.
            assertEquals(200, RawHttp.exchange("127.0.0.47", self.getPort(), "GET", "/q/health/live", Map.of(), null)
                    .status());
        } finally {
            closeAll(sockets);
        }
    }

    /** A quote upload that announces 100,000 bytes, sends 12 and stalls. */
    private Socket stall(String from) throws IOException {
        Socket socket = RawHttp.connect(from, self.getPort());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "localhost:" + self.getPort());
        headers.put("Content-Type", "application/json");
        headers.put("Content-Length", "100000");
        RawHttp.send(socket, "POST", "/v1/quotes", headers, "{\"rooms\": [ ");
        return socket;
    }

    private static int sum(String[] clients, java.util.function.ToIntFunction<String> count) {
        int n = 0;
        for (String c : clients) {
            n += count.applyAsInt(c);
        }
        return n;
    }

    /** Waits (generously: a loaded 2-core machine) until {@code count} is {@code expected}. */
    private static void awaitCount(IntSupplier count, int expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, count.getAsInt(), what);
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
