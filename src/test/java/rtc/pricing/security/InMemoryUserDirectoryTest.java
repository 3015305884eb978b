package rtc.pricing.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

import rtc.pricing.PricingConfig;

/** The users of the configuration, and the admin password generated when none is configured. */
class InMemoryUserDirectoryTest {

    private static final int ITERATIONS = 1000;
    private static final Pattern GENERATED = Pattern.compile("password \"([^\"]+)\"");

    @Test
    void withoutAPasswordOneIsGeneratedStrongAndLoggedOnce() {
        List<String> warnings = new ArrayList<>();
        UserDirectory users = InMemoryUserDirectory.of(Optional.empty(), Map.of(), ITERATIONS, warnings::add);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("PRICING_ADMIN_PASSWORD"), "says how to set one: " + warnings.get(0));
        String password = generatedIn(warnings.get(0));
        assertTrue(password.length() >= 20, password);
        assertTrue(password.chars().distinct().count() >= 12, "not a repetition: " + password);
        UserDirectory.User admin = users.find("admin").orElseThrow();
        assertEquals(Set.of(Roles.ADMIN), admin.roles());
        assertTrue(admin.password().matches(password.toCharArray()));

        List<String> again = new ArrayList<>();
        InMemoryUserDirectory.of(Optional.empty(), Map.of(), ITERATIONS, again::add);
        assertNotEquals(password, generatedIn(again.get(0)), "random at every start");
    }

    @Test
    void aConfiguredPasswordIsUsedAndNothingIsLogged() {
        List<String> warnings = new ArrayList<>();
        UserDirectory users = InMemoryUserDirectory.of(Optional.of("s3cret-enough"),
                Map.of("alice", user("alice-pw", Set.of(Roles.ANALYST))), ITERATIONS, warnings::add);

        assertEquals(List.of(), warnings);
        assertTrue(users.find("admin").orElseThrow().password().matches("s3cret-enough".toCharArray()));
        assertFalse(users.find("admin").orElseThrow().password().matches("s3cret-enougH".toCharArray()));
        UserDirectory.User alice = users.find("alice").orElseThrow();
        assertEquals(Set.of(Roles.ANALYST), alice.roles());
        assertTrue(alice.password().matches("alice-pw".toCharArray()));
        assertEquals(Optional.empty(), users.find("bob"));
    }

    @Test
    void theAdminCannotBeRedefinedAmongTheOtherUsers() {
        assertThrows(IllegalStateException.class, () -> InMemoryUserDirectory.of(Optional.of("x"),
                Map.of("admin", user("y", Set.of(Roles.ANALYST))), ITERATIONS, w -> { }));
    }

    @Test
    void hashesAreSaltedAndSurviveTheirEncodedForm() {
        PasswordHash a = PasswordHash.of("same".toCharArray(), ITERATIONS);
        PasswordHash b = PasswordHash.of("same".toCharArray(), ITERATIONS);
        assertNotEquals(a.encoded(), b.encoded(), "salted");
        assertFalse(a.encoded().contains("same"));
        PasswordHash parsed = PasswordHash.parse(a.encoded());
        assertTrue(parsed.matches("same".toCharArray()));
        assertFalse(parsed.matches("Same".toCharArray()));
        assertFalse(parsed.matches(new char[0]));
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
