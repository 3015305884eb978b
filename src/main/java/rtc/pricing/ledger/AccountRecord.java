package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import rtc.pricing.facts.RunOutAction;
import rtc.pricing.problem.NotFoundException;

/** An account's row as stored, instants in the billing zone; read, or read and locked for the transaction. */
record AccountRecord(String id, ZonedDateTime registeredAt, RunOutAction trialExhaustedAction, String priceBook,
        ZonedDateTime postpaidSince, ZonedDateTime violationStopAt) {

    /** The account, or the 404 problem; {@code lock}: held for this transaction, so writes to it are serialized. */
    static AccountRecord read(Connection c, String accountId, boolean lock, ZoneId zone) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select account_id, registered_at, trial_exhausted_action,"
                + " price_book, postpaid_since, violation_stop_at from account where account_id = ?"
                + (lock ? " for update" : ""))) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw NotFoundException.account(accountId);
                }
                return of(r, zone);
            }
        }
    }

    /**
     * Several accounts locked for this transaction in one statement, in id order (so two transactions locking some of
     * the same accounts wait for each other, never in a cycle); an id of no account is absent from the answer.
     */
    static java.util.Map<String, AccountRecord> lockAll(Connection c, java.util.SortedSet<String> ids, ZoneId zone)
            throws SQLException {
        java.util.Map<String, AccountRecord> out = new java.util.HashMap<>();
        KeyQueries.forEach(c, "select account_id, registered_at, trial_exhausted_action, price_book, postpaid_since,"
                + " violation_stop_at from account where account_id in " + KeyQueries.KEYS
                + " order by account_id for update", ids, List.of(), r -> out.put(r.getString(1), of(r, zone)));
        return out;
    }

    private static AccountRecord of(ResultSet r, ZoneId zone) throws SQLException {
        return new AccountRecord(r.getString(1), zoned(r.getObject(2, OffsetDateTime.class), zone),
                RunOutAction.valueOf(r.getString(3)), r.getString(4), zoned(r.getObject(5, OffsetDateTime.class), zone),
                zoned(r.getObject(6, OffsetDateTime.class), zone));
    }

    /** Whether postpaid was on at {@code at}. */
    boolean postpaidAt(ZonedDateTime at) {
        return postpaidSince != null && !postpaidSince.isAfter(at);
    }

    private static ZonedDateTime zoned(OffsetDateTime t, ZoneId zone) {
        return t == null ? null : t.atZoneSameInstant(zone);
    }
}
