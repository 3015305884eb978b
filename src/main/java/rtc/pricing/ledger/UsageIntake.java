package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.facts.Account;
import rtc.pricing.facts.AccountMode;
import rtc.pricing.facts.ArrearsPolicy;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.packages.AccountPolicy;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionInput;
import rtc.pricing.packages.Deductions;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * POST /v1/usage, once its body is read ({@link UsageReports}): the usage pipeline's 5-minute reports, each taken
 * exactly once (its reportId is the table's key) and judged on its own: ACCEPTED, DUPLICATE (seen before, counted
 * once) or REJECTED with the reason. In the same transaction, every account-day that received base-service seconds
 * is deducted against the account's packages ({@link DeductionEngine}, the rules of §6/§6a): extended with the new
 * reports when they all come after what the day took, else replayed whole with its later days, whose starting point
 * moved. Accounts are locked in id order, so concurrent batches never overdraw nor deadlock. This class decides;
 * {@link UsageStore} holds the SQL.
 */
public final class UsageIntake {

    /** One report's outcome. */
    @Schema(name = "UsageOutcome")
    public record Outcome(@Schema(nullable = true, description = "null when the report had none.") String reportId, @Schema(enumeration = { "ACCEPTED", "DUPLICATE", "REJECTED" }) String status,
            @Schema(nullable = true, description = "Why it was rejected; null otherwise.") String reason) {
    }

    @Schema(name = "UsageAnswer")
    public record Answer(List<Outcome> reports, int accepted, int duplicates, int rejected) {
    }

    private final ZoneId zone;
    private final DeductionEngine engine;
    private final RuleBudget budget;
    private final AccountPolicy policy;
    private final UsageStore store;
    private final AtomicLong extensions = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();

    public UsageIntake(ZoneId zone, DeductionEngine engine, RuleBudget budget, AccountPolicy policy) {
        this.zone = zone;
        this.policy = policy;
        this.engine = engine;
        this.budget = budget;
        this.store = new UsageStore(zone);
    }

    /** How many account-days were extended, and how many replayed whole, since the start (for operators, tests). */
    public long[] extendedAndReplayed() {
        return new long[] {extensions.get(), replays.get()};
    }

    /** Takes the batch's reports and deducts their base seconds; the answer has one outcome per entry, in order. */
    public Answer take(Connection c, RuleSet rules, UsageBatch batch) throws SQLException {
        List<UsageBatch.Entry> entries = batch.entries();
        Outcome[] outcomes = new Outcome[entries.size()];
        UsageReport[] reports = new UsageReport[entries.size()];
        String[] accounts = new String[entries.size()];
        Set<String> apps = new TreeSet<>();
        for (int i = 0; i < reports.length; i++) {
            if (entries.get(i) instanceof UsageReport r) {
                reports[i] = r;
                apps.add(r.appId());
            } else {
                UsageBatch.Unreadable u = (UsageBatch.Unreadable) entries.get(i);
                outcomes[i] = new Outcome(u.reportId(), "REJECTED", u.reason());
            }
        }
        // The batch's apps in one query, not one per report.
        Map<String, String> accountOfApp = store.accountsOfApps(c, apps);
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
        List<Integer> pending = new ArrayList<>();
        List<UsageReport> toInsert = new ArrayList<>();
        List<String> accountOfEach = new ArrayList<>();
        for (int i = 0; i < accounts.length; i++) {
            if (outcomes[i] == null) {
                locked.add(accounts[i]);
                pending.add(i);
                toInsert.add(reports[i]);
                accountOfEach.add(accounts[i]);
            }
        }
        Map<String, AccountRecord> records = store.lockAccounts(c, locked);
        // One round trip for the batch's reports; each says whether its reportId was new or seen.
        boolean[] inserted = store.insertReports(c, toInsert, accountOfEach, OffsetDateTime.now(ZoneOffset.UTC));
        Map<String, TreeSet<LocalDate>> baseDays = new TreeMap<>();
        Map<String, List<UsageReport>> baseReports = new HashMap<>();
        // Days that have ended, per account: they may have been settled (most reports are of today, and cost nothing).
        Map<String, TreeSet<LocalDate>> ended = new TreeMap<>();
        LocalDate today = ZonedDateTime.now(zone).toLocalDate();
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            UsageReport r = reports[i];
            if (!inserted[k]) {
                outcomes[i] = new Outcome(r.reportId(), "DUPLICATE", "reportId seen before: counted once");
                continue;
            }
            outcomes[i] = new Outcome(r.reportId(), "ACCEPTED", null);
            if (r.interval().toLocalDate().isBefore(today)) {
                ended.computeIfAbsent(accounts[i], a -> new TreeSet<>()).add(r.interval().toLocalDate());
            }
            if (r.service().equals("BASE")) {
                baseDays.computeIfAbsent(accounts[i], a -> new TreeSet<>()).add(r.interval().toLocalDate());
                baseReports.computeIfAbsent(accounts[i], a -> new ArrayList<>()).add(r);
            }
        }
        // The day states of the batch's accounts in one query, looking back to the day before its first day: an
        // account whose last day is earlier has its new days replayed whole, which gives the same.
        Map<String, UsageStore.DayState> states = baseDays.isEmpty() ? Map.of() : store.lastDayStates(c,
                baseDays.keySet(), baseDays.values().stream().map(TreeSet::first).min(LocalDate::compareTo)
                        .orElseThrow().minusDays(1));
        // The balances' history up to the latest day's start, for whether an account's packages were reclaimed, in
        // one query for the batch too.
        OffsetDateTime lastStart = baseDays.values().stream().map(TreeSet::last).max(LocalDate::compareTo)
                .map(d -> d.atStartOfDay(zone).toOffsetDateTime()).orElse(null);
        Map<String, List<AccountStatus.Movement>> movements = lastStart == null ? Map.of()
                : store.balanceHistories(c, baseDays.keySet(), lastStart);
        // In account order, so two batches lock the accounts they share in the same order.
        for (Map.Entry<String, TreeSet<LocalDate>> e : baseDays.entrySet()) {
            if (!extend(c, rules, records.get(e.getKey()), states.get(e.getKey()), baseReports.get(e.getKey()),
                    movements.getOrDefault(e.getKey(), List.of()))) {
                deduct(c, rules, e.getKey(), e.getValue().first());
            }
        }
        // Usage of a day already settled is billed at the next settlement run, by a correcting bill (policy §6a).
        // One query for the batch: with no run since its first day (the usual case), nothing more.
        TreeSet<LocalDate> settled = ended.isEmpty() ? new TreeSet<>() : store.settledDaysFrom(c,
                ended.values().stream().map(TreeSet::first).min(LocalDate::compareTo).orElseThrow());
        for (Map.Entry<String, TreeSet<LocalDate>> e : ended.entrySet()) {
            if (settled.ceiling(e.getValue().first()) != null) {
                Set<LocalDate> late = new TreeSet<>(e.getValue());
                late.retainAll(settled);
                store.markSettledDaysDue(c, e.getKey(), late, e.getValue().first());
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

    // ---- deductions, replayed per account and billing day ----

    /**
     * Replays the account's base usage from {@code from} to its last day with usage, day by day: each day starts
     * from what the days before it took from the packages.
     */
    void deduct(Connection c, RuleSet rules, String accountId, LocalDate from) throws SQLException {
        AccountRecord account = store.lockAccount(c, accountId);
        List<LocalDate> days = store.baseDaysFrom(c, accountId, from);
        store.clearDaysFrom(c, accountId, from);
        Map<String, Long> usedBefore = store.usedBefore(c, accountId, from);
        for (LocalDate day : days) {
            replayDay(c, rules, account, day, usedBefore, true);
            replays.incrementAndGet();
        }
        // package.used is what every day took: the sum of the rows just written and those before.
        store.recountPackagesUsed(c, accountId);
    }

    /** GET /v1/accounts/{id}/deductions?date=: the day's replay, as POST /v1/deductions answers it. */
    public Deductions day(Connection c, RuleSet rules, String accountId, LocalDate day) throws SQLException {
        AccountRecord account = store.account(c, accountId);
        return replayDay(c, rules, account, day, store.usedBefore(c, accountId, day), false);
    }

    /**
     * The day's replay from 00:00 over its stored reports, each package starting from {@code usedBefore}; with
     * {@code persist}, written (on a day cleared beforehand) and {@code usedBefore} moved on by what the day took,
     * for the next day; else only answered.
     */
    private Deductions replayDay(Connection c, RuleSet rules, AccountRecord account, LocalDate day,
            Map<String, Long> usedBefore, boolean persist) throws SQLException {
        ZonedDateTime start = day.atStartOfDay(zone);
        DayAccount facts = dayAccount(c, rules, account, day, usedBefore, null);
        List<HeldPackage> held = facts.held();
        List<DeductionInput.Usage> usage = new ArrayList<>();
        for (UsageStore.StoredReport r : store.baseReports(c, account.id(), day)) {
            usage.add(usage(r.appId(), r.interval(), r.category(), r.tier(), r.seconds(), r.reportId()));
        }
        Map<String, Long> before = new HashMap<>();
        held.forEach(p -> before.put(p.packageId(), p.used()));
        DeductionInput input = new DeductionInput(facts.account(), held, usage, Map.of(), facts.newModeFrom());
        if (!persist) {
            return engine.replay(input, rules);
        }
        DeductionEngine.Result result = engine.replay(input, rules, e -> { }, null, false);
        long last = usage.stream().mapToLong(DeductionInput.Usage::interval).max().orElse(start.toEpochSecond());
        store.saveDayState(c, account.id(), day, last, result.lastDaySeconds());
        Map<String, Long> took = took(result, before);
        took.forEach((packageId, minutes) -> usedBefore.merge(packageId, minutes, Long::sum));
        store.insertPackageDayUse(c, account.id(), day, took);
        store.addPostpaid(c, account.id(), day, result.postpaidMinutes());
        store.insertEvents(c, account.id(), day, 0, result.events());
        switchPostpaidOn(c, account, result.events());
        return null;
    }

    /**
     * Takes the account's new base reports by extending its days, when every one of them is later than all that was
     * taken (the usage pipeline's usual order): the day's replay from 00:00 would take the earlier reports exactly as
     * before, so only the new ones are replayed, from where the day stands. Returns false (the caller replays the
     * days whole) for a report at or before the last interval taken, or an account with no day taken yet
     * ({@code state} null: none, or none since the day before the batch's first).
     */
    private boolean extend(Connection c, RuleSet rules, AccountRecord account, UsageStore.DayState state,
            List<UsageReport> reports, List<AccountStatus.Movement> movements) throws SQLException {
        if (state == null) {
            return false;
        }
        for (UsageReport r : reports) {
            if (!r.interval().toOffsetDateTime().isAfter(state.lastInterval())) {
                return false;
            }
        }
        Map<LocalDate, List<DeductionInput.Usage>> byDay = new TreeMap<>();
        for (UsageReport r : reports) {
            byDay.computeIfAbsent(r.interval().toLocalDate(), d -> new ArrayList<>()).add(usage(r.appId(),
                    r.interval().toEpochSecond(), r.category(), r.tier(), r.seconds(), r.reportId()));
        }
        for (Map.Entry<LocalDate, List<DeductionInput.Usage>> e : byDay.entrySet()) {
            LocalDate day = e.getKey();
            Map<String, Map<String, Long>> carried = day.equals(state.day()) ? state.secondsByAppAndItem() : Map.of();
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
                facts.newModeFrom()), rules, e -> { }, null, false);
        store.addPackageUse(c, account.id(), day, took(result, before));
        store.addPostpaid(c, account.id(), day, result.postpaidMinutes());
        if (!result.events().isEmpty()) {
            UsageStore.RecordedEvents recorded = store.recordedEvents(c, account.id(), day);
            // An extension carries the day's seconds, not its events: a kind of event the day already recorded
            // (packages exhausted again, say) is not recorded twice.
            Set<String> types = recorded.types();
            List<Deductions.Event> fresh = new ArrayList<>();
            for (Deductions.Event e : result.events()) {
                if (types.add(e.type())) {
                    fresh.add(e);
                }
            }
            if (!fresh.isEmpty()) {
                store.insertEvents(c, account.id(), day, recorded.nextSeq(), fresh);
            }
            switchPostpaidOn(c, account, result.events());
        }
        long last = usage.stream().mapToLong(DeductionInput.Usage::interval).max().orElseThrow();
        store.saveDayState(c, account.id(), day, last, result.lastDaySeconds());
    }

    /** What the day took from each package (more than nothing), in the result's order. */
    private static Map<String, Long> took(DeductionEngine.Result result, Map<String, Long> before) {
        Map<String, Long> took = new LinkedHashMap<>();
        for (Deductions.PackageState p : result.packages()) {
            long minutes = p.used() - before.get(p.packageId());
            if (minutes > 0) {
                took.put(p.packageId(), minutes);
            }
        }
        return took;
    }

    /** Once on, postpaid stays on: a day that switched it on makes later days start with it. */
    private void switchPostpaidOn(Connection c, AccountRecord account, List<Deductions.Event> events)
            throws SQLException {
        for (Deductions.Event e : events) {
            if (e.type().equals("POSTPAID_ENABLED") && account.postpaidSince() == null) {
                store.setPostpaidSince(c, account.id(), OffsetDateTime.parse(e.at()));
            }
        }
    }

    /** A base-service report as the deduction engine takes it. */
    private static DeductionInput.Usage usage(String appId, long interval, String category, String tier,
            long seconds, String reportId) {
        return new DeductionInput.Usage(appId, interval, "VIDEO".equals(category), tier, seconds, "report " + reportId);
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
        ArrearsPolicy arrears = AccountStatus.policy(rules, budget);
        OffsetDateTime reclaimed = AccountStatus.at(movements != null ? movements
                : store.balanceHistory(c, account.id(), start.toOffsetDateTime()), start.toOffsetDateTime(), arrears)
                .reclaimedAt();
        List<HeldPackage> held = new ArrayList<>();
        OffsetDateTime bought = null;
        OffsetDateTime converted = null;
        for (UsageStore.StoredPackage p : store.packagesAcquiredBefore(c, account.id(), end.toOffsetDateTime())) {
            OffsetDateTime acquiredAt = p.acquiredAt();
            if (p.kind().equals("GENERAL") && p.priced() && !p.refunded()
                    && (bought == null || acquiredAt.isBefore(bought))) {
                bought = acquiredAt;
            }
            if (p.convertedAt() != null && (converted == null || p.convertedAt().isBefore(converted))) {
                converted = p.convertedAt();
            }
            if (p.refunded() || p.reclaimedAt() != null && !p.reclaimedAt().isAfter(start.toOffsetDateTime())
                    || reclaimed != null && acquiredAt.isBefore(reclaimed)) {
                continue;
            }
            long minutes = p.minutes();
            if (p.convertedAt() != null && p.convertedUsed() != null) {
                minutes = p.convertedUsed();
                if (minutes == 0) {
                    continue; // converted whole: nothing of it is left to cover anything
                }
            }
            long used = usedBefore == null ? Math.min(minutes, p.used())
                    : Math.min(minutes, usedBefore.getOrDefault(p.packageId(), 0L));
            held.add(new HeldPackage(p.packageId(), PackageKind.valueOf(p.kind()), minutes, used,
                    acquiredAt.atZoneSameInstant(zone), p.convertedExpiresOn()));
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
}
