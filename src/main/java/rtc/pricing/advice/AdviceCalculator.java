package rtc.pricing.advice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import rtc.pricing.facts.BillingItem;

/**
 * The arithmetic of package advice, without rules: given a month's base-service minutes (each with its general
 * ratio and list price, both read from the rules by {@link PackageAdvice}) and the packages for sale, the
 * candidate purchases and what each costs. Exact decimals throughout; nothing is rounded here: package prices come
 * rounded from the rules, and what minutes left postpaid come to is asked of {@link Postpaid} (in service, the
 * settlement rules through the one path from usage to money, promotions included).
 *
 * <p>Candidates, bounded whatever the usage (≤ 1 + 3k + k(k+1)/2 for k fixed sizes, 19 with four):
 * postpaid only; one fixed package; one custom package of ⌊G/1000⌋ or ⌈G/1000⌉ thousand minutes (G the general
 * minutes needed); two fixed packages, when neither alone covers G; a fixed package plus a custom one of
 * ⌊R/1000⌋ or ⌈R/1000⌉ for the rest R, when the fixed one alone does not cover G. A second package when one
 * already covers G could only add unused minutes, so it is never considered.
 */
public final class AdviceCalculator {

    private AdviceCalculator() {
    }

    /**
     * Base-service minutes of one item on one billing day: a general package takes {@code ratio} package minutes
     * for each whole usage minute ({@code ratio} 0: general packages do not cover it); postpaid, each costs
     * {@code unitPrice} per 1,000 minutes. {@code rank}: the item's place in the price list (ties).
     */
    public record Demand(LocalDate date, BillingItem item, int rank, long minutes, int ratio, BigDecimal unitPrice) {

        long generalMinutes() {
            return Math.multiplyExact(minutes, (long) ratio);
        }
    }

    /** What some of the demand's minutes come to postpaid ({@code minutes}: per demand, only those above 0). */
    @FunctionalInterface
    public interface Postpaid {
        BigDecimal of(Map<Demand, Long> minutes);
    }

    /** A package for sale: FIXED or CUSTOM, its size in thousand minutes and its price (CNY). */
    public record Offer(String kind, long thousandMinutes, BigDecimal price) {

        long minutes() {
            return Math.multiplyExact(thousandMinutes, 1000L);
        }
    }

    /** One way to pay for the month: the packages bought (none: postpaid only) and what it comes to. */
    public record Option(List<Offer> packages, BigDecimal packagePrice, BigDecimal postpaidRemainder,
            BigDecimal total, long unusedMinutes, BigDecimal saving) {
    }

    /** The answer: general minutes needed, the postpaid price of the month, the options ranked. */
    public record Result(long generalMinutes, BigDecimal postpaid, List<Option> options) {
    }

    /**
     * Which minutes a package covers first, when it cannot cover them all: those it saves most on, i.e. the
     * highest list price per package minute (price ÷ ratio); on a tie the larger ratio (so the minutes of a
     * smaller ratio fill the package minutes a larger one leaves, whole usage minutes only); then the earlier
     * day, then price-list order. Deterministic; minutes no general package covers come last and stay postpaid.
     */
    static final Comparator<Demand> COVER_ORDER = (a, b) -> {
        if ((a.ratio() == 0) != (b.ratio() == 0)) {
            return a.ratio() == 0 ? 1 : -1;
        }
        int c = a.ratio() == 0 ? 0 // a / ra > b / rb ⇔ a × rb > b × ra: compared exactly, no division
                : b.unitPrice().multiply(BigDecimal.valueOf(a.ratio()))
                        .compareTo(a.unitPrice().multiply(BigDecimal.valueOf(b.ratio())));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(b.ratio(), a.ratio());
        if (c != 0) {
            return c;
        }
        c = a.date().compareTo(b.date());
        return c != 0 ? c : Integer.compare(a.rank(), b.rank());
    };

    /** Ranking: the cheapest total first; then fewer unused minutes, fewer packages, the cheaper packages. */
    static final Comparator<Option> RANK = Comparator.comparing(Option::total)
            .thenComparingLong(Option::unusedMinutes)
            .thenComparingInt(o -> o.packages().size())
            .thenComparing(Option::packagePrice)
            .thenComparing(o -> o.packages().toString());

    /**
     * @param demand the month's minutes per item and day
     * @param fixed the fixed packages for sale
     * @param custom the price of a custom package of so many thousand minutes, as the rules state it
     * @param maxCustom the largest custom size sold, in thousand minutes
     * @param limit how many options to answer (≥ 1); postpaid only is always one of them
     * @param priced what minutes left postpaid come to
     */
    public static Result advise(List<Demand> demand, List<Offer> fixed, LongFunction<Offer> custom, long maxCustom,
            int limit, Postpaid priced) {
        List<Demand> order = demand.stream().filter(d -> d.minutes() > 0).sorted(COVER_ORDER).toList();
        long general = 0;
        for (Demand d : order) {
            general = Math.addExact(general, d.generalMinutes());
        }
        // Options often leave the same minutes uncovered (none, when they cover all): each remainder priced once.
        Map<Map<Demand, Long>, BigDecimal> remainders = new HashMap<>();
        Postpaid once = m -> remainders.computeIfAbsent(m, priced::of);
        BigDecimal postpaid = option(List.of(), order, BigDecimal.ZERO, once).postpaidRemainder();
        List<List<Offer>> candidates = new ArrayList<>();
        candidates.add(List.of());
        if (general > 0) {
            Map<Long, Offer> customs = new HashMap<>();
            LongFunction<Offer> customOf = size -> customs.computeIfAbsent(size, custom::apply);
            List<Offer> sizes = fixed.stream().sorted(Comparator.comparingLong(Offer::thousandMinutes)).toList();
            for (Offer f : sizes) {
                candidates.add(List.of(f));
            }
            for (long size : thousands(general, sizes, maxCustom)) {
                candidates.add(List.of(customOf.apply(size)));
            }
            for (int i = 0; i < sizes.size(); i++) {
                Offer first = sizes.get(i);
                if (first.minutes() >= general) {
                    continue; // covers it alone: a second package adds unused minutes only
                }
                for (int j = i; j < sizes.size(); j++) {
                    if (sizes.get(j).minutes() < general) {
                        candidates.add(List.of(first, sizes.get(j)));
                    }
                }
                for (long size : thousands(general - first.minutes(), sizes, maxCustom)) {
                    candidates.add(List.of(first, customOf.apply(size)));
                }
            }
        }
        List<Option> options = new ArrayList<>();
        for (List<Offer> c : candidates) {
            options.add(option(c, order, postpaid, once));
        }
        options.sort(RANK);
        List<Option> top = new ArrayList<>(options.subList(0, Math.min(limit, options.size())));
        if (top.stream().noneMatch(o -> o.packages().isEmpty())) {
            top.set(top.size() - 1, options.stream().filter(o -> o.packages().isEmpty()).findFirst().orElseThrow());
        }
        return new Result(general, postpaid, List.copyOf(top));
    }

    /** What buying {@code packages} comes to: their price plus what they leave uncovered comes to postpaid. */
    static Option option(List<Offer> packages, List<Demand> order, BigDecimal postpaid, Postpaid priced) {
        long left = 0;
        BigDecimal price = BigDecimal.ZERO;
        for (Offer p : packages) {
            left = Math.addExact(left, p.minutes());
            price = price.add(p.price());
        }
        Map<Demand, Long> uncovered = new HashMap<>();
        for (Demand d : order) {
            long covered = d.ratio() == 0 ? 0 : Math.min(d.minutes(), left / d.ratio()); // whole usage minutes only
            left -= covered * d.ratio();
            if (d.minutes() > covered) {
                uncovered.put(d, d.minutes() - covered);
            }
        }
        BigDecimal remainder = uncovered.isEmpty() ? BigDecimal.ZERO : priced.of(uncovered);
        BigDecimal total = price.add(remainder);
        return new Option(List.copyOf(packages), price, remainder, total, left, postpaid.subtract(total));
    }

    /**
     * The custom sizes worth pricing for {@code minutes} general minutes: the whole thousands just below (the
     * rest postpaid) and just above (some minutes unused), from 1 to {@code max}, that are not a fixed size
     * (a fixed size is sold as the fixed package, already a candidate).
     */
    static List<Long> thousands(long minutes, List<Offer> fixed, long max) {
        List<Long> sizes = new ArrayList<>(2);
        long floor = minutes / 1000;
        long ceil = floor + (minutes % 1000 == 0 ? 0 : 1);
        for (long s : new long[] {floor, ceil}) {
            if (s >= 1 && s <= max && !sizes.contains(s) && fixed.stream().noneMatch(f -> f.thousandMinutes() == s)) {
                sizes.add(s);
            }
        }
        return sizes;
    }
}
