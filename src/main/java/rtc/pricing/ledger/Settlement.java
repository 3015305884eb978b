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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Category;
import rtc.pricing.facts.Codec;
import rtc.pricing.facts.ItemUsage;
import rtc.pricing.facts.Mode;
import rtc.pricing.facts.Service;
import rtc.pricing.quote.Quote;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.Money;
import rtc.pricing.settle.Settler;

/**
 * Daily settlement (policy §3, §6): for every app with usage on a billing day, a bill of the base minutes no package
 * covered (the deductions already took the rest) and the day's recording and transcoding, each item rounded up to
 * whole minutes and priced by the rules (settlement.drl, price-books.drl with the account's book, promotions), then
 * paid from the balance. A bill exists once per app and day: settling again, or after a crash, charges nothing twice.
 */
public final class Settlement {

    /** A bill as stored and answered (GET /v1/accounts/{id}/bills). */
    public record Bill(String date, String appId, List<Quote.Line> lines, String total, String paid,
            String rulesVersion) {
    }

    /** What a settlement run did. */
    public record Run(String date, String rulesVersion, int bills, int alreadySettled, String total) {
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

    /** Settles {@code date} for every app that used the service that day, each account in its own transaction. */
    public Run settle(LedgerDatabase database, RuleSet rules, LocalDate date) {
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
        int bills = 0, already = 0;
        BigDecimal total = BigDecimal.ZERO;
        for (String account : accounts) {
            Run one = database.inWriteTransaction(c -> settleOne(c, rules, account, date));
            bills += one.bills();
            already += one.alreadySettled();
            total = total.add(new BigDecimal(one.total()));
        }
        return new Run(date.toString(), rules.version(), bills, already, Money.format(total));
    }

    /** Settles one account's day in the caller's transaction (a run does this for each account in turn). */
    public Run settleOne(Connection c, RuleSet rules, String accountId, LocalDate date) throws SQLException {
        int[] counts = new int[2];
        BigDecimal[] sum = {BigDecimal.ZERO};
        settleAccount(c, rules, accountId, date, counts, sum);
        return new Run(date.toString(), rules.version(), counts[0], counts[1], Money.format(sum[0]));
    }

    private void settleAccount(Connection c, RuleSet rules, String accountId, LocalDate date, int[] counts,
            BigDecimal[] sum) throws SQLException {
        // The account locked (its writes wait, and refuse a settled day after), priced by the book in force that day.
        String book = AccountRecord.read(c, accountId, true, zone).priceBookOn(date);
        Map<String, Map<BillingItem, Long>> seconds = usage(c, accountId, date);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Map<BillingItem, Long>> unsettled = new TreeMap<>();
        for (Map.Entry<String, Map<BillingItem, Long>> app : seconds.entrySet()) {
            if (settled(c, app.getKey(), date)) {
                counts[1]++;
            } else {
                unsettled.put(app.getKey(), app.getValue());
            }
        }
        // All the account's apps of the day in one rule session.
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
            if (total.signum() > 0) {
                try (PreparedStatement s = c.prepareStatement("insert into money_movement (account_id, at, amount,"
                        + " kind, reference) values (?, ?, ?, 'BILL', ?)")) {
                    s.setString(1, accountId);
                    s.setObject(2, charged);
                    s.setBigDecimal(3, total.negate());
                    s.setString(4, app.getKey() + "/" + date);
                    s.executeUpdate();
                }
            }
            Audit.record(c, now, accountId, "settlement", "bill.settled", app.getKey() + " " + date + ": "
                    + Money.format(total) + " (rules " + rules.version() + ")", "settlement-" + date);
            counts[0]++;
            sum[0] = sum[0].add(total);
        }
    }

    private static boolean settled(Connection c, String appId, LocalDate date) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from bill where app_id = ? and billing_date = ?")) {
            s.setString(1, appId);
            s.setObject(2, date);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
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
    public record Repriced(String date, String appId, String rulesVersion, String storedTotal, String repricedTotal,
            boolean same, List<Quote.Line> lines) {
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

    /** The account's bills from {@code from} to {@code to}, with what the balance paid of each. */
    public List<Bill> bills(Connection c, String accountId, LocalDate from, LocalDate to) throws SQLException {
        List<Bill> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select billing_date, app_id, lines, total, rules_version, paid"
                + " from bill where account_id = ? and billing_date between ? and ? order by billing_date, app_id")) {
            s.setString(1, accountId);
            s.setObject(2, from);
            s.setObject(3, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    BigDecimal total = r.getBigDecimal(4);
                    out.add(new Bill(r.getObject(1, LocalDate.class).toString(), r.getString(2), read(r.getString(3)),
                            Money.format(total), Money.format(r.getBigDecimal(6)), r.getString(5)));
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
