package rtc.pricing.ledger;

import static rtc.pricing.http.OpenApiConventions.DECIMAL;
import static rtc.pricing.http.OpenApiConventions.MONEY;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Category;
import rtc.pricing.facts.Codec;
import rtc.pricing.facts.ItemUsage;
import rtc.pricing.facts.Mode;
import rtc.pricing.facts.Service;
import rtc.pricing.quote.Quote;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.LineAdjustment;
import rtc.pricing.settle.Money;
import rtc.pricing.settle.Settler;

/**
 * Daily settlement (policy §3, §6): for every app with usage on a billing day, a bill of the base minutes no package
 * covered (the deductions already took the rest) and the day's recording and transcoding, each item rounded up to
 * whole minutes and priced by the rules (settlement.drl, price-books.drl with the account's book, promotions), then
 * paid from the balance. A bill exists once per app and day: settling again, or after a crash, charges nothing twice.
 */
public final class Settlement {

    /**
     * A bill as stored and answered (GET /v1/accounts/{id}/bills). {@code correction} is 0 for the day's bill and
     * 1, 2… for its correcting bills, whose lines and total are what the day's usage reported late added.
     */
    public record Bill(@Schema(format = "date", description = "the billing day") String date, String appId,
            List<Quote.Line> lines, @Schema(description = MONEY, pattern = DECIMAL) String total,
            @Schema(description = MONEY + " What the balance paid of it.", pattern = DECIMAL) String paid,
            String rulesVersion, int correction) {
    }

    /**
     * What a settlement run did: the day's bills, its apps already billed (and unchanged), and the bills it made for
     * usage reported after its day was settled (policy §6a): correcting bills, and first bills of apps whose usage of
     * a settled day all came late; of this day or earlier ones.
     */
    public record Run(@Schema(format = "date", description = "the billing day settled") String date,
            String rulesVersion, int bills, int alreadySettled, @Schema(description = MONEY, pattern = DECIMAL)
            String total, int corrections, @Schema(description = MONEY, pattern = DECIMAL) String correctionsTotal) {
    }

    /** The rule sets a run prices with: the one in force on a day, and a bill's own version for its corrections. */
    public interface Rules {
        RuleSet inForce(LocalDate day);

        RuleSet version(String version);

        /** One rule set for every day and version (tests, a single-version service). */
        static Rules fixed(RuleSet rules) {
            return new Rules() {
                @Override
                public RuleSet inForce(LocalDate day) {
                    return rules;
                }

                @Override
                public RuleSet version(String version) {
                    return rules;
                }
            };
        }
    }

    private final ZoneId zone;
    /** The ledger's storage: the balance a bill is paid from is read as the account writes read it. */
    private final LedgerStore store;
    private final RuleBudget budget;
    private final ObjectMapper json;

    public Settlement(ZoneId zone, RuleBudget budget, ObjectMapper json) {
        this.zone = zone;
        this.store = new LedgerStore(zone);
        this.budget = budget;
        this.json = json;
    }

    /**
     * Settles {@code date} for every app that used the service that day, then corrects the settled days that took
     * usage since (policy §6a); each account-day in its own transaction.
     */
    public Run settle(LedgerDatabase database, Rules rules, LocalDate date) {
        RuleSet inForce = rules.inForce(date);
        // The day is marked settled before any account is: a report committed from now on is late usage and marks
        // its account-day due; one committed before is in the day's usage when its account (locked) is settled.
        try {
            database.inTransaction(c -> Sql.update(c, "insert into settled_day (billing_date, settled_at) select ?, ?"
                    + " where not exists (select 1 from settled_day where billing_date = ?)", date,
                    OffsetDateTime.now(ZoneOffset.UTC), date));
        } catch (LedgerDatabase.LedgerException e) {
            if (!(e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState()))) {
                throw e;
            }
            // A parallel run of the same day marked it first.
        }
        List<String> accounts = database.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select distinct account_id from usage_report where"
                    + " billing_date = ? order by account_id")) {
                s.setObject(1, date);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getString(1));
                    }
                }
            }
            return ids;
        });
        Tally tally = new Tally();
        for (String account : accounts) {
            database.inWriteTransaction(c -> settleAccount(c, inForce, rules, account, date, tally));
        }
        // Earlier days that took usage after they were settled, oldest first (this day's were cleared above).
        List<Map.Entry<String, LocalDate>> due = database.inTransaction(c -> {
            List<Map.Entry<String, LocalDate>> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select account_id, billing_date from settlement_due order"
                    + " by billing_date, account_id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(Map.entry(r.getString(1), r.getObject(2, LocalDate.class)));
                }
            }
            return out;
        });
        Tally late = new Tally();
        for (Map.Entry<String, LocalDate> d : due) {
            RuleSet thatDay = rules.inForce(d.getValue());
            database.inWriteTransaction(c -> settleAccount(c, thatDay, rules, d.getKey(), d.getValue(), late));
        }
        return new Run(date.toString(), inForce.version(), tally.bills, tally.already, Money.format(tally.total),
                tally.corrections + late.corrections + late.bills, Money.format(tally.correctionsTotal
                        .add(late.correctionsTotal).add(late.total)));
    }

    /** Settles one account's day in the caller's transaction (a run does this for each account in turn). */
    public Run settleOne(Connection c, RuleSet rules, String accountId, LocalDate date) throws SQLException {
        Tally tally = new Tally();
        settleAccount(c, rules, Rules.fixed(rules), accountId, date, tally);
        return new Run(date.toString(), rules.version(), tally.bills, tally.already, Money.format(tally.total),
                tally.corrections, Money.format(tally.correctionsTotal));
    }

    /** What a run did so far. */
    private static final class Tally {
        int bills, already, corrections;
        BigDecimal total = BigDecimal.ZERO, correctionsTotal = BigDecimal.ZERO;
    }

    private Void settleAccount(Connection c, RuleSet rules, Rules versions, String accountId, LocalDate date,
            Tally tally) throws SQLException {
        // The account locked (its writes wait, and refuse a settled day after), priced by the book in force that day.
        String book = AccountRecord.read(c, accountId, true, zone).priceBookOn(date);
        Map<String, Map<BillingItem, Long>> seconds = usage(c, accountId, date);
        Map<String, Billed> billed = billed(c, accountId, date);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Map<BillingItem, Long>> unsettled = new TreeMap<>();
        for (Map.Entry<String, Map<BillingItem, Long>> app : seconds.entrySet()) {
            Billed before = billed.get(app.getKey());
            if (before == null) {
                unsettled.put(app.getKey(), app.getValue());
            } else if (!correct(c, versions, accountId, date, app.getKey(), app.getValue(), before, now, tally)) {
                tally.already++;
            }
        }
        // All the account's new bills of the day in one rule session.
        Map<String, Priced> priced = price(rules, book, date, unsettled);
        for (Map.Entry<String, Map<BillingItem, Long>> app : unsettled.entrySet()) {
            Priced bill = priced.getOrDefault(app.getKey(), Priced.NOTHING);
            List<Quote.Line> lines = bill.lines();
            BigDecimal total = bill.total();
            ZonedDateTime chargedAt = date.plusDays(1).atStartOfDay(zone);
            OffsetDateTime charged = chargedAt.toOffsetDateTime();
            BigDecimal held = store.balance(c, accountId, chargedAt).max(BigDecimal.ZERO);
            try (PreparedStatement s = c.prepareStatement("insert into bill (app_id, billing_date, account_id,"
                    + " rules_version, price_book, total, paid, lines, settled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, app.getKey());
                s.setObject(2, date);
                s.setString(3, accountId);
                s.setString(4, rules.version());
                s.setString(5, book);
                s.setBigDecimal(6, total);
                s.setBigDecimal(7, total.min(held));
                s.setString(8, write(lines));
                s.setObject(9, now);
                s.executeUpdate();
            }
            charge(c, accountId, charged, total, app.getKey() + "/" + date);
            Audit.record(c, now, accountId, "settlement", "bill.settled", app.getKey() + " " + date + ": "
                    + Money.format(total) + " (rules " + rules.version() + ")", "settlement-" + date);
            tally.bills++;
            tally.total = tally.total.add(total);
        }
        Sql.update(c, "delete from settlement_due where account_id = ? and billing_date = ?", accountId, date);
        return null;
    }

    private static void charge(Connection c, String accountId, OffsetDateTime at, BigDecimal total, String reference)
            throws SQLException {
        if (total.signum() != 0) {
            Sql.update(c, "insert into money_movement (account_id, at, amount, kind, reference) values (?, ?, ?,"
                    + " 'BILL', ?)", accountId, at, total.negate(), reference);
        }
    }

    /**
     * Prices an app's settled day again, with its bill's rules version and book, and bills the difference to what its
     * bill and earlier corrections charged as a correcting bill, charged now (the balance of the past stays as it
     * was). Returns false when nothing changed.
     */
    private boolean correct(Connection c, Rules versions, String accountId, LocalDate date, String appId,
            Map<BillingItem, Long> seconds, Billed before, OffsetDateTime now, Tally tally) throws SQLException {
        Priced again = price(versions.version(before.version()), before.book(), date, Map.of(appId, seconds))
                .getOrDefault(appId, Priced.NOTHING);
        BigDecimal delta = again.total().subtract(before.total());
        List<Quote.Line> lines = difference(again.lines(), before.lines());
        if (delta.signum() == 0 && lines.isEmpty()) {
            return false;
        }
        int number = before.corrections() + 1;
        // A charge is paid from what the balance holds now; a credit (the day came to less) is returned whole.
        BigDecimal paid = delta.signum() < 0 ? delta
                : delta.min(store.balance(c, accountId, now.atZoneSameInstant(zone)).max(BigDecimal.ZERO));
        Sql.update(c, "insert into bill_correction (app_id, billing_date, correction, account_id, rules_version,"
                + " price_book, total, paid, lines, settled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", appId, date,
                number, accountId, before.version(), before.book(), delta, paid, write(lines), now);
        charge(c, accountId, now, delta, appId + "/" + date + "/correction-" + number);
        Audit.record(c, now, accountId, "settlement", "bill.corrected", appId + " " + date + ", correction " + number
                + ": " + Money.format(delta) + " (usage reported after the day was settled; rules " + before.version()
                + ")", "settlement-" + date);
        tally.corrections++;
        tally.correctionsTotal = tally.correctionsTotal.add(delta);
        return true;
    }

    /** What an app's day was billed so far: its bill and corrections, their lines summed per item. */
    private record Billed(String version, String book, BigDecimal total, List<Quote.Line> lines, int corrections) {
    }

    private Map<String, Billed> billed(Connection c, String accountId, LocalDate date) throws SQLException {
        Map<String, Billed> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select app_id, rules_version, price_book, total, lines from bill"
                + " where account_id = ? and billing_date = ?")) {
            s.setString(1, accountId);
            s.setObject(2, date);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), new Billed(r.getString(2), r.getString(3), r.getBigDecimal(4),
                            read(r.getString(5)), 0));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("select app_id, correction, total, lines from bill_correction"
                + " where account_id = ? and billing_date = ? order by app_id, correction")) {
            s.setString(1, accountId);
            s.setObject(2, date);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Billed b = out.get(r.getString(1));
                    List<Quote.Line> lines = new ArrayList<>(b.lines());
                    lines.addAll(read(r.getString(4)));
                    out.put(r.getString(1), new Billed(b.version(), b.book(), b.total().add(r.getBigDecimal(3)), lines,
                            r.getInt(2)));
                }
            }
        }
        return out;
    }

    /**
     * Line by line, what {@code now} adds to {@code before} (lines of one app and day, several per item when
     * corrections were made): seconds, minutes, amount and each adjustment; items that did not change are left out.
     */
    static List<Quote.Line> difference(List<Quote.Line> now, List<Quote.Line> before) {
        Map<List<String>, Quote.Line> sums = new LinkedHashMap<>();
        for (Quote.Line l : now) {
            sums.merge(itemOf(l), l, Settlement::plus);
        }
        for (Quote.Line l : before) {
            sums.merge(itemOf(l), negated(l), Settlement::plus);
        }
        List<Quote.Line> out = new ArrayList<>();
        for (Quote.Line l : sums.values()) {
            boolean adjusted = l.adjustments() != null
                    && l.adjustments().stream().anyMatch(a -> new BigDecimal(a.amount()).signum() != 0);
            if (l.seconds() != 0 || l.minutes() != 0 || new BigDecimal(l.amount()).signum() != 0 || adjusted) {
                out.add(l);
            }
        }
        return out;
    }

    private static List<String> itemOf(Quote.Line l) {
        return java.util.Arrays.asList(l.service(), l.category(), l.tier(), l.mode(), l.codec());
    }

    private static Quote.Line negated(Quote.Line l) {
        return new Quote.Line(l.date(), l.service(), l.category(), l.tier(), l.mode(), l.codec(), -l.seconds(),
                -l.minutes(), l.unitPrice(), Money.format(new BigDecimal(l.amount()).negate()), l.rules(),
                l.adjustments() == null ? null : l.adjustments().stream().map(a -> new LineAdjustment(a.rule(),
                        Money.format(new BigDecimal(a.amount()).negate()))).toList());
    }

    /** Two lines of one item summed; the price and rules shown are the first's (the day as it is now). */
    private static Quote.Line plus(Quote.Line a, Quote.Line b) {
        Map<String, BigDecimal> adjustments = new LinkedHashMap<>();
        for (Quote.Line l : List.of(a, b)) {
            if (l.adjustments() != null) {
                l.adjustments().forEach(x -> adjustments.merge(x.rule(), new BigDecimal(x.amount()), BigDecimal::add));
            }
        }
        return new Quote.Line(a.date(), a.service(), a.category(), a.tier(), a.mode(), a.codec(),
                a.seconds() + b.seconds(), a.minutes() + b.minutes(), a.unitPrice(),
                Money.format(new BigDecimal(a.amount()).add(new BigDecimal(b.amount()))), a.rules(),
                adjustments.isEmpty() ? null : adjustments.entrySet().stream()
                        .map(e -> new LineAdjustment(e.getKey(), Money.format(e.getValue()))).toList());
    }

    /**
     * The seconds to bill per app and item: the base minutes the deductions left postpaid (as whole minutes, 60 s
     * each) and every recording and transcoding report of the day.
     */
    private static Map<String, Map<BillingItem, Long>> usage(Connection c, String accountId, LocalDate date)
            throws SQLException {
        Map<String, Map<BillingItem, Long>> out = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("select app_id, category, tier, minutes from postpaid_day where"
                + " account_id = ? and billing_date = ?")) {
            s.setString(1, accountId);
            s.setObject(2, date);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Category category = Category.valueOf(r.getString(2));
                    BillingItem item = category == Category.UNIFIED ? BillingItem.unified(Service.BASE)
                            : new BillingItem(Service.BASE, category, r.getString(3).isEmpty() ? null : r.getString(3),
                                    null, null);
                    out.computeIfAbsent(r.getString(1), a -> new LinkedHashMap<>()).merge(item,
                            Math.multiplyExact(r.getLong(4), 60L), Math::addExact);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("select app_id, service, category, tier, mode, codec,"
                + " sum(seconds) from usage_report where account_id = ? and billing_date = ? and service <> 'BASE'"
                + " group by app_id, service, category, tier, mode, codec")) {
            s.setString(1, accountId);
            s.setObject(2, date);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    BillingItem item = new BillingItem(Service.valueOf(r.getString(2)), Category.valueOf(r.getString(3)),
                            r.getString(4), r.getString(5) == null ? null : Mode.valueOf(r.getString(5)),
                            r.getString(6) == null ? null : Codec.valueOf(r.getString(6)));
                    out.computeIfAbsent(r.getString(1), a -> new LinkedHashMap<>()).merge(item, r.getLong(7),
                            Math::addExact);
                }
            }
        }
        // Apps whose base usage packages covered entirely still get their (empty) bill: the day is settled.
        try (PreparedStatement s = c.prepareStatement("select distinct app_id from usage_report where account_id = ?"
                + " and billing_date = ?")) {
            s.setString(1, accountId);
            s.setObject(2, date);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), a -> new LinkedHashMap<>());
                }
            }
        }
        return out;
    }

    /**
     * One rule session: the day's items of each app, priced and settled through the one path from usage to money
     * ({@link Settler}), as quote lines per app.
     */
    Map<String, Priced> price(RuleSet rules, String book, LocalDate date,
            Map<String, Map<BillingItem, Long>> seconds) {
        List<ItemUsage> usage = new ArrayList<>();
        seconds.forEach((app, items) -> items.forEach((item, s) -> usage.add(new ItemUsage(date, app, item, s))));
        Map<String, Priced> bills = new HashMap<>();
        for (Settler.Line l : Settler.settle(rules, budget, book, usage, null, null).lines()) {
            bills.merge(l.appId(), new Priced(List.of(Quote.Line.of(l)), l.charged()), Priced::plus);
        }
        return bills;
    }

    /** One app's bill: its settled lines and what they come to, exact. */
    record Priced(List<Quote.Line> lines, BigDecimal total) {
        static final Priced NOTHING = new Priced(List.of(), BigDecimal.ZERO);

        Priced plus(Priced more) {
            List<Quote.Line> all = new ArrayList<>(lines);
            all.addAll(more.lines);
            return new Priced(all, total.add(more.total));
        }
    }

    /** A bill priced again from what was stored: its seconds per item, its price book and its rules version. */
    public record Repriced(@Schema(format = "date") String date, String appId, String rulesVersion,
            @Schema(description = MONEY, pattern = DECIMAL) String storedTotal,
            @Schema(description = MONEY, pattern = DECIMAL) String repricedTotal, boolean same,
            List<Quote.Line> lines) {
    }

    /**
     * Prices a stored bill again with the rule set it names ({@code rules}, looked up by the caller from its
     * rulesVersion): the same figures, or a difference shown line by line.
     */
    public Repriced reprice(Connection c, java.util.function.Function<String, RuleSet> versions, String accountId,
            String appId, LocalDate date) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select rules_version, price_book, total, lines from bill where"
                + " account_id = ? and app_id = ? and billing_date = ?")) {
            s.setString(1, accountId);
            s.setString(2, appId);
            s.setObject(3, date);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new rtc.pricing.problem.NotFoundException("no bill of app \"" + appId + "\" on " + date);
                }
                String version = r.getString(1);
                RuleSet rules = versions.apply(version);
                Map<BillingItem, Long> seconds = new LinkedHashMap<>();
                for (Quote.Line l : read(r.getString(4))) {
                    seconds.put(new BillingItem(Service.valueOf(l.service()), Category.valueOf(l.category()), l.tier(),
                            l.mode() == null ? null : Mode.valueOf(l.mode()),
                            l.codec() == null ? null : Codec.valueOf(l.codec())), l.seconds());
                }
                Priced bill = price(rules, r.getString(2), date, Map.of(appId, seconds))
                        .getOrDefault(appId, Priced.NOTHING);
                List<Quote.Line> lines = bill.lines();
                BigDecimal total = bill.total();
                BigDecimal stored = r.getBigDecimal(3);
                return new Repriced(date.toString(), appId, version, Money.format(stored), Money.format(total),
                        stored.compareTo(total) == 0, lines);
            }
        }
    }

    /** The account's bills from {@code from} to {@code to}, each followed by its corrections, with what was paid. */
    public List<Bill> bills(Connection c, String accountId, LocalDate from, LocalDate to) throws SQLException {
        List<Bill> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select billing_date, app_id, lines, total, rules_version, paid,"
                + " 0 as correction from bill where account_id = ? and billing_date between ? and ? union all select"
                + " billing_date, app_id, lines, total, rules_version, paid, correction from bill_correction where"
                + " account_id = ? and billing_date between ? and ? order by 1, 2, 7")) {
            for (int i = 0; i < 2; i++) {
                s.setString(3 * i + 1, accountId);
                s.setObject(3 * i + 2, from);
                s.setObject(3 * i + 3, to);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    BigDecimal total = r.getBigDecimal(4);
                    out.add(new Bill(r.getObject(1, LocalDate.class).toString(), r.getString(2), read(r.getString(3)),
                            Money.format(total), Money.format(r.getBigDecimal(6)), r.getString(5), r.getInt(7)));
                }
            }
        }
        return out;
    }

    private String write(List<Quote.Line> lines) {
        try {
            return json.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Quote.Line> read(String text) {
        try {
            return List.of(json.readValue(text, Quote.Line[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
