package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * One query for many keys (a batch's apps or accounts) instead of one per key: the statement runs once per 1,000
 * keys, with {@code in (?, …)} where the SQL says {@link #KEYS}, so a batch costs a few round trips whatever its size.
 */
final class KeyQueries {

    /** Where the key placeholders go in the SQL. */
    static final String KEYS = "(:keys)";

    private static final int CHUNK = 1000;

    /** What to do with each row. */
    @FunctionalInterface
    interface Row {
        void read(ResultSet r) throws SQLException;
    }

    private KeyQueries() {
    }

    /**
     * Runs {@code sql} for {@code keys}, in their iteration order, chunk by chunk; {@code before}: the parameters that
     * come before the keys.
     */
    static void forEach(Connection c, String sql, Collection<String> keys, List<?> before, Row row)
            throws SQLException {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement s = c.prepareStatement(sql.replace(KEYS,
                    "(" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")"))) {
                int p = 1;
                for (Object v : before) {
                    s.setObject(p++, v);
                }
                for (String key : chunk) {
                    s.setString(p++, key);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        row.read(r);
                    }
                }
            }
        }
    }
}
