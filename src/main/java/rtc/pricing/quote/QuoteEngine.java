package rtc.pricing.quote;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Category;
import rtc.pricing.facts.Charge;
import rtc.pricing.facts.ItemUsage;
import rtc.pricing.facts.Service;
import rtc.pricing.facts.TierOf;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.rules.BudgetedSession;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.Money;
import rtc.pricing.settle.Settler;

/**
 * Prices a validated request with one rule set. Java measures (the sweep) and sums; every decision — tier,
 * audio or video, what a kind of usage bills, the price, the daily settlement — is taken by the rules:
 * <ol>
 * <li>the sweep reduces timelines to seconds per usage kind (a few distinct kinds per quote, whatever its size);</li>
 * <li>one rule session classifies the resolutions and decides the charges of every distinct kind (the price
 * list is read once per rule set and kept with it);</li>
 * <li>the charged seconds are summed per billing day and item (and per user or input, for attribution);</li>
 * <li>the same session settles each day's items into lines.</li>
 * </ol>
 * Rule work is thus proportional to the number of distinct kinds, not to the number of users or intervals.
 */
public final class QuoteEngine {

    /** Told what the rule sessions of each quote did (for metrics). */
    public interface Observer {
        /** How long a quote spent in its rule session. */
        void ruleNanos(long nanos);

        /** A quote's rule session was stopped by its budget ({@code firings} or {@code deadline}). */
        default void budgetExceeded(String limit) {
        }
    }

    private final ZoneId billingZone;
    private final RuleBudget budget;
    private final Observer observer;

    /**
     * @param billingZone the zone whose calendar days are billing days
     * @param budget the work one quote's rule session may do
     * @param observer told how long each quote spent in rule sessions, and of budget stops
     */
    public QuoteEngine(ZoneId billingZone, RuleBudget budget, Observer observer) {
        this.billingZone = billingZone;
        this.budget = budget;
        this.observer = observer;
    }

    /** With the default rule budget. */
    public QuoteEngine(ZoneId billingZone, LongConsumer ruleNanos) {
        this(billingZone, RuleBudget.DEFAULT, ruleNanos::accept);
    }

    public RuleBudget budget() {
        return budget;
    }

    public Quote quote(QuoteInput input, RuleSet rules) {
        return quote(input, rules, null);
    }

    /** As {@link #quote(QuoteInput, RuleSet)}, telling {@code firedRules} every rule that fires (gate coverage). */
    public Quote quote(QuoteInput input, RuleSet rules, Consumer<String> firedRules) {
        MeasuredUsage usage = UsageSweep.measure(input, new BillingCalendar(billingZone));
        long started = System.nanoTime();
        RuleCatalogue catalogue = RuleCatalogue.of(rules, budget);
        // Every input check before the first rule fires: the book must be one the rules state.
        if (input.priceBook() != null && !catalogue.books().contains(input.priceBook())) {
            throw new InputException("/priceBook", "unknown price book '" + input.priceBook() + "'; the rules state "
                    + catalogue.books());
        }
        try (BudgetedSession session = rules.newSession(budget, firedRules)) {
            Set<Object> kinds = new HashSet<>();
            usage.tallies.keySet().forEach(k -> kinds.add(k.kind()));
            catalogue.tiers().forEach(session::insert);
            usage.formatUses.keySet().forEach(session::insert);
            kinds.forEach(session::insert);
            session.fire();

            checkTiers(usage, session.facts(TierOf.class));
            Map<Object, List<Charge>> charges = new HashMap<>();
            for (Charge c : session.facts(Charge.class)) {
                charges.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
            }
            checkCodecs(usage, charges);

            Map<EntryKey, Entry> entries = new HashMap<>();
            Map<DayItem, long[]> dayItems = new HashMap<>();
            usage.tallies.forEach((key, tally) -> {
                for (Charge charge : charges.getOrDefault(key.kind(), List.of())) {
                    // Overflow-checked (ArithmeticException, a 500 problem): never a wrapped, negative figure.
                    long seconds = Math.multiplyExact(tally.seconds, (long) charge.units());
                    EntryKey ek = new EntryKey(key, charge.item());
                    entries.computeIfAbsent(ek, k -> new Entry()).add(seconds, charge.rules(), tally.streams);
                    long[] day = dayItems.computeIfAbsent(new DayItem(key.date(), charge.item()), k -> new long[1]);
                    day[0] = Math.addExact(day[0], seconds);
                }
            });

            // The same session settles each day's items: the one path from usage to money.
            List<ItemUsage> dayUsage = new ArrayList<>(dayItems.size());
            dayItems.forEach((di, seconds) -> dayUsage.add(new ItemUsage(di.date(), input.appId(), di.item(),
                    seconds[0])));
            Settler.Settled settled = Settler.settle(session, catalogue, input.priceBook(), dayUsage, null);
            observer.ruleNanos(System.nanoTime() - started);
            return answer(rules, settled, entries, catalogue, input.warnings());
        } catch (RuleBudgetExceededException e) {
            observer.budgetExceeded(e.limit());
            throw e;
        }
    }

    private record DayItem(LocalDate date, BillingItem item) {
    }

    /** Attribution grain: the usage key with the billed item in place of the kind (kinds may share an item). */
    private record EntryKey(LocalDate date, Service service, String roomId, String taskId, String userId,
            String streamId, BillingItem item) {
        EntryKey(UsageKey key, BillingItem item) {
            this(key.date(), key.service(), key.roomId(), key.taskId(), key.userId(), key.streamId(), item);
        }

        static Comparator<EntryKey> order(Comparator<BillingItem> itemOrder) {
            return Comparator.comparing(EntryKey::date)
                .thenComparing(EntryKey::service)
                .thenComparing(EntryKey::roomId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(EntryKey::taskId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(EntryKey::userId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(EntryKey::streamId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(EntryKey::item, itemOrder);
        }
    }

    /** Seconds and explanation of one attribution entry; sets are made only when kinds with other rules meet. */
    private static final class Entry {
        long seconds;
        Collection<String> rules;
        Set<String> streams;

        void add(long more, List<String> ruleNames, Set<String> moreStreams) {
            seconds = Math.addExact(seconds, more);
            if (rules == null) {
                rules = ruleNames;
            } else if (!rules.equals(ruleNames)) {
                if (!(rules instanceof LinkedHashSet)) {
                    rules = new LinkedHashSet<>(rules);
                }
                rules.addAll(ruleNames);
            }
            if (moreStreams != null) {
                if (streams == null) {
                    streams = new TreeSet<>();
                }
                streams.addAll(moreStreams);
            }
        }
    }

    /** Every resolution in the request needs exactly one tier; none is an input error naming its fields. */
    private static void checkTiers(MeasuredUsage usage, Collection<TierOf> tiers) {
        Map<VideoFormat, List<TierOf>> byFormat = new HashMap<>();
        tiers.forEach(t -> byFormat.computeIfAbsent(t.format(), f -> new ArrayList<>()).add(t));
        List<FieldError> errors = new ArrayList<>();
        usage.formatUses.forEach((format, pointers) -> {
            List<TierOf> found = byFormat.getOrDefault(format, List.of());
            if (found.isEmpty()) {
                for (String p : pointers) {
                    errors.add(new FieldError(p, "resolution " + format + " (" + format.area()
                            + " pixels) is outside every video tier: no tier rule classifies it"));
                }
            } else if (found.size() > 1) {
                throw new RulesDefectException("the tier rules put " + format + " in several tiers: "
                        + found.stream().map(t -> t.tier() + " (rule \"" + t.rule() + "\")").toList());
            }
        });
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
    }

    /**
     * Transcoded video is priced by the output codec; an audio-only output may omit it, unless the rules
     * charge video for the task (from 2022-06-01, its video inputs).
     */
    private static void checkCodecs(MeasuredUsage usage, Map<Object, List<Charge>> charges) {
        Set<String> pointers = new TreeSet<>();
        usage.tallies.keySet().forEach(key -> charges.getOrDefault(key.kind(), List.of()).stream()
                .filter(c -> c.item().service() == Service.TRANSCODING && c.item().category() == Category.VIDEO
                        && c.item().codec() == null)
                .forEach(c -> pointers.add(usage.taskPointers.get(key.taskId()) + "/codec")));
        if (!pointers.isEmpty()) {
            throw new InputException(pointers.stream().map(p -> new FieldError(p,
                    "is required: this task's video inputs are priced by the output codec")).toList());
        }
    }

    private Quote answer(RuleSet rules, Settler.Settled settled, Map<EntryKey, Entry> entries,
            RuleCatalogue catalogue, List<String> warnings) {
        Comparator<BillingItem> itemOrder = catalogue.itemOrder();
        Map<DayItem, Settler.Line> lineByItem = new HashMap<>();
        List<Quote.Line> lines = new ArrayList<>(settled.lines().size());
        Map<BillingItem, List<Settler.Line>> byItem = new java.util.TreeMap<>(
                itemOrder.thenComparing(i -> String.valueOf(i.tier()))); // a tier the catalogue lacks: still apart
        for (Settler.Line l : settled.lines()) {
            lineByItem.put(new DayItem(l.date(), l.item()), l);
            lines.add(Quote.Line.of(l));
            byItem.computeIfAbsent(l.item(), k -> new ArrayList<>()).add(l);
        }

        List<Map.Entry<EntryKey, Entry>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort(Map.Entry.comparingByKey(EntryKey.order(itemOrder)));
        List<Quote.Attribution> attribution = new ArrayList<>(sorted.size());
        for (Map.Entry<EntryKey, Entry> e : sorted) {
            // Derived from the settled line: its unit price and the rules that priced it, price book included.
            EntryKey key = e.getKey();
            DayItem di = new DayItem(key.date(), key.item());
            Settler.Line line = lineByItem.get(di);
            attribution.add(attribution(key, e.getValue(), line));
        }
        return new Quote("CNY", rules.version(), settled.totalText(), lines, attribution, List.copyOf(warnings),
                items(byItem));
    }

    /** Each billing item's settled lines summed (amounts with their adjustments), in price-list order. */
    private static List<Quote.Item> items(Map<BillingItem, List<Settler.Line>> byItem) {
        List<Quote.Item> items = new ArrayList<>(byItem.size());
        byItem.forEach((item, of) -> {
            long seconds = 0;
            long minutes = 0;
            BigDecimal amount = BigDecimal.ZERO;
            BigDecimal unitPrice = of.get(0).settled().unitPrice();
            for (Settler.Line l : of) {
                seconds = Math.addExact(seconds, l.settled().seconds());
                minutes = Math.addExact(minutes, l.settled().minutes());
                amount = amount.add(l.charged());
                if (unitPrice != null && unitPrice.compareTo(l.settled().unitPrice()) != 0) {
                    unitPrice = null;
                }
            }
            items.add(new Quote.Item(item.service().name(), item.category().name(), item.tier(),
                    item.mode() == null ? null : item.mode().name(), item.codec() == null ? null : item.codec().name(),
                    of.size(), seconds, minutes, unitPrice == null ? null : Money.format(unitPrice),
                    Money.format(amount)));
        });
        return items;
    }

    private static Quote.Attribution attribution(EntryKey key, Entry entry, Settler.Line line) {
        BillingItem item = key.item();
        List<String> ruleNames = new ArrayList<>(entry.rules);
        ruleNames.addAll(line.settled().priceRules());
        if (line.settled().seconds() != 0) {
            line.adjustments().forEach(a -> ruleNames.add(a.rule()));
        }
        return new Quote.Attribution(key.date().toString(), item.service().name(), key.roomId(), key.userId(),
                key.taskId(), item.category().name(), item.tier(),
                item.mode() == null ? null : item.mode().name(), item.codec() == null ? null : item.codec().name(),
                key.streamId(), entry.streams == null ? null : List.copyOf(entry.streams), entry.seconds,
                Money.format(line.shareOf(entry.seconds)), ruleNames);
    }
}
