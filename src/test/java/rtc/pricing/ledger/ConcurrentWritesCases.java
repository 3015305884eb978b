package rtc.pricing.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.ExtractableResponse;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.problem.ConflictException;
import rtc.pricing.support.Users;

/**
 * Concurrent and repeated writes, as a flaky network and a busy pipeline send them: a write is never lost, never made
 * twice, and a valid request never answers 5xx because others run beside it. Run on both databases
 * ({@link ConcurrentWritesTest}, {@link ConcurrentWritesOnEmbeddedTest}).
 */
abstract class ConcurrentWritesCases {

    @Inject
    IdempotentWrites writes;
    @Inject
    LedgerDatabase database;
    @Inject
    ObjectMapper json;

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    private static void account(String id, String app, String topUp) {
        admin().body("{\"accountId\": \"" + id + "\", \"registeredAt\": \"2022-05-01T10:00:00+08:00\", \"postpaid\":"
                + " true}").post("/v1/accounts").then().statusCode(201);
        admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/" + id + "/apps").then().statusCode(201);
        if (topUp != null) {
            admin().body("{\"amount\": \"" + topUp + "\", \"at\": \"2022-05-01T10:00:00+08:00\"}")
                    .post("/v1/accounts/" + id + "/top-ups").then().statusCode(200);
        }
    }

    private static <T> List<T> inParallel(int n, Supplier<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twentyParallelPurchasesWithOneKeyBuyOnce() throws Exception {
        account("cw-buy", "1400301001", "200.00");
        String body = "{\"thousandMinutes\": 25, \"paidAt\": \"2022-05-02T10:00:00+08:00\"}";
        List<ExtractableResponse<?>> answers = inParallel(20, () -> admin().header("Idempotency-Key", "cw-buy-1")
                .body(body).post("/v1/accounts/cw-buy/packages").then().extract());
        int made = 0, replayed = 0, inFlight = 0;
        String packageId = null;
        for (ExtractableResponse<?> a : answers) {
            if (a.statusCode() == 201) {
                if ("true".equals(a.header(IdempotentWrites.REPLAYED))) {
                    replayed++;
                } else {
                    made++;
                }
                assertTrue(packageId == null || packageId.equals(a.path("packageId")), "one package, every answer");
                packageId = a.path("packageId");
            } else {
                assertEquals(409, a.statusCode(), a.body().asString());
                assertEquals("https://rtc-pricing.example/problems/idempotency-key-in-flight", a.path("type"));
                assertEquals("1", a.header("Retry-After"));
                inFlight++;
            }
        }
        assertEquals(1, made, "the purchase ran once");
        assertEquals(20, made + replayed + inFlight);
        // A retry after Retry-After gets the first answer, replayed.
        admin().header("Idempotency-Key", "cw-buy-1").body(body).post("/v1/accounts/cw-buy/packages").then()
                .statusCode(201).header(IdempotentWrites.REPLAYED, "true")
                .body("packageId", org.hamcrest.Matchers.equalTo(packageId));
        // 200.00 − 168.00, one package.
        admin().queryParam("at", "2022-05-03T00:00:00+08:00").get("/v1/accounts/cw-buy").then().statusCode(200)
                .body("balance", org.hamcrest.Matchers.equalTo("32.00"))
                .body("packages.size()", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void twentyParallelBatchesOfTheSameFiftyReportsCountThemOnce() throws Exception {
        account("cw-usage", "1400301002", null);
        StringBuilder reports = new StringBuilder("{\"reports\": [");
        OffsetDateTime first = OffsetDateTime.parse("2022-06-01T10:00:00+08:00");
        for (int i = 0; i < 50; i++) {
            reports.append(i == 0 ? "" : ", ").append("{\"reportId\": \"cw-r").append(i)
                    .append("\", \"appId\": \"1400301002\", \"interval\": \"").append(first.plusMinutes(5L * i))
                    .append("\", \"service\": \"BASE\", \"category\": \"VIDEO\", \"tier\": \"HD\", \"seconds\": 30}");
        }
        String body = reports.append("]}").toString();
        List<ExtractableResponse<?>> answers = inParallel(20, () -> Users.asBilling().contentType("application/json")
                .body(body).post("/v1/usage").then().extract());
        int accepted = 0, duplicates = 0;
        for (ExtractableResponse<?> a : answers) {
            assertEquals(200, a.statusCode(), a.body().asString());
            accepted += a.<Integer>path("accepted");
            duplicates += a.<Integer>path("duplicates");
        }
        assertEquals(50, accepted);
        assertEquals(19 * 50, duplicates);
        // 50 × 30 s = 1,500 s: 25 postpaid HD minutes, taken once.
        long minutes = database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("select sum(minutes) from postpaid_day where account_id ="
                    + " 'cw-usage'"); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
        assertEquals(25, minutes);
    }

    @Test
    void aKeyWhoseFirstRequestRunsAnswers409WithRetryAfterThenReplays() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        var body = json.createObjectNode().put("n", 1);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<Response> made = first.submit(() -> writes.run("slow-1", "tester", null, "POST /x", body, c -> {
                running.countDown();
                try {
                    finish.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Ledger.Written(201, Map.of("made", "once"));
            }));
            assertTrue(running.await(60, TimeUnit.SECONDS));
            Response second = writes.run("slow-1", "tester", null, "POST /x", body,
                    c -> new Ledger.Written(201, Map.of("made", "twice")));
            assertEquals(409, second.getStatus());
            assertEquals("1", second.getHeaderString("Retry-After"));
            // Another body under the running key is the other conflict, at once.
            ConflictException reused = org.junit.jupiter.api.Assertions.assertThrows(ConflictException.class,
                    () -> writes.run("slow-1", "tester", null, "POST /y", body,
                            c -> new Ledger.Written(201, Map.of())));
            assertEquals("idempotency-key-reused", reused.slug());
            finish.countDown();
            Response done = made.get(60, TimeUnit.SECONDS);
            assertEquals(201, done.getStatus());
            assertNull(done.getHeaderString(IdempotentWrites.REPLAYED));
            Response replay = writes.run("slow-1", "tester", null, "POST /x", body,
                    c -> new Ledger.Written(201, Map.of("made", "twice")));
            assertEquals(201, replay.getStatus());
            assertEquals("true", replay.getHeaderString(IdempotentWrites.REPLAYED));
            assertEquals("{\"made\":\"once\"}", replay.getEntity());
        } finally {
            finish.countDown();
            first.shutdownNow();
        }
    }

    @Test
    void aFailedWriteFreesItsKeyAndAnAbandonedClaimIsTakenOverAfterItsLease() {
        var body = json.createObjectNode().put("n", 2);
        org.junit.jupiter.api.Assertions.assertThrows(ConflictException.class, () -> writes.run("fail-1", "tester",
                null, "POST /x", body, c -> {
                    throw new ConflictException("insufficient-balance", "no");
                }));
        Response retried = writes.run("fail-1", "tester", null, "POST /x", body,
                c -> new Ledger.Written(201, Map.of("made", "on retry")));
        assertEquals(201, retried.getStatus());
        assertNull(retried.getHeaderString(IdempotentWrites.REPLAYED));

        // A claim left by a request that died with its process (no answer, claimed long ago) is taken over.
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into idempotency (idem_key, actor, request_hash,"
                    + " claim, claimed_at, created_at) values ('dead-1', 'tester', ?, 'gone', ?, ?)")) {
                s.setString(1, hashOf("POST /x", "{\"n\":2}"));
                s.setObject(2, longAgo);
                s.setObject(3, longAgo);
                return s.executeUpdate();
            }
        });
        Response taken = writes.run("dead-1", "tester", null, "POST /x", body,
                c -> new Ledger.Written(201, Map.of("made", "after the lease")));
        assertEquals(201, taken.getStatus());
        assertEquals("{\"made\":\"after the lease\"}", taken.getEntity());
    }

    @Test
    void aKeyAtAnotherEndpointOrWithAnotherBodyIs409AndWritesNothing() {
        account("cw-k1", "1400301004", null);
        account("cw-k2", "1400301005", null);
        String topUp = "{\"amount\": \"100.00\", \"at\": \"2022-05-02T10:00:00+08:00\"}";
        admin().header("Idempotency-Key", "cw-k-1").body(topUp).post("/v1/accounts/cw-k1/top-ups").then()
                .statusCode(200).body("balance", org.hamcrest.Matchers.equalTo("100.00"));
        for (String[] other : new String[][] {{"/v1/accounts/cw-k2/top-ups", topUp},
            {"/v1/accounts/cw-k1/top-ups", topUp.replace("100.00", "50.00")},
            {"/v1/accounts/cw-k1/postpaid", "{\"at\": \"2022-05-02T10:00:00+08:00\"}"}}) {
            admin().header("Idempotency-Key", "cw-k-1").body(other[1]).post(other[0]).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("/idempotency-key-reused"));
        }
        admin().get("/v1/accounts/cw-k1").then().body("balance", org.hamcrest.Matchers.equalTo("100.00"));
        admin().get("/v1/accounts/cw-k2").then().body("balance", org.hamcrest.Matchers.equalTo("0.00"));
    }

    @Test
    void aKeyPastItsTimeToLiveIsANewKey() {
        account("cw-ttl", "1400301003", null);
        String topUp = "{\"amount\": \"100.00\", \"at\": \"2022-05-02T10:00:00+08:00\"}";
        admin().header("Idempotency-Key", "cw-ttl-1").body(topUp).post("/v1/accounts/cw-ttl/top-ups").then()
                .statusCode(200).body("balance", org.hamcrest.Matchers.equalTo("100.00"));
        admin().header("Idempotency-Key", "cw-ttl-1").body(topUp).post("/v1/accounts/cw-ttl/top-ups").then()
                .statusCode(200).header(IdempotentWrites.REPLAYED, "true")
                .body("balance", org.hamcrest.Matchers.equalTo("100.00"));
        // 25 hours later (the default time to live is 24 hours) the key is forgotten: the same request is new.
        int aged = database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update idempotency set created_at = ? where idem_key ="
                    + " 'cw-ttl-1'")) {
                s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusHours(25));
                return s.executeUpdate();
            }
        });
        assertEquals(1, aged);
        assertEquals(1, writes.forgetExpired());
        admin().header("Idempotency-Key", "cw-ttl-1").body(topUp).post("/v1/accounts/cw-ttl/top-ups").then()
                .statusCode(200).body("balance", org.hamcrest.Matchers.equalTo("200.00"));
    }

    private static String hashOf(String endpoint, String body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((endpoint + "\n" + body).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
