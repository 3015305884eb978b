package rtc.pricing.settle;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.Adjustment;
import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.ChosenPriceBook;
import rtc.pricing.facts.ItemUsage;
import rtc.pricing.facts.SettlementLine;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.rules.BudgetedSession;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.Money;

/**
 * The one path from usage to money. Every figure of money the service shows — a quote's lines and total, the
 * postpaid lines of a deduction replay, the postpaid and remainders of package advice, a ledger bill — is a day's
 * seconds of an item settled here: the price-book rules choose the price in force (a contract book over the list),
 * {@code settlement.drl} rounds to whole minutes and computes the amount, promotion rules adjust it. Java only
 * inserts the usage and the price rows it may need, and checks what the rules concluded: each usage settled exactly
 * once, every adjustment of a settled line, nothing negative. Totals are exact sums of what the rules settled.
 */
public final class Settler {

    private static final BigDecimal SECONDS_PER_THOUSAND_MINUTES = BigDecimal.valueOf(60_000);

    private Settler() {
    }

    /** One settled line: the rules' {@link SettlementLine} and the adjustments of it, by rule name. */
    public record Line(SettlementLine settled, List<Adjustment> adjustments) {

        public LocalDate date() {
            return settled.date();
        }

        public String appId() {
            return settled.appId();
        }

        public BillingItem item() {
            return settled.item();
        }

        /**
         * The share of {@code seconds} of the line's usage (an explanation; the line is what is billed): seconds × the
         * unit price / 60,000, plus that share of each adjustment (pro rata of seconds), half-up to 8 places — exact
         * for whole minutes without adjustments (api.md, attribution).
         */
        public BigDecimal shareOf(long seconds) {
            BigDecimal s = BigDecimal.valueOf(seconds);
            BigDecimal share = settled.unitPrice().multiply(s).divide(SECONDS_PER_THOUSAND_MINUTES,
                    MathContext.DECIMAL128);
            if (settled.seconds() != 0) {
                for (Adjustment a : adjustments) {
                    share = share.add(a.amount().multiply(s).divide(BigDecimal.valueOf(settled.seconds()),
                            MathContext.DECIMAL128));
                }
            }
            return share.setScale(8, RoundingMode.HALF_UP);
        }

        /** What the line comes to: its amount plus its adjustments, exact. */
        public BigDecimal charged() {
            BigDecimal charged = settled.amount();
            for (Adjustment a : adjustments) {
                charged = charged.add(a.amount());
            }
            return charged;
        }
    }

    /** The settled lines, by date, app and price-list order of the item, and their exact total. */
    public record Settled(List<Line> lines, BigDecimal total) {

        public static final Settled NOTHING = new Settled(List.of(), BigDecimal.ZERO);

        /** The line of one day, app and item, or null. */
        public Line line(LocalDate date, String appId, BillingItem item) {
            for (Line l : lines) {
                if (l.date().equals(date) && Objects.equals(l.appId(), appId) && l.item().equals(item)) {
                    return l;
                }
            }
            return null;
        }

        public String totalText() {
            return Money.format(total);
        }
    }

    /** Settles {@code usage} priced by {@code book} (null: list prices) in a rule session of its own. */
    public static Settled settle(RuleSet rules, RuleBudget budget, String book, Collection<ItemUsage> usage,
            Consumer<String> firedRules, Function<ItemUsage, RuntimeException> unpriced) {
        if (usage.isEmpty()) {
            return Settled.NOTHING;
        }
        RuleCatalogue catalogue = RuleCatalogue.of(rules, budget);
        try (BudgetedSession session = rules.newSession(budget, firedRules)) {
            return settle(session, catalogue, book, usage, unpriced);
        }
    }

    /**
     * Settles {@code usage} in the caller's session (a quote's, whose first phase decided what its usage bills).
     * {@code usage} holds one entry per day, app and item. {@code unpriced} says what it means when no rule prices a
     * usage (null: a defect of the rules); the caller has checked that {@code book} is one the rules state.
     */
    public static Settled settle(BudgetedSession session, RuleCatalogue catalogue, String book,
            Collection<ItemUsage> usage, Function<ItemUsage, RuntimeException> unpriced) {
        if (usage.isEmpty()) {
            return Settled.NOTHING;
        }
        Map<Key, ItemUsage> asked = new HashMap<>();
        Set<BillingItem> items = new LinkedHashSet<>();
        for (ItemUsage u : usage) {
            if (u.seconds() < 0) {
                throw new IllegalArgumentException("negative seconds to settle: " + u);
            }
            Math.addExact(u.seconds(), 59L); // the settlement rounds up to whole minutes: (seconds + 59) / 60
            if (asked.put(Key.of(u), u) != null) {
                throw new IllegalArgumentException("the same day, app and item twice: " + u);
            }
            items.add(u.item());
        }
        if (book != null) {
            session.insert(new ChosenPriceBook(book));
        }
        // The list and chosen book rows of the items used: the rules take the one that applies on each day.
        items.stream().flatMap(i -> catalogue.rows(i).stream())
                .filter(p -> p.book() == null || p.book().equals(book)).forEach(session::insert);
        usage.forEach(session::insert);
        session.fire();

        Map<Key, SettlementLine> settled = new HashMap<>();
        for (SettlementLine l : session.facts(SettlementLine.class)) {
            Key key = Key.of(l);
            if (!asked.containsKey(key)) {
                throw new RulesDefectException("settled " + describe(key) + ", which was not used");
            }
            if (settled.put(key, l) != null) {
                throw new RulesDefectException("settled " + describe(key) + " twice");
            }
            if (l.seconds() < 0 || l.minutes() < 0 || l.amount().signum() < 0) {
                throw new RulesDefectException("settled a negative figure for " + describe(key) + ": " + l.seconds()
                        + " s, " + l.minutes() + " min, amount " + l.amount());
            }
        }
        for (Map.Entry<Key, ItemUsage> a : asked.entrySet()) {
            if (!settled.containsKey(a.getKey())) {
                if (unpriced != null) {
                    throw unpriced.apply(a.getValue());
                }
                throw new RulesDefectException("no settlement for " + describe(a.getKey())
                        + (catalogue.price(a.getKey().item(), a.getKey().date()) != null ? ""
                                : ": no rule gives its price on that day"));
            }
        }
        Map<Key, List<Adjustment>> adjusted = new HashMap<>();
        for (Adjustment a : session.facts(Adjustment.class)) {
            Key key = new Key(a.date(), a.appId(), a.item());
            if (!settled.containsKey(key)) {
                throw new RulesDefectException("rule \"" + a.rule() + "\" adjusts " + describe(key)
                        + ", which settled nothing");
            }
            adjusted.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }

        Comparator<BillingItem> itemOrder = catalogue.itemOrder();
        List<Line> lines = new ArrayList<>(settled.size());
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<Key, SettlementLine> e : settled.entrySet()) {
            List<Adjustment> changes = adjusted.getOrDefault(e.getKey(), List.of());
            if (changes.size() > 1) {
                changes.sort(Comparator.comparing(Adjustment::rule));
            }
            Line line = new Line(e.getValue(), List.copyOf(changes));
            BigDecimal charged = line.charged();
            if (charged.signum() < 0) {
                throw new RulesDefectException("the adjustments of " + describe(e.getKey()) + " take it below zero: "
                        + Money.format(charged));
            }
            total = total.add(charged);
            lines.add(line);
        }
        lines.sort(Comparator.comparing(Line::date)
                .thenComparing(Line::appId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Line::item, itemOrder.thenComparing(i -> String.valueOf(i.tier()))));
        return new Settled(List.copyOf(lines), total);
    }

    private static String describe(Key key) {
        return key.item() + " on " + key.date() + (key.appId() == null ? "" : " of app " + key.appId());
    }

    /** The grain of settlement: one day, app and item. */
    private record Key(LocalDate date, String appId, BillingItem item) {
        static Key of(ItemUsage u) {
            return new Key(u.date(), u.appId(), u.item());
        }

        static Key of(SettlementLine l) {
            return new Key(l.date(), l.appId(), l.item());
        }
    }
}
