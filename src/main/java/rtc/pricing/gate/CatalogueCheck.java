package rtc.pricing.gate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Category;
import rtc.pricing.facts.DeductionRatio;
import rtc.pricing.facts.ItemSet;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.Price;
import rtc.pricing.facts.Stated;
import rtc.pricing.facts.Tier;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCheck;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.rules.RuleSet;

/**
 * Gate check: the catalogue the rules state is whole and consistent, as a catalogue is validated apart from
 * using it. The tiers cover every pixel area from 1 up to the largest tier's bound with no gap or overlap; every
 * item billed with those tiers has exactly one non-negative price; no price is for an item that does not exist;
 * a price rule whose name states a figure states the one it gives; and catalogue rules run only when the
 * catalogue is read, never in every quote.
 */
public final class CatalogueCheck implements RuleCheck {

    private static final Pattern NAMED_FIGURE = Pattern.compile("\\bcosts?\\s+([0-9]+(?:\\.[0-9]+)?)\\b");

    private final RuleBudget budget;

    public CatalogueCheck(RuleBudget budget) {
        this.budget = budget;
    }

    @Override
    public String name() {
        return "catalogue";
    }

    @Override
    public List<RuleProblem> check(RuleSet candidate) {
        List<RuleProblem> problems = new ArrayList<>();
        // What the catalogue rules would state in every quote, rather than once per rule set.
        RuleCatalogue unprompted = RuleCatalogue.read(candidate, budget, false);
        unprompted(candidate, unprompted.tiers().stream().map(Tier::rule), "states a tier", "Catalogue", problems);
        unprompted(candidate, unprompted.priceRows().stream().map(Price::rule), "gives a price", "PriceList", problems);
        unprompted(candidate, unprompted.stated(Stated.class).stream().map(Stated::rule), "states the catalogue",
                "Catalogue", problems);
        unprompted(candidate, unprompted.itemSets().stream().map(ItemSet::rule), "states billing items", "Catalogue",
                problems);
        RuleCatalogue catalogue = RuleCatalogue.read(candidate, budget, true);
        if (catalogue.itemSets().isEmpty()) {
            problems.add(new RuleProblem(null, 0, "the catalogue states no billing item: add a rule `when Catalogue()`"
                    + " inserting ItemSet.of(service, mode, codec, audio, videoByTier, kcontext) for each price list"));
        }
        checkTiers(candidate, catalogue.tiers(), problems);
        checkPrices(candidate, catalogue, problems);
        checkRatios(candidate, catalogue, problems);
        return problems;
    }

    private static void checkTiers(RuleSet rules, List<Tier> tiers, List<RuleProblem> problems) {
        if (tiers.isEmpty()) {
            problems.add(new RuleProblem(null, 0, "the catalogue states no video tier: add a rule `when Catalogue()`"
                    + " inserting Tier.of(name, minArea, maxArea, kcontext) for each"));
            return;
        }
        Set<String> names = new HashSet<>();
        long next = 1;
        for (Tier t : tiers) {
            if (t.name() == null || t.name().isBlank() || !names.add(t.name())) {
                problems.add(at(rules, t, "tier \"" + t.name() + "\" is stated twice or has no name"));
            }
            if (t.minArea() < 1 || t.maxArea() < t.minArea()) {
                problems.add(at(rules, t, "tier " + t.name() + " covers " + t.minArea() + "–" + t.maxArea()
                        + " pixels: an area range needs 1 ≤ min ≤ max"));
                continue;
            }
            if (t.minArea() > next) {
                problems.add(at(rules, t, "areas " + next + "–" + (t.minArea() - 1) + " pixels have no tier:"
                        + " tier " + t.name() + " starts at " + t.minArea() + "; tiers must follow each other"));
            } else if (t.minArea() < next) {
                problems.add(at(rules, t, "areas " + t.minArea() + "–" + Math.min(next - 1, t.maxArea())
                        + " pixels are in two tiers, " + t.name() + " and the tier before it"));
            }
            next = Math.max(next, t.maxArea() + 1);
        }
    }

    private static void checkPrices(RuleSet rules, RuleCatalogue catalogue, List<RuleProblem> problems) {
        Map<BillingItem, List<Price>> byItem = new LinkedHashMap<>();
        Map<String, Map<BillingItem, List<Price>>> books = new LinkedHashMap<>();
        for (Price p : catalogue.priceRows()) {
            (p.book() == null ? byItem : books.computeIfAbsent(p.book(), b -> new LinkedHashMap<>()))
                    .computeIfAbsent(p.item(), k -> new ArrayList<>()).add(p);
            Matcher named = NAMED_FIGURE.matcher(p.rule());
            if (named.find() && new BigDecimal(named.group(1)).compareTo(p.perThousandMinutes()) != 0) {
                problems.add(at(rules, p.rule(), "rule \"" + p.rule() + "\" gives " + p.item() + " the price "
                        + p.perThousandMinutes().toPlainString() + ", not the " + named.group(1) + " its name states;"
                        + " rename the rule or fix the price"));
            }
        }
        Map<BillingItem, List<Price>> unknown = new HashMap<>(byItem);
        for (BillingItem item : catalogue.items()) {
            List<Price> found = unknown.remove(item);
            if (found == null) {
                problems.add(new RuleProblem(null, 0, "no rule gives the price of " + item));
            } else {
                checkDates(rules, item.toString(), found, false, problems);
                found.stream().filter(p -> p.perThousandMinutes().signum() < 0).forEach(p -> problems.add(
                        at(rules, p.rule(), "rule \"" + p.rule() + "\" gives " + item + " a negative price")));
            }
        }
        // A contract price book prices some items, on some days: no two of its rows on one day, no unknown item.
        List<BillingItem> items = catalogue.items();
        books.forEach((book, rows) -> rows.forEach((item, found) -> {
            // The old mode's unified minute is priced by contract books only (policy §6a).
            if (!items.contains(item) && item.category() != Category.UNIFIED) {
                unknown.put(item, found);
            } else {
                checkDates(rules, item + " in price book " + book, found, true, problems);
            }
        }));
        unknown.forEach((item, found) -> problems.add(at(rules, found.get(0).rule(), "rules "
                + found.stream().map(p -> "\"" + p.rule() + "\"").toList() + " price " + item + ", which is not an"
                + " item of the catalogue" + (item.tier() != null ? " (is " + item.tier() + " a tier the catalogue"
                + " states?)" : ""))));
    }

    /**
     * At most one price of an item applies on any day; a list price on every day (the rows' date ranges follow
     * each other with no gap), a price book's only on the days it names ({@code gapsAllowed}).
     */
    private static void checkDates(RuleSet rules, String item, List<Price> found, boolean gapsAllowed,
            List<RuleProblem> problems) {
        List<Price> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparing(p -> p.validFrom() == null ? LocalDate.MIN : p.validFrom()));
        LocalDate next = LocalDate.MIN; // the first day no row has covered yet
        Price previous = null;
        for (Price p : sorted) {
            LocalDate from = p.validFrom() == null ? LocalDate.MIN : p.validFrom();
            LocalDate until = p.validUntil() == null ? LocalDate.MAX : p.validUntil();
            if (until.isBefore(from)) {
                problems.add(at(rules, p.rule(), "rule \"" + p.rule() + "\" prices " + item + " from " + from
                        + " until " + until + ", which is no day at all"));
                continue;
            }
            if (next != null && from.isAfter(next) && !gapsAllowed) {
                problems.add(at(rules, p.rule(), "no rule gives the price of " + item + " " + range(next,
                        from.minusDays(1)) + "; the next price starts on " + from));
            } else if (next == null || from.isBefore(next)) {
                LocalDate end = next == null || until.isBefore(next) ? until : next.minusDays(1);
                problems.add(at(rules, p.rule(), "several rules price " + item + " " + range(from, end) + ": \""
                        + previous.rule() + "\" and \"" + p.rule() + "\""));
            }
            if (next != null && (gapsAllowed && from.isAfter(next) || until.equals(LocalDate.MAX)
                    || !until.plusDays(1).isBefore(next))) {
                next = until.equals(LocalDate.MAX) ? null : until.plusDays(1);
            }
            previous = p;
        }
        if (next != null && previous != null && !gapsAllowed) {
            problems.add(at(rules, previous.rule(), "no rule gives the price of " + item + " " + range(next,
                    LocalDate.MAX) + "; end the last price with no endingOn, or add the next one"));
        }
    }

    private static String range(LocalDate from, LocalDate until) {
        if (from.equals(LocalDate.MIN)) {
            return until.equals(LocalDate.MAX) ? "on any day" : "up to " + until;
        }
        return until.equals(LocalDate.MAX) ? "from " + from + " on" : "from " + from + " to " + until;
    }

    /**
     * Ratios are positive, one per package kind and item, for items that exist (the old mode's unified minute
     * included); and a kind that covers some items of a service covers it whole: every item of it (a new tier
     * included) has its ratio for that kind.
     */
    private static void checkRatios(RuleSet rules, RuleCatalogue catalogue, List<RuleProblem> problems) {
        List<BillingItem> items = catalogue.items();
        Map<String, DeductionRatio> seen = new HashMap<>();
        Map<PackageKind, Set<rtc.pricing.facts.Service>> covered = new java.util.EnumMap<>(PackageKind.class);
        for (DeductionRatio r : catalogue.ratios()) {
            DeductionRatio other = seen.putIfAbsent(r.kind() + " " + r.item(), r);
            boolean unified = r.item().category() == Category.UNIFIED;
            if (other != null) {
                problems.add(at(rules, r.rule(), "two deduction ratios of " + r.kind() + " packages for " + r.item()
                        + ": rules \"" + other.rule() + "\" and \"" + r.rule() + "\""));
            } else if (!items.contains(r.item()) && !unified) {
                problems.add(at(rules, r.rule(), "a deduction ratio for " + r.item() + ", which is not an item of"
                        + " the catalogue"));
            } else if (r.packageMinutes() < 1) {
                problems.add(at(rules, r.rule(), "the deduction ratio of " + r.item() + " must be at least 1"
                        + " package minute per usage minute"));
            }
            if (!unified) {
                covered.computeIfAbsent(r.kind(), k -> new HashSet<>()).add(r.item().service());
            }
        }
        covered.forEach((kind, services) -> {
            for (BillingItem item : items) {
                if (services.contains(item.service()) && item.mode() == null && item.codec() == null
                        && !seen.containsKey(kind + " " + item)) {
                    problems.add(new RuleProblem(null, 0, item + " has no deduction ratio for " + kind
                            + " packages, while they cover the " + item.service() + " service: state one where the"
                            + " others are"));
                }
            }
        });
    }

    private static void unprompted(RuleSet rules, java.util.stream.Stream<String> ruleNames, String what,
            String marker, List<RuleProblem> problems) {
        String read = marker.equals("PriceList") ? "the price list" : "the catalogue";
        ruleNames.distinct().forEach(rule -> problems.add(at(rules, rule, "rule \"" + rule + "\" " + what
                + " without " + read + " being read: write its condition as `when " + marker + "()`")));
    }

    private static RuleProblem at(RuleSet rules, String rule, String message) {
        return new RuleProblem(rules.fileOf(rule), rules.lineOf(rule), message);
    }

    /** At the row of the tier in the rule that states it. */
    private static RuleProblem at(RuleSet rules, Tier tier, String message) {
        String row = "\"" + tier.name() + "\"";
        return new RuleProblem(rules.fileOf(tier.rule()), rules.lineOf(tier.rule(), row), message);
    }
}
