package rtc.pricing.advice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Category;
import rtc.pricing.facts.ItemUsage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.Service;
import rtc.pricing.packages.PackagePrices;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.quote.Quote;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.Money;
import rtc.pricing.settle.Settler;

/**
 * POST /v1/package-advice: which general package to buy for a month of base-service usage. Everything priced
 * comes from the rule set: the general ratios ({@code DeductionRatio}, packages.drl), the list price in force on
 * each billing day (price-books.drl choosing among base-service.drl's rows), the fixed packages and the custom
 * prices (package-prices.drl through {@link PackagePrices}); in the quote form the minutes themselves come from
 * the quote engine's base-service lines. Java sums and compares ({@link AdviceCalculator}).
 *
 * <p>Validity needs no check: a package is valid until the end of the same month next year, so it covers any
 * month of usage (a quote spans at most 32 days). A package covers whole usage minutes only.
 */
public final class PackageAdvice {

    /** Options answered, the cheapest first (api.md). */
    public static final int MAX_OPTIONS = 10;

    private final QuoteEngine quotes;
    private final PackagePrices prices;
    private final RuleBudget budget;

    public PackageAdvice(QuoteEngine quotes, PackagePrices prices, RuleBudget budget) {
        this.quotes = quotes;
        this.prices = prices;
        this.budget = budget;
    }

    /** The advice for {@code request} with {@code rules}; {@code fired} (may be null) hears every rule that fires. */
    public Advice advise(AdviceRequest request, RuleSet rules, Consumer<String> fired) {
        RuleCatalogue catalogue = RuleCatalogue.of(rules, budget);
        Map<Key, Long> minutes = request.quoteForm() ? fromQuote(request, rules, fired)
                : fromUsage(request, catalogue);
        // The quote's app, so an app's promotion applies to its month here as in the quote and its bills.
        String appId = request.quoteForm() ? request.quote().appId() : null;
        Settler.Settled month = settle(minutes, appId, rules, fired);

        List<BillingItem> order = minutes.keySet().stream().map(Key::item).distinct()
                .sorted(catalogue.itemOrder()).toList();
        List<AdviceCalculator.Demand> demand = new ArrayList<>();
        // The unit price in force orders what a too-small package covers first (its saving per package minute).
        minutes.forEach((k, m) -> demand.add(new AdviceCalculator.Demand(k.date(), k.item(), order.indexOf(k.item()),
                m, catalogue.ratio(PackageKind.GENERAL, k.item()),
                month.line(k.date(), appId, k.item()).settled().unitPrice())));

        List<AdviceCalculator.Offer> fixed = prices.catalogue(rules).fixed().stream()
                .map(f -> new AdviceCalculator.Offer("FIXED", f.thousandMinutes(), new BigDecimal(f.price())))
                .toList();
        AdviceCalculator.Result result = AdviceCalculator.advise(demand, fixed, size -> {
            PackagePrices.Answer a = prices.price(rules, BigDecimal.valueOf(size), fired);
            return new AdviceCalculator.Offer(a.kind(), size, new BigDecimal(a.price()));
        }, PackagePrices.MAX_THOUSAND_MINUTES.longValueExact(), MAX_OPTIONS, left -> {
            Map<Key, Long> uncovered = new HashMap<>();
            left.forEach((d, m) -> uncovered.put(new Key(d.date(), d.item()), m));
            return settle(uncovered, appId, rules, fired).total();
        });

        return new Advice(result.generalMinutes(), Money.format(result.postpaid()),
                result.options().stream().map(PackageAdvice::option).toList(), items(order, demand, month, appId),
                request.quoteForm() ? null : request.date().toString(), rules.version());
    }

    /** Whole usage minutes settled at list prices through the one path from usage to money (60 s each). */
    private Settler.Settled settle(Map<Key, Long> minutes, String appId, RuleSet rules, Consumer<String> fired) {
        List<ItemUsage> usage = new ArrayList<>(minutes.size());
        minutes.forEach((k, m) -> usage.add(new ItemUsage(k.date(), appId, k.item(), Math.multiplyExact(m, 60L))));
        return Settler.settle(rules, budget, null, usage, fired, null);
    }

    /** One item's minutes on one billing day. */
    private record Key(LocalDate date, BillingItem item) {
    }

    private static Map<Key, Long> fromUsage(AdviceRequest request, RuleCatalogue catalogue) {
        List<BillingItem> base = catalogue.items().stream().filter(i -> i.service() == Service.BASE).toList();
        Map<Key, Long> minutes = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (AdviceRequest.Usage u : request.usage()) {
            BillingItem item = u.category() == Category.AUDIO ? BillingItem.audio(Service.BASE, null)
                    : BillingItem.video(Service.BASE, u.tier(), null, null);
            if (!base.contains(item)) {
                errors.add(new FieldError(u.pointer() + (u.tier() == null ? "/category" : "/tier"), "the rules price"
                        + " no base-service " + item.category() + (u.tier() == null ? "" : " tier '" + u.tier()
                                + "'") + "; they state the tiers " + catalogue.tiers().stream()
                                        .map(t -> t.name()).distinct().toList()));
                continue;
            }
            minutes.put(new Key(request.date(), item), u.minutes());
        }
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
        return minutes;
    }

    /** The quote's base-service lines: minutes per billing day and item, each day rounded as the quote bills it. */
    private Map<Key, Long> fromQuote(AdviceRequest request, RuleSet rules, Consumer<String> fired) {
        Quote quote;
        try {
            quote = quotes.quote(request.quote(), rules, fired);
        } catch (InputException e) {
            throw new InputException(e.errors().stream()
                    .map(f -> new FieldError("/quote" + f.pointer(), f.message())).toList());
        }
        Map<Key, Long> minutes = new TreeMap<>((a, b) -> a.date().compareTo(b.date()) != 0
                ? a.date().compareTo(b.date()) : a.item().toString().compareTo(b.item().toString()));
        for (Quote.Line line : quote.lines()) {
            if (!Service.BASE.name().equals(line.service())) {
                continue; // packages cover the base service only
            }
            BillingItem item = Category.AUDIO.name().equals(line.category()) ? BillingItem.audio(Service.BASE, null)
                    : BillingItem.video(Service.BASE, line.tier(), null, null);
            minutes.merge(new Key(LocalDate.parse(line.date()), item), line.minutes(), Math::addExact);
        }
        return minutes;
    }

    private static List<Advice.Item> items(List<BillingItem> order, List<AdviceCalculator.Demand> demand,
            Settler.Settled month, String appId) {
        List<Advice.Item> items = new ArrayList<>();
        for (BillingItem item : order) {
            long minutes = 0, general = 0;
            int ratio = 0;
            BigDecimal postpaid = BigDecimal.ZERO;
            for (AdviceCalculator.Demand d : demand) {
                if (d.item().equals(item)) {
                    minutes = Math.addExact(minutes, d.minutes());
                    general = Math.addExact(general, d.generalMinutes());
                    ratio = d.ratio();
                    postpaid = postpaid.add(month.line(d.date(), appId, item).charged());
                }
            }
            items.add(new Advice.Item(item.category().name(), item.tier(), minutes, ratio, general,
                    Money.format(postpaid)));
        }
        return items;
    }

    private static Advice.Option option(AdviceCalculator.Option o) {
        return new Advice.Option(o.packages().stream()
                .map(p -> new Advice.Package(p.kind(), p.thousandMinutes(), Money.format(p.price()))).toList(),
                Money.format(o.packagePrice()), Money.format(o.postpaidRemainder()), Money.format(o.total()),
                o.unusedMinutes(), Money.format(o.saving()));
    }
}
