package rtc.pricing.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The failed-login buckets on a clock the test moves: per user at a client, per client, per user. */
class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void aUserAtAClientHasABurstThenOneTryPerRefill() {
        for (int i = 0; i < LoginThrottle.USER_AT_CLIENT_BURST; i++) {
            assertEquals(Duration.ZERO, throttle.wait("admin", "10.0.0.1"), "failure " + i);
            throttle.failed("admin", "10.0.0.1");
        }
        assertEquals(LoginThrottle.USER_AT_CLIENT_REFILL, throttle.wait("admin", "10.0.0.1"));
        // Refused attempts take nothing: however often the guesser knocks, the wait does not grow.
        for (int i = 0; i < 100; i++) {
            throttle.wait("admin", "10.0.0.1");
        }
        advance(LoginThrottle.USER_AT_CLIENT_REFILL.minusSeconds(1));
        assertEquals(Duration.ofSeconds(1), throttle.wait("admin", "10.0.0.1"));
        advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, throttle.wait("admin", "10.0.0.1"), "one more try after one refill");
        throttle.failed("admin", "10.0.0.1");
        assertEquals(LoginThrottle.USER_AT_CLIENT_REFILL, throttle.wait("admin", "10.0.0.1"));
        // Another client is not concerned.
        assertEquals(Duration.ZERO, throttle.wait("admin", "10.0.0.2"));
    }

    @Test
    void theAdminIsNeverLockedOutForGood() {
        // A guesser at 10.0.0.66 fails for an hour, as fast as it is let.
        for (int second = 0; second <= 3600; second++) {
            advance(Duration.ofSeconds(1));
            if (throttle.wait("admin", "10.0.0.66").isZero()) {
                throttle.failed("admin", "10.0.0.66");
            }
        }
        assertTrue(throttle.wait("admin", "10.0.0.66").compareTo(Duration.ZERO) > 0, "the guesser is held");
        assertEquals(Duration.ZERO, throttle.wait("admin", "10.0.0.7"), "the admin from elsewhere gets in");
        // ... and the guesser itself at most one refill after it stops.
        advance(LoginThrottle.USER_AT_CLIENT_REFILL);
        assertEquals(Duration.ZERO, throttle.wait("admin", "10.0.0.66"));
    }

    @Test
    void guessesFromManyClientsHoldTheUserButNotWhereItLoggedInBefore() {
        throttle.succeeded("admin", "10.0.0.7");
        for (int i = 0; i < LoginThrottle.USER_BURST; i++) {
            throttle.failed("admin", "192.0.2." + i); // one failure per client: only the user's bucket empties
        }
        Duration held = throttle.wait("admin", "198.51.100.1");
        assertEquals(LoginThrottle.USER_REFILL, held, "a new client waits for the user's bucket");
        assertEquals(Duration.ZERO, throttle.wait("admin", "10.0.0.7"), "the admin's own client is not held");
        advance(LoginThrottle.USER_REFILL);
        assertEquals(Duration.ZERO, throttle.wait("admin", "198.51.100.1"), "nor anyone after one refill");
    }

    @Test
    void aClientTryingManyNamesIsHeldWhateverTheName() {
        for (int i = 0; i < LoginThrottle.CLIENT_BURST; i++) {
            throttle.failed("name" + i, "10.0.0.9");
        }
        assertEquals(LoginThrottle.CLIENT_REFILL, throttle.wait("admin", "10.0.0.9"));
        assertEquals(Duration.ZERO, throttle.wait("admin", "10.0.0.10"));
    }

    @Test
    void aSuccessRefillsTheUserAtThatClientOnly() {
        for (int i = 0; i < LoginThrottle.USER_AT_CLIENT_BURST - 1; i++) {
            throttle.failed("dora", "10.0.0.3");
        }
        throttle.succeeded("dora", "10.0.0.3");
        for (int i = 0; i < LoginThrottle.USER_AT_CLIENT_BURST - 1; i++) {
            throttle.failed("dora", "10.0.0.3");
        }
        assertEquals(Duration.ZERO, throttle.wait("dora", "10.0.0.3"));
    }

    @Test
    void memoryIsBoundedWhateverTheNamesAndClients() {
        for (int i = 0; i < 3 * LoginThrottle.MAX_ENTRIES; i++) {
            throttle.failed("user-" + i + "-" + "x".repeat(200), "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertTrue(throttle.entries() <= 3 * LoginThrottle.MAX_ENTRIES, "entries: " + throttle.entries());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
