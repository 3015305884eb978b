package rtc.pricing.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bcrypt hashes and the cache of verified passwords. */
class PasswordsTest {

    private final Passwords passwords = new Passwords(4);

    @Test
    void hashesAreSaltedBcryptAndNeverHoldThePassword() {
        String a = passwords.hash("same-password");
        String b = passwords.hash("same-password");
        assertNotEquals(a, b, "salted");
        assertTrue(a.matches("\\$2a\\$04\\$[./A-Za-z0-9]{53}"), a);
        assertFalse(a.contains("same"));
        assertTrue(passwords.verify("u", a, "same-password"));
        assertFalse(passwords.verify("u", a, "Same-password"));
        assertFalse(passwords.verify("u", a, ""));
    }

    @Test
    void noUserAndNoHashNeverMatch() {
        assertFalse(passwords.verify("nobody", null, "anything"));
        assertFalse(passwords.verify("broken", "not-a-bcrypt-hash", "anything"));
    }

    @Test
    void bcryptReadsOnly72BytesSoLongerPasswordsAreRefused() {
        String max = "p".repeat(Passwords.MAX_BYTES);
        String hash = passwords.hash(max);
        assertTrue(passwords.verify("u", hash, max));
        // bcrypt itself would accept any continuation of the first 72 bytes: we never do.
        assertFalse(passwords.verify("u", hash, max + "garbage"));
        assertThrows(IllegalArgumentException.class, () -> passwords.hash(max + "p"));
        assertFalse(Passwords.fits("é".repeat(37)), "bytes, not characters");
    }

    @Test
    void aVerifiedPasswordIsRememberedPerStoredHash() {
        String hash = passwords.hash("first-password");
        assertTrue(passwords.verify("dora", hash, "first-password"));
        int remembered = passwords.remembered();
        assertTrue(passwords.verify("dora", hash, "first-password"));
        assertFalse(passwords.verify("dora", hash, "second-password"), "another password is not the cached one");
        // A new stored hash (the password changed) does not accept the remembered one.
        String changed = passwords.hash("second-password");
        assertFalse(passwords.verify("dora", changed, "first-password"));
        assertTrue(passwords.verify("dora", changed, "second-password"));
        assertEquals(remembered, passwords.remembered(), "one entry per user");
    }

    @Test
    void theCacheIsBounded() {
        String hash = passwords.hash("shared-password");
        for (int i = 0; i < Passwords.CACHE_SIZE + 50; i++) {
            assertTrue(passwords.verify("user" + i, hash, "shared-password"));
        }
        assertEquals(Passwords.CACHE_SIZE, passwords.remembered());
    }

    @Test
    void theSameWrongCredentialsCostOneBcryptNotOneEach() {
        String hash = passwords.hash("right-password");
        long before = passwords.bcryptVerifications();
        for (int i = 0; i < 20; i++) {
            assertFalse(passwords.verify("eve", hash, "wrong-password"));
            assertFalse(passwords.verify("nobody", null, "wrong-password"));
        }
        assertEquals(2, passwords.bcryptVerifications() - before, "one per (name, password, stored hash)");
        assertFalse(passwords.verify("eve", hash, "wrong-password-2"), "a new guess");
        assertEquals(3, passwords.bcryptVerifications() - before, "a new guess pays its bcrypt");
        // A remembered failure never hides a later right password: the hash changed with it.
        String changed = passwords.hash("wrong-password");
        assertTrue(passwords.verify("eve", changed, "wrong-password"));
        assertTrue(passwords.verify("eve", hash, "right-password"));
    }

    @Test
    void theCostIsBcrypts() {
        assertThrows(IllegalStateException.class, () -> new Passwords(3));
        assertThrows(IllegalStateException.class, () -> new Passwords(32));
    }
}
