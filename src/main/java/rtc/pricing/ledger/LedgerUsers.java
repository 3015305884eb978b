package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import rtc.pricing.security.UserDirectory;
import rtc.pricing.security.UserStore;

/** The users created with POST /v1/users, in table {@code ledger_user} beside the accounts they may be bound to. */
@Singleton
public class LedgerUsers implements UserStore {

    private final LedgerDatabase db;

    @Inject
    public LedgerUsers(LedgerDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<UserDirectory.User> find(String username) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select password_hash, roles, account_id from ledger_user where username = ?")) {
                s.setString(1, username);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new UserDirectory.User(username, r.getString(1),
                            roles(r.getString(2)), r.getString(3), false)) : Optional.<UserDirectory.User>empty();
                }
            }
        });
    }

    /**
     * Records a new user in {@code c}'s transaction.
     *
     * @return false when the name is taken (nothing was written)
     */
    static boolean insert(Connection c, UserDirectory.User user, OffsetDateTime createdAt) throws SQLException {
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
