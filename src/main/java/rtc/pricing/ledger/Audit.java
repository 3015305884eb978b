package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

import rtc.pricing.problem.InvalidHeaderException;

/**
 * The audit trail (table {@code audit}, append-only): who changed what, when, in which request. Written in the
 * change's own transaction, so a change and its audit row commit together or not at all.
 */
public final class Audit {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** What the column holds: 1 to 64 visible ASCII characters. */
    private static final Pattern REQUEST_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private Audit() {
    }

    /**
     * The request's id for the audit: its {@code X-Request-Id} header, or a new UUID when it has none.
     *
     * @throws InvalidHeaderException (400) when the header is not 1 to 64 visible ASCII characters
     */
    public static String requestId(String header) {
        if (header == null || header.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        if (!REQUEST_ID.matcher(header).matches()) {
            throw new InvalidHeaderException(REQUEST_ID_HEADER, "must be 1 to 64 visible ASCII characters");
        }
        return header;
    }

    /**
     * Appends one row.
     *
     * @param accountId the account concerned, or null
     * @param actor the calling user's name
     * @param action what happened, e.g. {@code user.created}
     * @param detail what changed (JSON), never a secret
     */
    public static void record(Connection c, OffsetDateTime at, String accountId, String actor, String action,
            String detail, String requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into audit (account_id, at, actor, action, detail,"
                + " request_id) values (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, accountId);
            s.setObject(2, at);
            s.setString(3, actor);
            s.setString(4, action);
            s.setString(5, detail);
            s.setString(6, requestId);
            s.executeUpdate();
        }
    }
}
