package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.Deductions;

/**
 * Every SQL statement of the usage intake ({@link UsageIntake}), one named method each, on the caller's connection
 * and transaction; it reads and writes what it is given and decides nothing. Most of them serve a whole batch, or a
 * whole day of an account, in one round trip (JDBC batches, MERGE upserts, {@link KeyQueries}' one query per 1,000
 * keys): the intake is bound by its round trips to the database (bench/README.md §7), so keep it that way.
 */
final class UsageStore {

    /** Adds a package's minutes of a day (standard MERGE: PostgreSQL 15 and H2 both take it). */
    private static final String MERGE_PACKAGE_DAY_USE = "merge into package_day_use t using (select cast(? as"
            + " varchar(128)) as account_id, cast(? as date) as billing_date, cast(? as varchar(64)) as package_id,"
            + " cast(? as bigint) as minutes) v on (t.account_id = v.account_id and t.billing_date = v.billing_date"
            + " and t.package_id = v.package_id) when matched then update set minutes = t.minutes + v.minutes"
            + " when not matched then insert (account_id, billing_date, package_id, minutes) values (v.account_id,"
            + " v.billing_date, v.package_id, v.minutes)";
    /** Adds an app's postpaid minutes of an item and day. */
    private static final String MERGE_POSTPAID_DAY = "merge into postpaid_day t using (select cast(? as varchar(128))"
            + " as account_id, cast(? as date) as billing_date, cast(? as varchar(128)) as app_id, cast(? as"
            + " varchar(8)) as category, cast(? as varchar(16)) as tier, cast(? as bigint) as minutes) v on"
            + " (t.account_id = v.account_id and t.billing_date = v.billing_date and t.app_id = v.app_id and"
            + " t.category = v.category and t.tier = v.tier) when matched then update set minutes = t.minutes +"
            + " v.minutes when not matched then insert (account_id, billing_date, app_id, category, tier, minutes)"
            + " values (v.account_id, v.billing_date, v.app_id, v.category, v.tier, v.minutes)";

    /** Where an account's last day taken stands: its day, last interval and seconds per app and item (as stored). */
    record DayState(LocalDate day, OffsetDateTime lastInterval, String seconds) {

        /** The day's seconds per app and item, as {@link #saveDayState} wrote them. */
        Map<String, Map<String, Long>> secondsByAppAndItem() {
            Map<String, Map<String, Long>> out = new HashMap<>();
            for (String line : seconds.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.computeIfAbsent(f[0], a -> new HashMap<>()).put(f[1], Long.parseLong(f[2]));
            }
            return out;
        }
    }

    /** A base-service report as stored ({@code interval}: its start, epoch seconds). */
    record StoredReport(String reportId, String appId, long interval, String category, String tier, long seconds) {
    }

    /**
     * A package row as stored: {@code convertedUsed} null unless converted, {@code priced} whether it was bought (has
     * a price), {@code refunded} whether it was refunded.
     */
    record StoredPackage(String packageId, String kind, long minutes, long used, OffsetDateTime acquiredAt,
            OffsetDateTime convertedAt, Long convertedUsed, LocalDate convertedExpiresOn, boolean priced,
            boolean refunded, OffsetDateTime reclaimedAt) {
    }

    /** The kinds of event a day recorded and the next free sequence number. */
    record RecordedEvents(Set<String> types, int nextSeq) {
    }

    private final ZoneId zone;

    /** {@code zone}: the billing zone, in which instants are read and written. */
    UsageStore(ZoneId zone) {
        this.zone = zone;
    }

    // ---- accounts and apps ----

    /** The account of each app, in one query per 1,000 apps (an app no account owns: absent). */
    Map<String, String> accountsOfApps(Connection c, Collection<String> apps) throws SQLException {
        Map<String, String> out = new HashMap<>();
        KeyQueries.forEach(c, "select app_id, account_id from app where app_id in " + KeyQueries.KEYS, apps, List.of(),
                r -> out.put(r.getString(1), r.getString(2)));
        return out;
    }

    /** Locks the accounts for the transaction in one statement, in id order (no deadlock between batches). */
    Map<String, AccountRecord> lockAccounts(Connection c, SortedSet<String> ids) throws SQLException {
        return AccountRecord.lockAll(c, ids, zone);
    }

    /** Locks one account for the transaction (or the 404 problem). */
    AccountRecord lockAccount(Connection c, String accountId) throws SQLException {
        return AccountRecord.read(c, accountId, true, zone);
    }

    /** Reads one account, without locking it (or the 404 problem). */
    AccountRecord account(Connection c, String accountId) throws SQLException {
        return AccountRecord.read(c, accountId, false, zone);
    }

    /** Switches postpaid on from {@code at}, unless it is on already (once on, it stays on). */
    void setPostpaidSince(Connection c, String accountId, OffsetDateTime at) throws SQLException {
        Sql.update(c, "update account set postpaid_since = ? where account_id = ? and postpaid_since is null", at,
                accountId);
    }

    /** The money movements of the accounts up to {@code until}, in one query per 1,000 accounts. */
    Map<String, List<AccountStatus.Movement>> balanceHistories(Connection c, Set<String> accounts,
            OffsetDateTime until) throws SQLException {
        return AccountStatus.movements(c, accounts, until);
    }

    /** One account's money movements up to {@code until}, in time order. */
    List<AccountStatus.Movement> balanceHistory(Connection c, String accountId, OffsetDateTime until)
            throws SQLException {
        return balanceHistories(c, Set.of(accountId), until).getOrDefault(accountId, List.of());
    }

    // ---- reports ----

    /**
     * Inserts the reports ({@code accounts}: the account of each), each once by its reportId, in one round trip;
     * returns for each whether it was new (false: its reportId was stored before, the row was left as it was).
     */
    boolean[] insertReports(Connection c, List<UsageReport> reports, List<String> accounts, OffsetDateTime receivedAt)
            throws SQLException {
        if (reports.isEmpty()) {
            return new boolean[0];
        }
        int[] counts;
        try (PreparedStatement insert = c.prepareStatement("insert into usage_report (report_id, account_id, app_id,"
                + " interval_start, billing_date, service, category, tier, mode, codec, seconds, received_at) values"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (int i = 0; i < reports.size(); i++) {
                UsageReport r = reports.get(i);
                insert.setString(1, r.reportId());
                insert.setString(2, accounts.get(i));
                insert.setString(3, r.appId());
                insert.setObject(4, r.interval().toOffsetDateTime());
                insert.setObject(5, r.interval().toLocalDate());
                insert.setString(6, r.service());
                insert.setString(7, r.category());
                insert.setString(8, r.tier());
                insert.setString(9, r.mode());
                insert.setString(10, r.codec());
                insert.setLong(11, r.seconds());
                insert.setObject(12, receivedAt);
                insert.addBatch();
            }
            counts = insert.executeBatch();
        }
        // Each row's count says whether its reportId was new (1) or seen (0): exactly-once rests on it.
        boolean[] inserted = new boolean[counts.length];
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] != 0 && counts[k] != 1) {
                throw new IllegalStateException("the driver did not count the insert of report "
                        + reports.get(k).reportId() + " (" + counts[k] + "): exactly-once needs each row's count");
            }
            inserted[k] = counts[k] == 1;
        }
        return inserted;
    }

    /** The days from {@code from} on with base-service reports of the account, in order. */
    List<LocalDate> baseDaysFrom(Connection c, String accountId, LocalDate from) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select distinct billing_date from usage_report where account_id"
                + " = ? and service = 'BASE' and billing_date >= ? order by billing_date")) {
            s.setString(1, accountId);
            s.setObject(2, from);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    days.add(r.getObject(1, LocalDate.class));
                }
            }
        }
        return days;
    }

    /** The account's base-service reports of a day. */
    List<StoredReport> baseReports(Connection c, String accountId, LocalDate day) throws SQLException {
        List<StoredReport> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select app_id, interval_start, category, tier, seconds, report_id"
                + " from usage_report where account_id = ? and billing_date = ? and service = 'BASE'")) {
            s.setString(1, accountId);
            s.setObject(2, day);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new StoredReport(r.getString(6), r.getString(1), r.getObject(2, OffsetDateTime.class)
                            .toEpochSecond(), r.getString(3), r.getString(4), r.getLong(5)));
                }
            }
        }
        return out;
    }

    // ---- packages ----

    /** The account's packages acquired before {@code end}, by id. */
    List<StoredPackage> packagesAcquiredBefore(Connection c, String accountId, OffsetDateTime end) throws SQLException {
        List<StoredPackage> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select package_id, kind, minutes, used, acquired_at,"
                + " converted_at, converted_used, converted_expires_on, price, refunded_at, reclaimed_at from package"
                + " where account_id = ? and acquired_at < ? order by package_id")) {
            s.setString(1, accountId);
            s.setObject(2, end);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Long convertedUsed = r.getObject(7) == null ? null : r.getLong(7);
                    out.add(new StoredPackage(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
                            r.getObject(5, OffsetDateTime.class), r.getObject(6, OffsetDateTime.class),
                            convertedUsed, r.getObject(8, LocalDate.class), r.getObject(9) != null,
                            r.getObject(10) != null, r.getObject(11, OffsetDateTime.class)));
                }
            }
        }
        return out;
    }

    /** The minutes each of the account's packages gave to the days before {@code day}. */
    Map<String, Long> usedBefore(Connection c, String accountId, LocalDate day) throws SQLException {
        Map<String, Long> used = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select package_id, sum(minutes) from package_day_use where"
                + " account_id = ? and billing_date < ? group by package_id")) {
            s.setString(1, accountId);
            s.setObject(2, day);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    used.put(r.getString(1), r.getLong(2));
                }
            }
        }
        return used;
    }

    /**
     * Records a day's package use on a day just cleared ({@code took}: minutes per package, written in its order),
     * in one round trip; the packages' counters are recounted after the replay ({@link #recountPackagesUsed}).
     */
    void insertPackageDayUse(Connection c, String accountId, LocalDate day, Map<String, Long> took)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into package_day_use (account_id, billing_date,"
                + " package_id, minutes) values (?, ?, ?, ?)")) {
            for (Map.Entry<String, Long> p : took.entrySet()) {
                s.setString(1, accountId);
                s.setObject(2, day);
                s.setString(3, p.getKey());
                s.setLong(4, p.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Adds minutes to a day's package use and to the packages' counters ({@code took}: minutes per package, in its
     * order): batched upserts, one round trip per table whatever the number of packages (the account is locked, so
     * nothing else writes these rows meanwhile).
     */
    void addPackageUse(Connection c, String accountId, LocalDate day, Map<String, Long> took) throws SQLException {
        try (PreparedStatement use = c.prepareStatement(MERGE_PACKAGE_DAY_USE);
                PreparedStatement used = c.prepareStatement("update package set used = used + ? where package_id = ?")) {
            for (Map.Entry<String, Long> p : took.entrySet()) {
                use.setString(1, accountId);
                use.setObject(2, day);
                use.setString(3, p.getKey());
                use.setLong(4, p.getValue());
                use.addBatch();
                used.setLong(1, p.getValue());
                used.setString(2, p.getKey());
                used.addBatch();
            }
            use.executeBatch();
            used.executeBatch();
        }
    }

    /** Sets each of the account's package counters to what every day took: the sum of its package_day_use rows. */
    void recountPackagesUsed(Connection c, String accountId) throws SQLException {
        Sql.update(c, "update package set used = coalesce((select sum(u.minutes) from package_day_use u where"
                + " u.package_id = package.package_id), 0) where account_id = ?", accountId);
    }

    // ---- what the days took ----

    /** Adds a day's postpaid minutes per app and item to what the day holds (nothing, on a day just cleared). */
    void addPostpaid(Connection c, String accountId, LocalDate day, List<DeductionEngine.PostpaidMinutes> lines)
            throws SQLException {
        // One batched MERGE for the day, whatever the number of apps and items.
        try (PreparedStatement s = c.prepareStatement(MERGE_POSTPAID_DAY)) {
            for (DeductionEngine.PostpaidMinutes l : lines) {
                s.setString(1, accountId);
                s.setObject(2, day);
                s.setString(3, l.appId());
                s.setString(4, l.item().category().name());
                s.setString(5, l.item().tier() == null ? "" : l.item().tier()); // a key: audio's no tier is empty
                s.setLong(6, l.minutes());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The kinds of event the account's day recorded, and the sequence number its next event takes. */
    RecordedEvents recordedEvents(Connection c, String accountId, LocalDate day) throws SQLException {
        Set<String> types = new HashSet<>();
        int seq = 0;
        try (PreparedStatement s = c.prepareStatement("select type, seq from account_event where account_id = ? and"
                + " billing_date = ?")) {
            s.setString(1, accountId);
            s.setObject(2, day);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    types.add(r.getString(1));
                    seq = Math.max(seq, r.getInt(2) + 1);
                }
            }
        }
        return new RecordedEvents(types, seq);
    }

    /** Records events of the account's day, numbered from {@code firstSeq}, in one round trip. */
    void insertEvents(Connection c, String accountId, LocalDate day, int firstSeq, List<Deductions.Event> events)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into account_event (account_id, billing_date, seq, type,"
                + " at, package_id) values (?, ?, ?, ?, ?, ?)")) {
            int seq = firstSeq;
            for (Deductions.Event e : events) {
                s.setString(1, accountId);
                s.setObject(2, day);
                s.setInt(3, seq++);
                s.setString(4, e.type());
                s.setObject(5, OffsetDateTime.parse(e.at()));
                s.setString(6, e.packageId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The last day state of each account, in one query per 1,000 accounts, looking no earlier than {@code from} (an
     * account with none since: absent).
     */
    Map<String, DayState> lastDayStates(Connection c, Set<String> accounts, LocalDate from) throws SQLException {
        Map<String, DayState> out = new HashMap<>();
        KeyQueries.forEach(c, "select account_id, billing_date, last_interval, seconds from account_day_state where"
                + " billing_date >= ? and account_id in " + KeyQueries.KEYS, accounts, List.of(from), r -> out.merge(
                        r.getString(1), new DayState(r.getObject(2, LocalDate.class), r.getObject(3,
                                OffsetDateTime.class), r.getString(4)), (a, b) -> a.day().isAfter(b.day()) ? a : b));
        return out;
    }

    /**
     * Saves where the account's day stands: its last interval taken (epoch seconds) and the seconds per app and item
     * so far, as text (one line per app and item, in order, so the same day reads the same).
     */
    void saveDayState(Connection c, String accountId, LocalDate day, long lastInterval,
            Map<String, Map<String, Long>> seconds) throws SQLException {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(seconds).forEach((app, byItem) -> new TreeMap<>(byItem).forEach((item, v) -> text.append(app)
                .append('\t').append(item).append('\t').append(v).append('\n')));
        OffsetDateTime at = Instant.ofEpochSecond(lastInterval).atZone(zone).toOffsetDateTime();
        // Usually the day has a state already: one update; the day's first save inserts it.
        if (Sql.update(c, "update account_day_state set last_interval = ?, seconds = ? where account_id = ? and"
                + " billing_date = ?", at, text.toString(), accountId, day) == 0) {
            Sql.update(c, "insert into account_day_state (account_id, billing_date, last_interval, seconds) values"
                    + " (?, ?, ?, ?)", accountId, day, at, text.toString());
        }
    }

    /** The days settlement runs settled from {@code from} on (usage of them arriving now is late). */
    TreeSet<LocalDate> settledDaysFrom(Connection c, LocalDate from) throws SQLException {
        TreeSet<LocalDate> out = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("select billing_date from settled_day where billing_date >= ?")) {
            s.setObject(1, from);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getObject(1, LocalDate.class));
                }
            }
        }
        return out;
    }

    /**
     * Marks the account's days that took usage after they were settled as due for the next settlement run: each of
     * {@code settled} (days of the batch a run settled), and every day after {@code from} (the batch's first for the
     * account) it was billed for: a replay from {@code from} may move what those days took from the packages.
     */
    void markSettledDaysDue(Connection c, String accountId, Collection<LocalDate> settled, LocalDate from)
            throws SQLException {
        for (LocalDate day : settled) {
            Sql.update(c, "insert into settlement_due (account_id, billing_date) select ?, ? where not exists (select 1"
                    + " from settlement_due where account_id = ? and billing_date = ?)", accountId, day, accountId,
                    day);
        }
        Sql.update(c, "insert into settlement_due (account_id, billing_date) select distinct b.account_id, b.billing_date"
                + " from bill b where b.account_id = ? and b.billing_date > ? and not exists (select 1 from"
                + " settlement_due d where d.account_id = b.account_id and d.billing_date = b.billing_date)",
                accountId, from);
    }

    /** Deletes what the account's days from {@code from} on took, before they are replayed. */
    void clearDaysFrom(Connection c, String accountId, LocalDate from) throws SQLException {
        Sql.update(c, "delete from package_day_use where account_id = ? and billing_date >= ?", accountId, from);
        Sql.update(c, "delete from postpaid_day where account_id = ? and billing_date >= ?", accountId, from);
        Sql.update(c, "delete from account_event where account_id = ? and billing_date >= ?", accountId, from);
        Sql.update(c, "delete from account_day_state where account_id = ? and billing_date >= ?", accountId, from);
    }

}
