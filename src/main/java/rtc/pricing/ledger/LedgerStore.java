package rtc.pricing.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;

/**
 * The storage of the account writes and reads ({@link Ledger}): every SQL statement they run, each a named method
 * in the caller's transaction, deciding nothing. Instants are stored as timestamptz from OffsetDateTime (both
 * databases keep the instant exactly) and read back in the billing zone.
 */
final class LedgerStore {

    /** A package as stored. */
    record StoredPackage(String id, PackageKind kind, long minutes, long used, ZonedDateTime acquiredAt,
            BigDecimal thousandMinutes, BigDecimal price, ZonedDateTime refundedAt, ZonedDateTime reclaimedAt,
            ZonedDateTime convertedAt, String convertedFrom, Long convertedUsed, LocalDate convertedExpiresOn) {

        HeldPackage held() {
            return new HeldPackage(id, kind, minutes, used, acquiredAt, convertedExpiresOn);
        }
    }

    /** An audit entry. */
    record AuditRow(long id, ZonedDateTime at, String actor, String action, String detail, String requestId) {
    }

    private final ZoneId zone;

    LedgerStore(ZoneId zone) {
        this.zone = zone;
    }

    // ---- accounts and apps ----

    /** The account, locked for this transaction: writes to one account are serialized (or the 404 problem). */
    AccountRecord lock(Connection c, String accountId) throws SQLException {
        return AccountRecord.read(c, accountId, true, zone);
    }

    /** The account (or the 404 problem). */
    AccountRecord find(Connection c, String accountId) throws SQLException {
        return AccountRecord.read(c, accountId, false, zone);
    }

    boolean accountExists(Connection c, String accountId) throws SQLException {
        return exists(c, "select 1 from account where account_id = ?", accountId);
    }

    void insertAccount(Connection c, String accountId, ZonedDateTime registeredAt, String trialExhaustedAction,
            String priceBook, ZonedDateTime postpaidSince) throws SQLException {
        update(c, "insert into account (account_id, registered_at, trial_exhausted_action, price_book, postpaid_since,"
                + " created_at) values (?, ?, ?, ?, ?, ?)", accountId, ts(registeredAt), trialExhaustedAction,
                priceBook, ts(postpaidSince), now());
    }

    void setPostpaidSince(Connection c, String accountId, ZonedDateTime since) throws SQLException {
        update(c, "update account set postpaid_since = ? where account_id = ?", ts(since), accountId);
    }

    void insertPriceBookChange(Connection c, String accountId, ZonedDateTime at, LocalDate from, String book)
            throws SQLException {
        update(c, "insert into account_price_book (account_id, changed_at, from_date, price_book) values (?, ?, ?, ?)",
                accountId, ts(at), from, book);
    }

    boolean appExists(Connection c, String appId) throws SQLException {
        return exists(c, "select 1 from app where app_id = ?", appId);
    }

    void insertApp(Connection c, String appId, String accountId, ZonedDateTime createdAt) throws SQLException {
        update(c, "insert into app (app_id, account_id, created_at) values (?, ?, ?)", appId, accountId,
                ts(createdAt));
    }

    /** The account's apps created by {@code at}, by id. */
    List<String> apps(Connection c, String accountId, ZonedDateTime at) throws SQLException {
        List<String> apps = new ArrayList<>();
        try (PreparedStatement s = prepare(c, "select app_id from app where account_id = ? and created_at <= ?"
                + " order by app_id", accountId, ts(at)); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                apps.add(r.getString(1));
            }
        }
        return apps;
    }

    /** When the account's first app was created, or null. */
    ZonedDateTime firstAppCreatedAt(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = prepare(c, "select min(created_at) from app where account_id = ?", accountId);
                ResultSet r = s.executeQuery()) {
            return r.next() ? zoned(r.getObject(1, OffsetDateTime.class)) : null;
        }
    }

    /** The first billing day on or after {@code from} with a bill of the account, or null. */
    LocalDate firstSettledDayFrom(Connection c, String accountId, LocalDate from) throws SQLException {
        try (PreparedStatement s = prepare(c, "select min(billing_date) from bill where account_id = ? and"
                + " billing_date >= ?", accountId, from); ResultSet r = s.executeQuery()) {
            return r.next() ? r.getObject(1, LocalDate.class) : null;
        }
    }

    // ---- packages ----

    /** A new package's id. */
    static String newPackageId() {
        return "pkg-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    boolean holdsTrial(Connection c, String accountId) throws SQLException {
        return exists(c, "select 1 from package where account_id = ? and kind = 'TRIAL'", accountId);
    }

    /** The account's packages, by acquisition and id. */
    List<StoredPackage> packages(Connection c, String accountId) throws SQLException {
        List<StoredPackage> out = new ArrayList<>();
        try (PreparedStatement s = prepare(c, "select package_id, kind, minutes, used, acquired_at, thousand_minutes,"
                + " price, refunded_at, reclaimed_at, converted_at, converted_from, converted_used,"
                + " converted_expires_on from package where account_id = ? order by acquired_at, package_id",
                accountId);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new StoredPackage(r.getString(1), PackageKind.valueOf(r.getString(2)), r.getLong(3),
                        r.getLong(4), zoned(r.getObject(5, OffsetDateTime.class)), r.getBigDecimal(6),
                        r.getBigDecimal(7), zoned(r.getObject(8, OffsetDateTime.class)),
                        zoned(r.getObject(9, OffsetDateTime.class)), zoned(r.getObject(10, OffsetDateTime.class)),
                        r.getString(11), r.getObject(12) == null ? null : r.getLong(12),
                        r.getObject(13, LocalDate.class)));
            }
        }
        return out;
    }

    /** A package neither priced nor bought (the trial, an old package): {@code minutes}, none used. */
    void insertPackage(Connection c, String packageId, String accountId, PackageKind kind, long minutes,
            ZonedDateTime acquiredAt) throws SQLException {
        update(c, "insert into package (package_id, account_id, kind, minutes, used, acquired_at)"
                + " values (?, ?, ?, ?, 0, ?)", packageId, accountId, kind.name(), minutes, ts(acquiredAt));
    }

    /** A general package bought: its size and the price paid. */
    void insertPurchase(Connection c, String packageId, String accountId, long minutes, ZonedDateTime paidAt,
            BigDecimal thousandMinutes, BigDecimal price) throws SQLException {
        update(c, "insert into package (package_id, account_id, kind, minutes, used, acquired_at, thousand_minutes,"
                + " price) values (?, ?, ?, ?, 0, ?, ?, ?)", packageId, accountId, PackageKind.GENERAL.name(), minutes,
                ts(paidAt), thousandMinutes, price);
    }

    /** The general package an old one became: valid through the old one's last day. */
    void insertConverted(Connection c, String packageId, String accountId, long minutes, ZonedDateTime at,
            String convertedFrom, LocalDate expiresOn) throws SQLException {
        update(c, "insert into package (package_id, account_id, kind, minutes, used, acquired_at, converted_from,"
                + " converted_expires_on) values (?, ?, ?, ?, 0, ?, ?, ?)", packageId, accountId,
                PackageKind.GENERAL.name(), minutes, ts(at), convertedFrom, expiresOn);
    }

    /** Marks an old package converted at {@code at} (null: not converted after all). */
    void setConvertedAt(Connection c, String packageId, ZonedDateTime at) throws SQLException {
        update(c, "update package set converted_at = ? where package_id = ?", ts(at), packageId);
    }

    /** What a converted old package had used by its conversion, kept whatever usage is reported later. */
    void setConvertedUsed(Connection c, String packageId, long used) throws SQLException {
        update(c, "update package set converted_used = ? where package_id = ?", used, packageId);
    }

    void setRefundedAt(Connection c, String packageId, ZonedDateTime at) throws SQLException {
        update(c, "update package set refunded_at = ? where package_id = ?", ts(at), packageId);
    }

    /** The last billing day the package covered a minute, or null. */
    LocalDate lastDayOfUse(Connection c, String packageId) throws SQLException {
        try (PreparedStatement s = prepare(c, "select max(billing_date) from package_day_use where package_id = ?",
                packageId); ResultSet r = s.executeQuery()) {
            return r.next() ? r.getObject(1, LocalDate.class) : null;
        }
    }

    // ---- money and audit ----

    /** The balance at {@code at}: every money movement up to then. */
    BigDecimal balance(Connection c, String accountId, ZonedDateTime at) throws SQLException {
        try (PreparedStatement s = prepare(c, "select coalesce(sum(amount), 0) from money_movement where account_id = ?"
                + " and at <= ?", accountId, ts(at)); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getBigDecimal(1);
        }
    }

    void money(Connection c, String accountId, ZonedDateTime at, BigDecimal amount, String kind, String reference)
            throws SQLException {
        update(c, "insert into money_movement (account_id, at, amount, kind, reference) values (?, ?, ?, ?, ?)",
                accountId, ts(at), amount, kind, reference);
    }

    void audit(Connection c, String accountId, String actor, String requestId, String action, String detail)
            throws SQLException {
        Audit.record(c, now(), accountId, actor, action, detail.length() > 4000 ? detail.substring(0, 4000) : detail,
                requestId);
    }

    /** Every change recorded for the account, oldest first. */
    List<AuditRow> auditRows(Connection c, String accountId) throws SQLException {
        List<AuditRow> out = new ArrayList<>();
        try (PreparedStatement s = prepare(c, "select audit_id, at, actor, action, detail, request_id from audit where"
                + " account_id = ? order by audit_id", accountId); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new AuditRow(r.getLong(1), zoned(r.getObject(2, OffsetDateTime.class)), r.getString(3),
                        r.getString(4), r.getString(5), r.getString(6)));
            }
        }
        return out;
    }

    // ---- JDBC mechanics ----

    private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            return r.next();
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args)) {
            s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }

    private static OffsetDateTime ts(ZonedDateTime t) {
        return t == null ? null : t.toOffsetDateTime();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private ZonedDateTime zoned(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(zone);
    }
}
