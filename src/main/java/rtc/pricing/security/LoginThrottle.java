package rtc.pricing.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.inject.Singleton;

import io.quarkus.security.AuthenticationFailedException;

/**
 * Failed logins, rate-limited (README "Authentication"). Each failure takes a token from three buckets, and a login
 * attempt finding one of them empty is refused before its password is looked at ({@code 429} with
 * {@code Retry-After}, no bcrypt: {@link #refusal}):
 * <ul>
 * <li>the user at this client: {@value #USER_AT_CLIENT_BURST} failures, then one per
 * {@link #USER_AT_CLIENT_REFILL};</li>
 * <li>the client, whatever the names it tries: {@value #CLIENT_BURST}, then one per {@link #CLIENT_REFILL};</li>
 * <li>the user from anywhere: {@value #USER_BURST}, then one per {@link #USER_REFILL} — except from a client this
 * user logged in from within {@link #KNOWN_FOR}: there only the first two count.</li>
 * </ul>
 * Buckets refill on their own, so a refusal never lasts longer than one refill (at most a minute) after the failures
 * stop, and nothing locks a user for good. Someone guessing the admin's password from elsewhere empties the admin's
 * bucket, but not at the admin's own client, and never the admin's own bucket at a client. A success refills the
 * user's bucket at that client only: a guesser who knows one password gains nothing elsewhere.
 * <p>
 * Memory is bounded: each kind of bucket is kept for at most {@value #MAX_ENTRIES} keys (least recently used out;
 * a full bucket is dropped anyway), and a user name longer than 128 characters is kept as its SHA-256.
 */
@Singleton
public class LoginThrottle {

    static final int USER_AT_CLIENT_BURST = 10;
    static final Duration USER_AT_CLIENT_REFILL = Duration.ofSeconds(30);
    static final int CLIENT_BURST = 30;
    static final Duration CLIENT_REFILL = Duration.ofSeconds(10);
    static final int USER_BURST = 30;
    static final Duration USER_REFILL = Duration.ofSeconds(10);
    static final Duration KNOWN_FOR = Duration.ofDays(30);
    static final int MAX_ENTRIES = 10_000;
    private static final int LONG_NAME = 128;
    /**
     * The attribute (of the routing context, and of the refusal) holding the seconds a throttled attempt is told to
     * wait: the answer is then 429 with Retry-After, not 401.
     */
    static final String RETRY_AFTER = "rtc.pricing.security.retryAfter";

    private final LongSupplier nanos;
    private final Buckets userAtClient = new Buckets(USER_AT_CLIENT_BURST, USER_AT_CLIENT_REFILL);
    private final Buckets clients = new Buckets(CLIENT_BURST, CLIENT_REFILL);
    private final Buckets users = new Buckets(USER_BURST, USER_REFILL);
    /** (user, client) → when the user last logged in from there. */
    private final Map<String, Long> known = lru();

    public LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Zero when {@code user} may try a password from {@code client} now, else how long until it may. */
    public Duration wait(String user, String client) {
        long now = nanos.getAsLong();
        String name = key(user);
        long wait = Math.max(userAtClient.wait(name + '\n' + client, now), clients.wait(client, now));
        if (!isKnown(name, client, now)) {
            wait = Math.max(wait, users.wait(name, now));
        }
        return Duration.ofNanos(wait);
    }

    /** The authentication failure of an attempt refused for {@code seconds}: to Quarkus a failure like any other. */
    static AuthenticationFailedException refusal(long seconds) {
        return new AuthenticationFailedException("too many failed logins; retry after " + seconds + " s",
                Map.of(RETRY_AFTER, seconds));
    }

    public void failed(String user, String client) {
        long now = nanos.getAsLong();
        String name = key(user);
        userAtClient.take(name + '\n' + client, now);
        clients.take(client, now);
        if (!isKnown(name, client, now)) {
            users.take(name, now);
        }
    }

    public void succeeded(String user, String client) {
        String name = key(user);
        userAtClient.forget(name + '\n' + client);
        synchronized (known) {
            known.put(name + '\n' + client, nanos.getAsLong());
        }
    }

    /** Entries held now, of every kind: what the memory bound is about. */
    int entries() {
        synchronized (known) {
            return userAtClient.size() + clients.size() + users.size() + known.size();
        }
    }

    private boolean isKnown(String name, String client, long now) {
        Long at;
        synchronized (known) {
            at = known.get(name + '\n' + client);
        }
        return at != null && now - at < KNOWN_FOR.toNanos();
    }

    private static String key(String user) {
        if (user.length() <= LONG_NAME) {
            return user;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(user.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }

    /** Token buckets of failures: {@code burst} tokens, one more every {@code refill}. */
    private static final class Buckets {
        private final int burst;
        private final long refill;
        /** key → the instant (nanos) its bucket is full again. */
        private final Map<String, long[]> debt = lru();

        Buckets(int burst, Duration refill) {
            this.burst = burst;
            this.refill = refill.toNanos();
        }

        // A bucket is kept as the instant it will be full again: it holds burst − (full − now) / refill tokens. A
        // failure moves that instant one refill later; an attempt is refused while less than one token is left.

        synchronized long wait(String key, long now) {
            long[] full = debt.get(key);
            if (full == null) {
                return 0;
            }
            long owed = full[0] - now; // nanoseconds until full
            if (owed <= 0) {
                debt.remove(key);
                return 0;
            }
            long allowedDebt = (burst - 1) * refill; // at least one token left
            return Math.max(0, owed - allowedDebt);
        }

        synchronized void take(String key, long now) {
            long[] full = debt.get(key);
            long from = full == null ? now : Math.max(full[0], now);
            debt.put(key, new long[] { from + refill });
        }

        synchronized void forget(String key) {
            debt.remove(key);
        }

        synchronized int size() {
            return debt.size();
        }
    }
}
