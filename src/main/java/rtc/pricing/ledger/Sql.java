package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The ledger's one-line statements: an insert, update or delete with its values in order. */
final class Sql {

    private Sql() {
    }

    /** Runs {@code sql} with {@code values} bound in order; returns the rows it changed. */
    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s.executeUpdate();
        }
    }
}
