package rtc.pricing.security;

import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.support.Requests;
import rtc.pricing.support.Users;

/**
 * Credentials as a weapon (issue 17, item 6): repeated bogus credentials on a public endpoint cost one bcrypt, and
 * failed logins are answered 429 with Retry-After per user at a client and per client, while the same user from
 * another client still gets in. Each test sends from its own loopback address, so no other test's 127.0.0.1 is
 * held.
 */
@QuarkusTest
class FailedLoginsTest {

    private static final String PASSWORD = "throttle-test-password";

    @TestHTTPResource("/")
    URL self;
    @Inject
    Passwords passwords;

    @Test
    void theSameBogusCredentialsOnAPublicQuoteCostOneBcrypt() {
        String quote = Requests.exampleRequest(Requests.E2);
        Map<String, String> bogus = Map.of("Content-Type", "application/json",
                "Authorization", RawHttp.basic("nobody-public", "bogus"));
        long before = passwords.bcryptVerifications();
        for (int i = 0; i < 5; i++) {
            RawHttp.Answer answer = RawHttp.exchange("127.0.0.31", self.getPort(), "POST", "/v1/quotes", bogus, quote);
            assertEquals(401, answer.status(), answer.body()); // checked, as api.md says
            assertEquals("application/problem+json", answer.header("content-type"));
        }
        assertEquals(1, passwords.bcryptVerifications() - before, "five identical attempts, one bcrypt");
        RawHttp.Answer anonymous = RawHttp.exchange("127.0.0.31", self.getPort(), "POST", "/v1/quotes",
                Map.of("Content-Type", "application/json"), quote);
        assertEquals(200, anonymous.status(), anonymous.body());
    }

    @Test
    void failedLoginsOfAUserAtAClientAre429ThenAnotherClientStillGetsIn() {
        String name = "throttled-" + Long.toHexString(System.nanoTime());
        Users.asAdmin().body("{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD
                + "\", \"roles\": [\"analyst\"]}").post("/v1/users").then().statusCode(201);
        for (int i = 0; i < LoginThrottle.USER_AT_CLIENT_BURST; i++) {
            assertEquals(401, rules("127.0.0.32", name, "wrong-" + i).status(), "failure " + i);
        }
        long before = passwords.bcryptVerifications();
        RawHttp.Answer held = rules("127.0.0.32", name, PASSWORD);
        assertEquals(429, held.status(), "even the right password waits: " + held.body());
        assertEquals("application/problem+json", held.header("content-type"));
        assertTrue(held.body().contains("too-many-failed-logins"), held.body());
        long retryAfter = Long.parseLong(held.header("retry-after"));
        assertTrue(retryAfter >= 1 && retryAfter <= LoginThrottle.USER_AT_CLIENT_REFILL.toSeconds(), "" + retryAfter);
        assertEquals(0, passwords.bcryptVerifications() - before, "a held attempt costs no bcrypt");
        assertEquals(200, rules("127.0.0.33", name, PASSWORD).status(), "another client gets in");
    }

    @Test
    void aClientTryingManyNamesIsHeldButNotOthers() {
        for (int i = 0; i < LoginThrottle.CLIENT_BURST; i++) {
            assertEquals(401, rules("127.0.0.34", "guess-" + i, "guess").status(), "failure " + i);
        }
        RawHttp.Answer held = rules("127.0.0.34", "admin", Users.ADMIN_PASSWORD);
        assertEquals(429, held.status(), held.body());
        assertTrue(Long.parseLong(held.header("retry-after")) >= 1);
        Users.asAdmin().get("/v1/rules").then().statusCode(200);
        assertEquals(200, rules("127.0.0.35", "admin", Users.ADMIN_PASSWORD).status());
        // Anonymous requests are no login: the held client still gets quotes.
        RawHttp.Answer quote = RawHttp.exchange("127.0.0.34", self.getPort(), "POST", "/v1/quotes",
                Map.of("Content-Type", "application/json"), Requests.exampleRequest(Requests.E2));
        assertEquals(200, quote.status(), quote.body());
        Users.asAnalyst().get("/v1/rules").then().statusCode(200).body("version", notNullValue());
    }

    @Test
    void aThrottledAnswerIsAProblemWithRetryAfterAndNoChallenge() {
        for (int i = 0; i < LoginThrottle.USER_AT_CLIENT_BURST; i++) {
            rules("127.0.0.36", "challenge-0", "wrong-" + i);
        }
        RawHttp.Answer held = rules("127.0.0.36", "challenge-0", "wrong");
        assertEquals(429, held.status());
        assertEquals(null, held.header("www-authenticate"), "a challenge would invite the next guess");
        io.restassured.path.json.JsonPath body = io.restassured.path.json.JsonPath.from(held.body());
        assertEquals(429, body.getInt("status"));
        assertTrue(body.getString("detail").contains("retry after"), body.getString("detail"));
    }

    private RawHttp.Answer rules(String from, String user, String password) {
        return RawHttp.exchange(from, self.getPort(), "GET", "/v1/rules",
                Map.of("Authorization", RawHttp.basic(user, password)), null);
    }
}
