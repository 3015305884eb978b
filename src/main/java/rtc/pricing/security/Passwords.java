package rtc.pricing.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.elytron.security.common.BcryptUtil;
import rtc.pricing.config.PricingConfig;

/**
 * bcrypt password hashes (Modular Crypt Format, {@code $2a$<cost>$…}: all that is kept of a password), and their
 * verification without a bcrypt at every request.
 * <p>
 * HTTP Basic sends the password with every request, and a bcrypt of cost 12 takes about a third of a second of one
 * core. So a password that verified is remembered, for at most {@link #CACHE_SIZE} users (least recently used
 * first out): the user's name, the stored hash it verified against, and an HMAC-SHA256 of the password under a key
 * drawn at start and never stored. The next request with the same password and an unchanged stored hash is checked
 * against that HMAC in microseconds; a new password hash (another password) misses.
 * <p>
 * Failures are remembered too, the same way, for at most {@link #FAILED_SIZE} (name, password, stored hash): the same
 * wrong credentials sent again (a client retrying, or credentials sent with every anonymous quote to make each cost a
 * bcrypt) are refused without one. A new wrong password pays a whole bcrypt, and an unknown user pays one against a
 * dummy hash, so guessing stays slow and does not tell names apart; {@link LoginThrottle} bounds how many a client
 * may try.
 */
@Singleton
public class Passwords {

    /** bcrypt reads this many bytes of a password (UTF-8) and ignores the rest. */
    public static final int MAX_BYTES = 72;
    /** Users whose verified password is remembered. */
    static final int CACHE_SIZE = 1_000;
    /** Wrong credentials remembered as wrong. */
    static final int FAILED_SIZE = 10_000;
    private static final int MIN_COST = 4;
    private static final int MAX_COST = 31;
    /** 24 random bytes, 32 Base64url characters. */
    private static final int GENERATED_BYTES = 24;
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(Passwords.class);

    private final int cost;
    private final String dummy;
    private final SecretKeySpec cacheKey;
    private final Map<String, Verified> verified = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** HMAC of (name, password) and the stored hash it failed against: only the same attempt hits. */
    private final Map<String, Boolean> failed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > FAILED_SIZE;
        }
    };
    private final AtomicLong bcrypts = new AtomicLong();

    private record Verified(String storedHash, byte[] mac) {
    }

    @Inject
    public Passwords(PricingConfig config) {
        this(config.security().bcryptCost());
    }

    Passwords(int cost) {
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalStateException("pricing.security.bcrypt-cost is " + cost + "; bcrypt takes " + MIN_COST
                    + " to " + MAX_COST);
        }
        this.cost = cost;
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, HMAC);
        this.dummy = hash(generate());
    }

    /** A new bcrypt hash of {@code password}, at the configured cost. */
    public String hash(String password) {
        if (!fits(password)) {
            throw new IllegalArgumentException("bcrypt reads at most " + MAX_BYTES + " bytes of a password");
        }
        return BcryptUtil.bcryptHash(password, cost);
    }

    /** Whether bcrypt reads the whole of {@code password}. */
    public static boolean fits(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /**
     * Whether {@code password} is the one {@code storedHash} was made from; {@code storedHash} null (no such user)
     * takes as long as a wrong password and is never right.
     */
    public boolean verify(String username, String storedHash, String password) {
        String failure = failureKey(username, storedHash, password);
        synchronized (failed) {
            if (failed.get(failure) != null) {
                return false;
            }
        }
        if (storedHash == null || !fits(password)) {
            // No such user, or a password longer than any we hash (bcrypt would compare only its start): as slow as
            // a wrong password, so the answer's time tells nothing.
            bcrypts.incrementAndGet();
            BcryptUtil.matches(password, dummy);
            remember(failure);
            return false;
        }
        byte[] mac = mac(password);
        Verified known;
        synchronized (verified) {
            known = verified.get(username);
        }
        if (known != null && known.storedHash().equals(storedHash) && MessageDigest.isEqual(known.mac(), mac)) {
            return true;
        }
        boolean matches = matchesHash(username, password, storedHash);
        if (matches) {
            synchronized (verified) {
                verified.put(username, new Verified(storedHash, mac));
            }
        } else {
            remember(failure);
        }
        return matches;
    }

    private void remember(String failure) {
        synchronized (failed) {
            failed.put(failure, Boolean.TRUE);
        }
    }

    private String failureKey(String username, String storedHash, String password) {
        byte[] name = username.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[4 + name.length + secret.length];
        // The name's length first: ("ab", "c") and ("a", "bc") are different attempts.
        both[0] = (byte) (name.length >>> 24);
        both[1] = (byte) (name.length >>> 16);
        both[2] = (byte) (name.length >>> 8);
        both[3] = (byte) name.length;
        System.arraycopy(name, 0, both, 4, name.length);
        System.arraycopy(secret, 0, both, 4 + name.length, secret.length);
        return Base64.getEncoder().encodeToString(mac(both)) + (storedHash == null ? "" : storedHash);
    }

    private boolean matchesHash(String username, String password, String storedHash) {
        bcrypts.incrementAndGet();
        try {
            return BcryptUtil.matches(password, storedHash);
        } catch (RuntimeException e) { // Elytron wraps "not a bcrypt hash" in a RuntimeException
            LOG.errorf("The stored password hash of user \"%s\" is not a bcrypt hash; nothing matches it", username);
            return false;
        }
    }

    /** How many users' verified passwords are remembered now. */
    int remembered() {
        synchronized (verified) {
            return verified.size();
        }
    }

    /** bcrypt verifications made so far (tests count them). */
    long bcryptVerifications() {
        return bcrypts.get();
    }

    private byte[] mac(String password) {
        return mac(password.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(cacheKey);
            return mac.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is part of every JDK", e);
        }
    }

    /** A random password: 32 Base64url characters (192 bits). */
    static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
