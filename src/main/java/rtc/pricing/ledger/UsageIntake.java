package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.Account;
import rtc.pricing.facts.AccountMode;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.packages.AccountPolicy;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionInput;
import rtc.pricing.packages.DeductionRequestReader;
import rtc.pricing.packages.Deductions;
import rtc.pricing.problem.InputException;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.http.Timestamps;
import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * POST /v1/usage: the usage pipeline's 5-minute reports, each taken exactly once (its reportId is the table's key)
 * and judged on its own: ACCEPTED, DUPLICATE (seen before, counted once) or REJECTED with the reason. In the same
 * transaction, every account-day that received base-service seconds is replayed against the account's packages
 * ({@link DeductionEngine}, the rules of §6/§6a) and its deductions rewritten, and so are its later days, whose
 * starting point moved. Accounts are locked in id order, so concurrent batches never overdraw nor deadlock.
 */
public final class UsageIntake {

    /** Reports per batch. */
    public static final int MAX_REPORTS = 10_000;

    private static final Set<String> FIELDS = Set.of("reportId", "appId", "interval", "service", "category", "tier",
            "mode", "codec", "seconds");
    private static final Set<String> SERVICES = Set.of("BASE", "RECORDING", "TRANSCODING");

    /** One report's outcome. */
    public record Outcome(String reportId, String status, String reason) {
    }

    public record Answer(List<Outcome> reports, int accepted, int duplicates, int rejected) {
    }

    private record Report(String reportId, String appId, ZonedDateTime interval, String service, String category,
            String tier, String mode, String codec, long seconds) {
    }

    private final ZoneId zone;
    private final DeductionEngine engine;
    private final RuleBudget budget;
    private final java.util.concurrent.atomic.AtomicLong extensions = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong replays = new java.util.concurrent.atomic.AtomicLong();

    /** How many account-days were extended, and how many replayed whole, since the start (for operators, tests). */
    public long[] extendedAndReplayed() {
        return new long[] {extensions.get(), replays.get()};
    }

    private final AccountPolicy policy;

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

    public UsageIntake(ZoneId zone, DeductionEngine engine, RuleBudget budget,
            AccountPolicy policy) {
        this.zone = zone;
        this.policy = policy;
        this.engine = engine;
        this.budget = budget;
    }

    public Answer take(Connection c, RuleSet rules, JsonNode body) throws SQLException {
        if (body == null || !body.isObject()) {
            throw new InputException("", "the request body must be a JSON object {\"reports\": […]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("reports")) {
                throw new InputException("/" + name, "unknown field; expected \"reports\"");
            }
        }
        JsonNode list = body.get("reports");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_REPORTS) {
            throw new InputException("/reports", "must be an array of 1 to " + MAX_REPORTS + " reports");
        }
        Set<String> tiers = new HashSet<>();
        RuleCatalogue.of(rules, budget).tiers().forEach(t -> tiers.add(t.name()));
        Outcome[] outcomes = new Outcome[list.size()];
        Report[] reports = new Report[list.size()];
        String[] accounts = new String[list.size()];
        for (int i = 0; i < list.size(); i++) {
            try {
                reports[i] = read(list.get(i), tiers);
            } catch (IllegalArgumentException e) {
                JsonNode id = list.get(i).path("reportId");
                outcomes[i] = new Outcome(id.isTextual() ? id.textValue() : null, "REJECTED", e.getMessage());
            }
        }
        Map<String, String> accountOfApp = owners(c, reports);
        for (int i = 0; i < reports.length; i++) {
            if (outcomes[i] == null) {
                accounts[i] = accountOfApp.getOrDefault(reports[i].appId(), "");
                if (accounts[i].isEmpty()) {
                    outcomes[i] = new Outcome(reports[i].reportId(), "REJECTED", "app " + reports[i].appId()
                            + " belongs to no account");
                }
            }
        }
        // Every account of the batch is locked first, in id order: two batches sharing accounts (and reports) wait
        // for each other in one order, never in a cycle, and a report is inserted only under its account's lock.
        TreeSet<String> locked = new TreeSet<>();
        for (int i = 0; i < accounts.length; i++) {
            if (outcomes[i] == null) {
                locked.add(accounts[i]);
            }
        }
        Map<String, AccountRecord> records = AccountRecord.lockAll(c, locked, zone);
        Map<String, Set<LocalDate>> baseDays = new TreeMap<>();
        Map<String, List<Report>> baseReports = new HashMap<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement insert = c.prepareStatement("insert into usage_report (report_id, account_id, app_id,"
                + " interval_start, billing_date, service, category, tier, mode, codec, seconds, received_at) values"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            // One round trip for the batch; each row's count says whether its reportId was new (1) or seen (0).
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < reports.length; i++) {
                if (outcomes[i] != null) {
                    continue;
                }
                Report r = reports[i];
                insert.setString(1, r.reportId());
                insert.setString(2, accounts[i]);
                insert.setString(3, r.appId());
                insert.setObject(4, r.interval().toOffsetDateTime());
                insert.setObject(5, r.interval().toLocalDate());
                insert.setString(6, r.service());
                insert.setString(7, r.category());
                insert.setString(8, r.tier());
                insert.setString(9, r.mode());
                insert.setString(10, r.codec());
                insert.setLong(11, r.seconds());
                insert.setObject(12, now);
                insert.addBatch();
                pending.add(i);
            }
            int[] counts = pending.isEmpty() ? new int[0] : insert.executeBatch();
            for (int k = 0; k < pending.size(); k++) {
                int i = pending.get(k);
                Report r = reports[i];
                if (counts[k] == 0) {
                    outcomes[i] = new Outcome(r.reportId(), "DUPLICATE", "reportId seen before: counted once");
                    continue;
                }
                if (counts[k] != 1) {
                    throw new IllegalStateException("the driver did not count the insert of report " + r.reportId()
                            + " (" + counts[k] + "): exactly-once needs each row's count");
                }
                outcomes[i] = new Outcome(r.reportId(), "ACCEPTED", null);
                if (r.service().equals("BASE")) {
                    baseDays.computeIfAbsent(accounts[i], a -> new TreeSet<>()).add(r.interval().toLocalDate());
                    baseReports.computeIfAbsent(accounts[i], a -> new ArrayList<>()).add(r);
                }
            }
        }
        Map<String, DayState> states = baseDays.isEmpty() ? Map.of() : lastDayStates(c, baseDays.keySet(),
                baseDays.values().stream().map(d -> ((TreeSet<LocalDate>) d).first()).min(LocalDate::compareTo)
                        .orElseThrow().minusDays(1));
        // The balances' history up to the latest day's start, for whether an account's packages were reclaimed.
        OffsetDateTime lastStart = baseDays.values().stream().map(d -> ((TreeSet<LocalDate>) d).last())
                .max(LocalDate::compareTo).map(d -> d.atStartOfDay(zone).toOffsetDateTime()).orElse(null);
        Map<String, List<AccountStatus.Movement>> movements = lastStart == null ? Map.of()
                : AccountStatus.movements(c, baseDays.keySet(), lastStart);
        // In account order, so two batches lock the accounts they share in the same order.
        for (Map.Entry<String, Set<LocalDate>> e : baseDays.entrySet()) {
            if (!extend(c, rules, records.get(e.getKey()), states.get(e.getKey()), baseReports.get(e.getKey()),
                    movements.getOrDefault(e.getKey(), List.of()))) {
                deduct(c, rules, e.getKey(), ((TreeSet<LocalDate>) e.getValue()).first());
            }
        }
        int accepted = 0, duplicates = 0, rejected = 0;
        for (Outcome o : outcomes) {
            switch (o.status()) {
                case "ACCEPTED" -> accepted++;
                case "DUPLICATE" -> duplicates++;
                default -> rejected++;
            }
        }
        return new Answer(List.of(outcomes), accepted, duplicates, rejected);
    }

    /** Adds a day's postpaid minutes per app and item to what the day holds already (nothing, after a replay's reset). */
    private static void addPostpaid(Connection c, String accountId, LocalDate day, List<Deductions.PostpaidLine> lines)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(MERGE_POSTPAID_DAY)) {
            for (Deductions.PostpaidLine l : lines) {
                s.setString(1, accountId);
                s.setObject(2, day);
                s.setString(3, l.appId());
                s.setString(4, l.category());
                s.setString(5, l.tier() == null ? "" : l.tier());
                s.setLong(6, l.minutes());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Where an account's last day taken stands: its day, last interval and seconds per app and item. */
    private record DayState(LocalDate day, OffsetDateTime lastInterval, String seconds) {
    }

    /**
     * The last day state of each account, in one query per 1,000 accounts, looking no earlier than {@code from}: an
     * account whose last day is earlier has its new day replayed whole, which gives the same.
     */
    private static Map<String, DayState> lastDayStates(Connection c, Set<String> accounts, LocalDate from)
            throws SQLException {
        Map<String, DayState> out = new HashMap<>();
        KeyQueries.forEach(c, "select account_id, billing_date, last_interval, seconds from account_day_state where"
                + " billing_date >= ? and account_id in " + KeyQueries.KEYS, accounts, List.of(from), r -> out.merge(
                        r.getString(1), new DayState(r.getObject(2, LocalDate.class), r.getObject(3,
                                OffsetDateTime.class), r.getString(4)), (a, b) -> a.day().isAfter(b.day()) ? a : b));
        return out;
    }

    /** The account of each app of the readable reports, in one query per 1,000 apps (an app no account owns: absent). */
    private static Map<String, String> owners(Connection c, Report[] reports) throws SQLException {
        List<String> apps = new ArrayList<>(new TreeSet<>(java.util.Arrays.stream(reports)
                .filter(java.util.Objects::nonNull).map(Report::appId).toList()));
        Map<String, String> out = new HashMap<>();
        KeyQueries.forEach(c, "select app_id, account_id from app where app_id in " + KeyQueries.KEYS, apps, List.of(),
                r -> out.put(r.getString(1), r.getString(2)));
        return out;
    }

    private Report read(JsonNode n, Set<String> tiers) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("a report is an object {reportId, appId, interval, service, …}");
        }
        for (Iterator<String> names = n.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + name);
            }
        }
        String id = text(n, "reportId", true);
        String app = text(n, "appId", true);
        String service = text(n, "service", true);
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("service must be one of " + new TreeSet<>(SERVICES));
        }
        String category = text(n, "category", true);
        if (!category.equals("AUDIO") && !category.equals("VIDEO")) {
            throw new IllegalArgumentException("category must be AUDIO or VIDEO");
        }
        String tier = text(n, "tier", false);
        if (category.equals("VIDEO") == (tier == null)) {
            throw new IllegalArgumentException(tier == null ? "VIDEO needs a tier" : "AUDIO has no tier");
        }
        if (tier != null && !tiers.contains(tier)) {
            throw new IllegalArgumentException("tier " + tier + " is none of the rules' tiers " + new TreeSet<>(tiers));
        }
        String mode = text(n, "mode", false);
        String codec = text(n, "codec", false);
        if ((mode != null) != service.equals("RECORDING") || codec != null && !service.equals("TRANSCODING")) {
            throw new IllegalArgumentException("mode belongs to RECORDING reports, codec to TRANSCODING ones");
        }
        JsonNode seconds = n.get("seconds");
        if (seconds == null || !seconds.isIntegralNumber() || !seconds.canConvertToLong() || seconds.longValue() < 0
                || seconds.longValue() > DeductionRequestReader.MAX_ENTRY_SECONDS) {
            throw new IllegalArgumentException("seconds must be a whole number from 0 to "
                    + DeductionRequestReader.MAX_ENTRY_SECONDS);
        }
        String at = text(n, "interval", true);
        long epoch;
        try {
            epoch = Timestamps.epochSecond(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("interval must be an ISO-8601 date-time with an offset");
        }
        if (epoch < QuoteLimits.EARLIEST_EPOCH_SECOND || epoch > QuoteLimits.standard().latestEpochSecond()) {
            throw new IllegalArgumentException("interval is outside the dates this service handles");
        }
        ZonedDateTime interval = Instant.ofEpochSecond(epoch).atZone(zone);
        if (interval.getMinute() % DeductionRequestReader.INTERVAL_MINUTES != 0 || interval.getSecond() != 0) {
            throw new IllegalArgumentException("interval must start a 5-minute interval of the billing zone");
        }
        return new Report(id, app, interval, service, category, tier, mode, codec, seconds.longValue());
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > QuoteLimits.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be a non-empty string of at most "
                    + QuoteLimits.MAX_ID_LENGTH + " characters");
        }
        return v.textValue();
    }

    // ---- deductions, replayed per account and billing day ----

    /**
     * Replays the account's base usage from {@code from} to its last day with usage, day by day: each day starts
     * from what the days before it took from the packages.
     */
    void deduct(Connection c, RuleSet rules, String accountId, LocalDate from) throws SQLException {
        AccountRecord account = lockAccount(c, accountId);
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
        update(c, "delete from package_day_use where account_id = ? and billing_date >= ?", accountId, from);
        update(c, "delete from postpaid_day where account_id = ? and billing_date >= ?", accountId, from);
        update(c, "delete from account_event where account_id = ? and billing_date >= ?", accountId, from);
        update(c, "delete from account_day_state where account_id = ? and billing_date >= ?", accountId, from);
        Map<String, Long> usedBefore = usedBefore(c, accountId, from);
        for (LocalDate day : days) {
            replayDay(c, rules, account, day, usedBefore, true);
            replays.incrementAndGet();
        }
        // package.used is what every day took: the sum of the rows just written and those before.
        update(c, "update package set used = coalesce((select sum(u.minutes) from package_day_use u where"
                + " u.package_id = package.package_id), 0) where account_id = ?", accountId);
    }

    private AccountRecord lockAccount(Connection c, String accountId) throws SQLException {
        return AccountRecord.read(c, accountId, true, zone);
    }

    private static Map<String, Long> usedBefore(Connection c, String accountId, LocalDate day) throws SQLException {
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

    /** GET /v1/accounts/{id}/deductions?date=: the day's replay, as POST /v1/deductions answers it. */
    public Deductions day(Connection c, RuleSet rules, String accountId, LocalDate day) throws SQLException {
        AccountRecord account = AccountRecord.read(c, accountId, false, zone);
        return replayDay(c, rules, account, day, usedBefore(c, accountId, day), false);
    }

    private Deductions replayDay(Connection c, RuleSet rules, AccountRecord account, LocalDate day,
            Map<String, Long> usedBefore, boolean persist) throws SQLException {
        ZonedDateTime start = day.atStartOfDay(zone);
        DayAccount facts = dayAccount(c, rules, account, day, usedBefore, null);
        List<HeldPackage> held = facts.held();
        List<DeductionInput.Usage> usage = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select app_id, interval_start, category, tier, seconds, report_id"
                + " from usage_report where account_id = ? and billing_date = ? and service = 'BASE'")) {
            s.setString(1, account.id());
            s.setObject(2, day);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    usage.add(new DeductionInput.Usage(r.getString(1), r.getObject(2, OffsetDateTime.class)
                            .toEpochSecond(), "VIDEO".equals(r.getString(3)), r.getString(4), r.getLong(5),
                            "report " + r.getString(6)));
                }
            }
        }
        Map<String, Long> before = new HashMap<>();
        held.forEach(p -> before.put(p.packageId(), p.used()));
        DeductionInput input = new DeductionInput(facts.account(), held, usage, Map.of(), facts.newModeFrom());
        if (!persist) {
            return engine.replay(input, rules);
        }
        DeductionEngine.Result result = engine.replay(input, rules, e -> { }, null);
        long last = usage.stream().mapToLong(DeductionInput.Usage::interval).max().orElse(start.toEpochSecond());
        saveState(c, account.id(), day, last, result.lastDaySeconds());
        try (PreparedStatement s = c.prepareStatement("insert into package_day_use (account_id, billing_date,"
                + " package_id, minutes) values (?, ?, ?, ?)")) {
            for (Deductions.PackageState p : result.packages()) {
                long took = p.used() - before.get(p.packageId());
                if (took > 0) {
                    s.setString(1, account.id());
                    s.setObject(2, day);
                    s.setString(3, p.packageId());
                    s.setLong(4, took);
                    s.addBatch();
                    usedBefore.merge(p.packageId(), took, Long::sum);
                }
            }
            s.executeBatch();
        }
        addPostpaid(c, account.id(), day, result.postpaid());
        try (PreparedStatement s = c.prepareStatement("insert into account_event (account_id, billing_date, seq, type,"
                + " at, package_id) values (?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Deductions.Event e : result.events()) {
                s.setString(1, account.id());
                s.setObject(2, day);
                s.setInt(3, seq++);
                s.setString(4, e.type());
                s.setObject(5, OffsetDateTime.parse(e.at()));
                s.setString(6, e.packageId());
                s.addBatch();
                if (e.type().equals("POSTPAID_ENABLED") && account.postpaidSince() == null) {
                    // Once on, postpaid stays on: later days start with it.
                    update(c, "update account set postpaid_since = ? where account_id = ? and postpaid_since is null",
                            OffsetDateTime.parse(e.at()), account.id());
                }
            }
            s.executeBatch();
        }
        return null;
    }

    /**
     * Takes the account's new base reports by extending its days, when every one of them is later than all that was
     * taken (the usage pipeline's usual order): the day's replay from 00:00 would take the earlier reports exactly as
     * before, so only the new ones are replayed, from where the day stands. Returns false (the caller replays the
     * days whole) for a report at or before the last interval taken, or an account with no day taken yet
     * ({@code state} null: none, or none since the day before the batch's first).
     */
    private boolean extend(Connection c, RuleSet rules, AccountRecord account, DayState state, List<Report> reports,
            List<AccountStatus.Movement> movements) throws SQLException {
        if (state == null) {
            return false;
        }
        LocalDate lastDay = state.day();
        OffsetDateTime lastInterval = state.lastInterval();
        String lastSeconds = state.seconds();
        for (Report r : reports) {
            if (!r.interval().toOffsetDateTime().isAfter(lastInterval)) {
                return false;
            }
        }
        Map<LocalDate, List<DeductionInput.Usage>> byDay = new TreeMap<>();
        for (Report r : reports) {
            byDay.computeIfAbsent(r.interval().toLocalDate(), d -> new ArrayList<>()).add(new DeductionInput.Usage(
                    r.appId(), r.interval().toEpochSecond(), r.category().equals("VIDEO"), r.tier(), r.seconds(),
                    "report " + r.reportId()));
        }
        for (Map.Entry<LocalDate, List<DeductionInput.Usage>> e : byDay.entrySet()) {
            LocalDate day = e.getKey();
            Map<String, Map<String, Long>> carried = day.equals(lastDay) ? parseSeconds(lastSeconds) : Map.of();
            extendDay(c, rules, account, day, e.getValue(), carried, movements);
            extensions.incrementAndGet();
        }
        return true;
    }

    private void extendDay(Connection c, RuleSet rules, AccountRecord account, LocalDate day,
            List<DeductionInput.Usage> usage, Map<String, Map<String, Long>> carried,
            List<AccountStatus.Movement> movements) throws SQLException {
        DayAccount facts = dayAccount(c, rules, account, day, null, movements);
        List<HeldPackage> held = facts.held();
        Map<String, Long> before = new HashMap<>();
        held.forEach(p -> before.put(p.packageId(), p.used()));
        DeductionEngine.Result result = engine.replay(new DeductionInput(facts.account(), held, usage, carried,
                facts.newModeFrom()), rules, e -> { }, null);
        // Batched upserts: one round trip per table, whatever the number of packages and apps (the account is
        // locked, so nothing else writes these rows meanwhile).
        try (PreparedStatement use = c.prepareStatement(MERGE_PACKAGE_DAY_USE);
                PreparedStatement used = c.prepareStatement("update package set used = used + ? where package_id = ?")) {
            for (Deductions.PackageState p : result.packages()) {
                long took = p.used() - before.get(p.packageId());
                if (took > 0) {
                    use.setString(1, account.id());
                    use.setObject(2, day);
                    use.setString(3, p.packageId());
                    use.setLong(4, took);
                    use.addBatch();
                    used.setLong(1, took);
                    used.setString(2, p.packageId());
                    used.addBatch();
                }
            }
            use.executeBatch();
            used.executeBatch();
        }
        addPostpaid(c, account.id(), day, result.postpaid());
        if (!result.events().isEmpty()) {
            Set<String> recorded = new HashSet<>();
            int seq = 0;
            try (PreparedStatement s = c.prepareStatement("select type, seq from account_event where account_id = ? and"
                    + " billing_date = ?")) {
                s.setString(1, account.id());
                s.setObject(2, day);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        recorded.add(r.getString(1));
                        seq = Math.max(seq, r.getInt(2) + 1);
                    }
                }
            }
            for (Deductions.Event e : result.events()) {
                // An extension carries the day's seconds, not its events: a kind of event the day already recorded
                // (packages exhausted again, say) is not recorded twice.
                if (recorded.add(e.type())) {
                    update(c, "insert into account_event (account_id, billing_date, seq, type, at, package_id) values"
                            + " (?, ?, ?, ?, ?, ?)", account.id(), day, seq++, e.type(), OffsetDateTime.parse(e.at()),
                            e.packageId());
                }
                if (e.type().equals("POSTPAID_ENABLED") && account.postpaidSince() == null) {
                    update(c, "update account set postpaid_since = ? where account_id = ? and postpaid_since is null",
                            OffsetDateTime.parse(e.at()), account.id());
                }
            }
        }
        long last = usage.stream().mapToLong(DeductionInput.Usage::interval).max().orElseThrow();
        saveState(c, account.id(), day, last, result.lastDaySeconds());
    }

    /**
     * The account as the day's replay sees it, from one read of its packages ({@code movements}: the account's
     * balance history up to at least the day's start, if the caller read it already; null: read here):
     * <ul>
     * <li>{@code held}: the packages that may cover the day (acquired by its end, not refunded, not reclaimed by its
     * start), each with the minutes used before: {@code usedBefore} per package, or (null) what its counter says. An
     * old package converted holds only the minutes it had used by its conversion; the rest became the general
     * package it converted to. Reclaim follows from the account's standing at the day's start (60 days stopped for
     * arrears, by the rules): the packages it held then are gone from that day on; packages bought later are not.</li>
     * <li>{@code account}: its billing mode at the day's start by the rules (from its registration, its first
     * purchased general package and its conversion), postpaid if switched on before the day's end, with the price
     * book in force on the day (its postpaid minutes' prices);
     * {@code newModeFrom}: the instant within the day from which it is in the new mode, if it leaves the old one
     * that day.</li>
     * </ul>
     */
    private DayAccount dayAccount(Connection c, RuleSet rules, AccountRecord account, LocalDate day,
            Map<String, Long> usedBefore, List<AccountStatus.Movement> movements) throws SQLException {
        ZonedDateTime start = day.atStartOfDay(zone);
        ZonedDateTime end = day.plusDays(1).atStartOfDay(zone);
        OffsetDateTime reclaimed = (movements == null
                ? AccountStatus.of(c, account.id(), start.toOffsetDateTime(), AccountStatus.policy(rules, budget))
                : AccountStatus.at(movements, start.toOffsetDateTime(), AccountStatus.policy(rules, budget)))
                .reclaimedAt();
        List<HeldPackage> held = new ArrayList<>();
        OffsetDateTime bought = null;
        OffsetDateTime converted = null;
        try (PreparedStatement s = c.prepareStatement("select package_id, kind, minutes, used, acquired_at,"
                + " converted_at, converted_used, converted_expires_on, price, refunded_at, reclaimed_at from package"
                + " where account_id = ? and acquired_at < ? order by package_id")) {
            s.setString(1, account.id());
            s.setObject(2, end.toOffsetDateTime());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    String kind = r.getString(2);
                    long minutes = r.getLong(3);
                    OffsetDateTime acquiredAt = r.getObject(5, OffsetDateTime.class);
                    OffsetDateTime convertedAt = r.getObject(6, OffsetDateTime.class);
                    boolean refunded = r.getObject(10) != null;
                    OffsetDateTime reclaimedAt = r.getObject(11, OffsetDateTime.class);
                    if (kind.equals("GENERAL") && r.getObject(9) != null && !refunded
                            && (bought == null || acquiredAt.isBefore(bought))) {
                        bought = acquiredAt;
                    }
                    if (convertedAt != null && (converted == null || convertedAt.isBefore(converted))) {
                        converted = convertedAt;
                    }
                    if (refunded || reclaimedAt != null && !reclaimedAt.isAfter(start.toOffsetDateTime())
                            || reclaimed != null && acquiredAt.isBefore(reclaimed)) {
                        continue;
                    }
                    if (convertedAt != null && r.getObject(7) != null) {
                        minutes = r.getLong(7);
                        if (minutes == 0) {
                            continue; // converted whole: nothing of it is left to cover anything
                        }
                    }
                    long used = usedBefore == null ? Math.min(minutes, r.getLong(4))
                            : Math.min(minutes, usedBefore.getOrDefault(id, 0L));
                    held.add(new HeldPackage(id, PackageKind.valueOf(kind), minutes, used,
                            acquiredAt.atZoneSameInstant(zone), r.getObject(8, LocalDate.class)));
                }
            }
        }
        AccountPolicy.Mode mode = policy.billingMode(rules, account.registeredAt(), zoned(bought), zoned(converted),
                null);
        BillingMode atStart = mode.at(start);
        long newModeFrom = Long.MAX_VALUE;
        if (atStart == BillingMode.LEGACY) {
            for (AccountMode m : mode.history()) {
                if (m.mode() == BillingMode.NEW && m.since().isAfter(start) && m.since().isBefore(end)) {
                    newModeFrom = Math.min(newModeFrom, m.since().toEpochSecond());
                }
            }
        }
        boolean postpaid = account.postpaidSince() != null && account.postpaidSince().isBefore(end);
        return new DayAccount(held, new Account(atStart, postpaid, account.trialExhaustedAction(),
                account.priceBookOn(day)), newModeFrom);
    }

    /** The packages that may cover a day, the account as the day's replay sees it, and its switch to the new mode. */
    private record DayAccount(List<HeldPackage> held, Account account, long newModeFrom) {
    }

    private ZonedDateTime zoned(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(zone);
    }

    private void saveState(Connection c, String accountId, LocalDate day, long lastInterval,
            Map<String, Map<String, Long>> seconds) throws SQLException {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(seconds).forEach((app, byItem) -> new TreeMap<>(byItem).forEach((item, v) -> text.append(app)
                .append('\t').append(item).append('\t').append(v).append('\n')));
        OffsetDateTime at = Instant.ofEpochSecond(lastInterval).atZone(zone).toOffsetDateTime();
        if (update(c, "update account_day_state set last_interval = ?, seconds = ? where account_id = ? and"
                + " billing_date = ?", at, text.toString(), accountId, day) == 0) {
            update(c, "insert into account_day_state (account_id, billing_date, last_interval, seconds) values"
                    + " (?, ?, ?, ?)", accountId, day, at, text.toString());
        }
    }

    private static Map<String, Map<String, Long>> parseSeconds(String text) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            out.computeIfAbsent(f[0], a -> new HashMap<>()).put(f[1], Long.parseLong(f[2]));
        }
        return out;
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }
}
