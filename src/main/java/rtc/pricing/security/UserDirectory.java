package rtc.pricing.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import rtc.pricing.PricingConfig;
import rtc.pricing.ledger.LedgerDatabase;

/**
 * The users: first those of the configuration ({@code admin} and {@code pricing.users.<name>}, in memory, see
 * {@link ConfiguredUsers}), then those of the database (table {@code ledger_user}, created with POST /v1/users). A
 * configured name is never looked up in the table, and POST /v1/users refuses it, so the configuration decides
 * who {@code admin} is on every instance. Built at start, so a generated admin password is logged once, before any
 * request.
 */
@Singleton
@Startup
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    /** Names of the users of the database: 1 to 64 lowercase letters, digits, '.', '_', '-'. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

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
    private final LedgerDatabase db;

    @Inject
    public UserDirectory(PricingConfig config, Passwords passwords, LedgerDatabase db) {
        this.configured = ConfiguredUsers.of(config.adminPassword(), config.users(), passwords::hash, LOG::warn);
        this.db = db;
    }

    public Optional<User> find(String username) {
        User user = configured.get(username);
        if (user != null) {
            return Optional.of(user);
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.empty(); // no such name in the table
        }
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select password_hash, roles, account_id from ledger_user where username = ?")) {
                s.setString(1, username);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new User(username, r.getString(1), roles(r.getString(2)),
                            r.getString(3), false)) : Optional.<User>empty();
                }
            }
        });
    }

    /** Whether {@code username} is one of the configuration's. */
    public boolean isConfigured(String username) {
        return configured.containsKey(username);
    }

    /**
     * Records a new user of the database in {@code c}'s transaction.
     *
     * @return false when the name is taken (nothing was written)
     */
    public static boolean insert(Connection c, User user, OffsetDateTime createdAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into ledger_user (username, password_hash, roles,"
                + " account_id, created_at) values (?, ?, ?, ?, ?)")) {
            s.setString(1, user.username());
            s.setString(2, user.passwordHash());
            s.setString(3, String.join(",", new TreeSet<>(user.roles())));
            s.setString(4, user.accountId());
            s.setObject(5, createdAt);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // unique violation, PostgreSQL and H2 alike
                return false;
            }
            throw e;
        }
    }

    private static Set<String> roles(String column) {
        return Set.copyOf(Arrays.stream(column.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList());
    }
}
