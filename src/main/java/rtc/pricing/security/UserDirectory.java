package rtc.pricing.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import rtc.pricing.config.PricingConfig;

/**
 * The users: first those of the configuration ({@code admin} and {@code pricing.users.<name>}, in memory, see
 * {@link ConfiguredUsers}), then those of the database (table {@code ledger_user}, created with POST /v1/users). A
 * configured name is never looked up in the store, and POST /v1/users refuses it, so the configuration decides
 * who {@code admin} is on every instance. Built at start, so a generated admin password is logged once, before any
 * request.
 */
@Singleton
@Startup
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    /** Names of the users of the database: 1 to 64 lowercase letters, digits, '.', '_', '-'. */
    public static final String USERNAME_REGEX = "^[a-z0-9][a-z0-9._-]{0,63}$";
    public static final Pattern USERNAME = Pattern.compile(USERNAME_REGEX);

    /**
     * A user. {@code passwordHash} is bcrypt (Modular Crypt Format); {@code accountId} is the account a user with
     * the role {@code account} is bound to, else null.
     */
    public record User(String username, String passwordHash, Set<String> roles, String accountId,
            boolean configured) {
        public User {
            roles = Set.copyOf(roles);
        }
    }

    private final Map<String, User> configured;
    private final UserStore store;

    @Inject
    public UserDirectory(PricingConfig config, Passwords passwords, UserStore store) {
        this.configured = ConfiguredUsers.of(config.adminPassword(), config.users(), passwords::hash, LOG::warn);
        this.store = store;
    }

    public Optional<User> find(String username) {
        User user = configured.get(username);
        if (user != null) {
            return Optional.of(user);
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.empty(); // no such name in the table
        }
        return store.find(username);
    }

    /** Whether {@code username} is one of the configuration's. */
    public boolean isConfigured(String username) {
        return configured.containsKey(username);
    }
}
