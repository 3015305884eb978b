package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import rtc.pricing.facts.RunOutAction;
import rtc.pricing.problem.NotFoundException;

/**
 * An account's row as stored, instants in the billing zone; read, or read and locked for the transaction.
 * {@code createdWithBook}: the price book given at creation, in force until the first of {@code bookChanges}
 * (oldest first); {@link #priceBookOn} says which book prices a billing day.
 */
record AccountRecord(String id, ZonedDateTime registeredAt, RunOutAction trialExhaustedAction, String createdWithBook,
        ZonedDateTime postpaidSince, ZonedDateTime violationStopAt, List<BookChange> bookChanges) {

    /** A price-book change: from billing day {@code from} (that of {@code at}) on, {@code book} (null: list prices). */
    record BookChange(ZonedDateTime at, LocalDate from, String book) {
    }

    private static final String COLUMNS = "account_id, registered_at, trial_exhausted_action, price_book,"
            + " postpaid_since, violation_stop_at";

    /** The account, or the 404 problem; {@code lock}: held for this transaction, so writes to it are serialized. */
    static AccountRecord read(Connection c, String accountId, boolean lock, ZoneId zone) throws SQLException {
        AccountRecord account;
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from account where account_id = ?"
                + (lock ? " for update" : ""))) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw NotFoundException.account(accountId);
                }
                account = of(r, zone);
            }
        }
        List<BookChange> changes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select account_id, changed_at, from_date, price_book from"
                + " account_price_book where account_id = ? order by changed_at, change_id")) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    changes.add(change(r, zone));
                }
            }
        }
        return account.with(changes);
    }

    /**
     * Several accounts locked for this transaction in one statement, in id order (so two transactions locking some of
     * the same accounts wait for each other, never in a cycle); an id of no account is absent from the answer.
     */
    static java.util.Map<String, AccountRecord> lockAll(Connection c, java.util.SortedSet<String> ids, ZoneId zone)
            throws SQLException {
        java.util.Map<String, AccountRecord> out = new java.util.HashMap<>();
        KeyQueries.forEach(c, "select " + COLUMNS + " from account where account_id in " + KeyQueries.KEYS
                + " order by account_id for update", ids, List.of(), r -> out.put(r.getString(1), of(r, zone)));
        // Their price-book changes in one more query per 1,000 accounts, whatever the number of days replayed.
        java.util.Map<String, List<BookChange>> changes = new java.util.HashMap<>();
        KeyQueries.forEach(c, "select account_id, changed_at, from_date, price_book from account_price_book where"
                + " account_id in " + KeyQueries.KEYS + " order by account_id, changed_at, change_id", ids, List.of(),
                r -> changes.computeIfAbsent(r.getString(1), a -> new ArrayList<>()).add(change(r, zone)));
        changes.forEach((id, list) -> out.computeIfPresent(id, (k, account) -> account.with(list)));
        return out;
    }

    private static AccountRecord of(ResultSet r, ZoneId zone) throws SQLException {
        return new AccountRecord(r.getString(1), zoned(r.getObject(2, OffsetDateTime.class), zone),
                RunOutAction.valueOf(r.getString(3)), r.getString(4), zoned(r.getObject(5, OffsetDateTime.class), zone),
                zoned(r.getObject(6, OffsetDateTime.class), zone), List.of());
    }

    private static BookChange change(ResultSet r, ZoneId zone) throws SQLException {
        return new BookChange(zoned(r.getObject(2, OffsetDateTime.class), zone), r.getObject(3, LocalDate.class),
                r.getString(4));
    }

    private AccountRecord with(List<BookChange> changes) {
        return new AccountRecord(id, registeredAt, trialExhaustedAction, createdWithBook, postpaidSince,
                violationStopAt, List.copyOf(changes));
    }

    /**
     * The price book in force on billing day {@code day} (null: list prices): set by the latest change whose day is
     * on or before it, else the book given at creation. A change prices its whole day, so a day has one book.
     */
    String priceBookOn(LocalDate day) {
        String book = createdWithBook;
        for (BookChange change : bookChanges) { // oldest first: the last one reaching the day wins
            if (!change.from().isAfter(day)) {
                book = change.book();
            }
        }
        return book;
    }

    /** Whether postpaid was on at {@code at}. */
    boolean postpaidAt(ZonedDateTime at) {
        return postpaidSince != null && !postpaidSince.isAfter(at);
    }

    private static ZonedDateTime zoned(OffsetDateTime t, ZoneId zone) {
        return t == null ? null : t.atZoneSameInstant(zone);
    }
}
