package rtc.pricing.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import rtc.pricing.config.PricingConfig;

/**
 * The users of the configuration: the built-in {@code admin} and any {@code pricing.users.<name>}, as bcrypt hashes
 * made once at start. They come before the users of the database ({@link UserDirectory}).
 */
final class ConfiguredUsers {

    static final String ADMIN = "admin";
    /** Roles a configured user may have: {@code account} needs an account, which only the database records. */
    private static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.ANALYST, Roles.BILLING);

    private ConfiguredUsers() {
    }

    /**
     * @param hash makes the bcrypt hash of a password
     * @param warn receives the one warning with the generated admin password, when none is configured
     */
    static Map<String, UserDirectory.User> of(Optional<String> adminPassword, Map<String, PricingConfig.User> others,
            UnaryOperator<String> hash, Consumer<String> warn) {
        Map<String, UserDirectory.User> users = new LinkedHashMap<>();
        String admin = adminPassword.filter(p -> !p.isEmpty()).orElseGet(() -> {
            String generated = Passwords.generate();
            warn.accept("No admin password is configured, so this run generated one: user \"" + ADMIN
                    + "\", password \"" + generated + "\". It changes at every start; set PRICING_ADMIN_PASSWORD"
                    + " (or -Dpricing.admin-password=...) to choose it.");
            return generated;
        });
        users.put(ADMIN, user(ADMIN, "pricing.admin-password", admin, Set.of(Roles.ADMIN), hash));
        others.forEach((name, user) -> {
            String key = "pricing.users." + name;
            if (users.containsKey(name)) {
                throw new IllegalStateException(key + ": the user " + ADMIN + " is configured with pricing.admin-password");
            }
            if (!ROLES.containsAll(user.roles())) {
                throw new IllegalStateException(key + ".roles is " + user.roles() + "; a configured user's roles are "
                        + "among " + ROLES.stream().sorted().toList() + " (account users are created with POST /v1/users)");
            }
            users.put(name, user(name, key + ".password", user.password(), user.roles(), hash));
        });
        return Map.copyOf(users);
    }

    private static UserDirectory.User user(String name, String key, String password, Set<String> roles,
            UnaryOperator<String> hash) {
        if (!Passwords.fits(password)) {
            throw new IllegalStateException(key + " is longer than " + Passwords.MAX_BYTES
                    + " bytes (UTF-8), more than bcrypt reads; choose a shorter one");
        }
        return new UserDirectory.User(name, hash.apply(password), roles, null, true);
    }
}
