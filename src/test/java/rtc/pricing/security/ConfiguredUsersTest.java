package rtc.pricing.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import rtc.pricing.config.PricingConfig;

/** The users of the configuration, the admin password generated when none is configured, and bcrypt. */
class ConfiguredUsersTest {

    private static final Pattern GENERATED = Pattern.compile("password \"([^\"]+)\"");
    private final Passwords passwords = new Passwords(4);

    @Test
    void withoutAPasswordOneIsGeneratedStrongAndLoggedOnce() {
        List<String> warnings = new ArrayList<>();
        Map<String, UserDirectory.User> users = ConfiguredUsers.of(Optional.empty(), Map.of(), passwords::hash,
                warnings::add);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("PRICING_ADMIN_PASSWORD"), "says how to set one: " + warnings.get(0));
        String password = generatedIn(warnings.get(0));
        assertTrue(password.length() >= 20, password);
        assertTrue(password.chars().distinct().count() >= 12, "not a repetition: " + password);
        UserDirectory.User admin = users.get("admin");
        assertEquals(Set.of(Roles.ADMIN), admin.roles());
        assertTrue(admin.configured());
        assertTrue(passwords.verify("admin", admin.passwordHash(), password));

        List<String> again = new ArrayList<>();
        ConfiguredUsers.of(Optional.empty(), Map.of(), passwords::hash, again::add);
        assertNotEquals(password, generatedIn(again.get(0)), "random at every start");
    }

    @Test
    void aConfiguredPasswordIsUsedAndNothingIsLogged() {
        List<String> warnings = new ArrayList<>();
        Map<String, UserDirectory.User> users = ConfiguredUsers.of(Optional.of("s3cret-enough"),
                Map.of("alice", user("alice-pw", Set.of(Roles.ANALYST))), passwords::hash, warnings::add);

        assertEquals(List.of(), warnings);
        String adminHash = users.get("admin").passwordHash();
        assertTrue(adminHash.startsWith("$2a$04$"), "bcrypt, cost 4: " + adminHash);
        assertFalse(adminHash.contains("s3cret"));
        assertTrue(passwords.verify("admin", adminHash, "s3cret-enough"));
        assertFalse(passwords.verify("admin", adminHash, "s3cret-enougH"));
        UserDirectory.User alice = users.get("alice");
        assertEquals(Set.of(Roles.ANALYST), alice.roles());
        assertNull(alice.accountId());
        assertTrue(passwords.verify("alice", alice.passwordHash(), "alice-pw"));
        assertNull(users.get("bob"));
    }

    @Test
    void theAdminCannotBeRedefinedAmongTheOtherUsers() {
        assertThrows(IllegalStateException.class, () -> ConfiguredUsers.of(Optional.of("x"),
                Map.of("admin", user("y", Set.of(Roles.ANALYST))), passwords::hash, w -> { }));
    }

    @Test
    void aConfiguredUserHasKnownRolesButNeverAccount() {
        assertThrows(IllegalStateException.class, () -> ConfiguredUsers.of(Optional.of("x"),
                Map.of("carol", user("y", Set.of("analyts"))), passwords::hash, w -> { }));
        assertThrows(IllegalStateException.class, () -> ConfiguredUsers.of(Optional.of("x"),
                Map.of("carol", user("y", Set.of(Roles.ACCOUNT))), passwords::hash, w -> { }));
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedAtStart() {
        String tooLong = "x".repeat(Passwords.MAX_BYTES + 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfiguredUsers.of(Optional.of(tooLong), Map.of(), passwords::hash, w -> { }));
        assertTrue(e.getMessage().contains("pricing.admin-password"), e.getMessage());
        assertFalse(e.getMessage().contains(tooLong), "never the password itself");
    }

    private static String generatedIn(String warning) {
        Matcher m = GENERATED.matcher(warning);
        assertTrue(m.find(), warning);
        return m.group(1);
    }

    private static PricingConfig.User user(String password, Set<String> roles) {
        return new PricingConfig.User() {
            @Override
            public String password() {
                return password;
            }

            @Override
            public Set<String> roles() {
                return roles;
            }
        };
    }
}
