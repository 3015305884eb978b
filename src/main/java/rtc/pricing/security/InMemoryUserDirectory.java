package rtc.pricing.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import rtc.pricing.PricingConfig;

/**
 * The users of the configuration, kept as password hashes only: the built-in {@code admin} and any
 * {@code pricing.users.<name>}. Built once at start.
 */
public final class InMemoryUserDirectory implements UserDirectory {

    public static final String ADMIN = "admin";
    /** 24 random bytes, 32 Base64url characters. */
    private static final int GENERATED_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, User> users;

    private InMemoryUserDirectory(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    @Override
    public Optional<User> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    public static InMemoryUserDirectory fromConfig(PricingConfig config, Consumer<String> warn) {
        return of(config.adminPassword(), config.users(), config.security().passwordIterations(), warn);
    }

    /**
     * @param warn receives the one warning with the generated admin password, when none is configured
     */
    static InMemoryUserDirectory of(Optional<String> adminPassword, Map<String, PricingConfig.User> others,
            int iterations, Consumer<String> warn) {
        Map<String, User> users = new LinkedHashMap<>();
        char[] admin = adminPassword.filter(p -> !p.isEmpty()).map(String::toCharArray).orElseGet(() -> {
            String generated = generatePassword();
            warn.accept("No admin password is configured, so this run generated one: user \"" + ADMIN
                    + "\", password \"" + generated + "\". It changes at every start; set PRICING_ADMIN_PASSWORD"
                    + " (or -Dpricing.admin-password=...) to choose it.");
            return generated.toCharArray();
        });
        users.put(ADMIN, new User(ADMIN, PasswordHash.of(admin, iterations), Set.of(Roles.ADMIN)));
        others.forEach((name, user) -> {
            if (users.containsKey(name)) {
                throw new IllegalStateException("pricing.users." + name + ": the user " + ADMIN
                        + " is configured with pricing.admin-password");
            }
            users.put(name, new User(name, PasswordHash.of(user.password().toCharArray(), iterations), user.roles()));
        });
        return new InMemoryUserDirectory(users);
    }

    static String generatePassword() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
