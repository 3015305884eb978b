package rtc.pricing.catalogue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Catalogue;
import rtc.pricing.facts.Category;
import rtc.pricing.facts.DeductionRatio;
import rtc.pricing.facts.ItemSet;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.Price;
import rtc.pricing.facts.PriceList;
import rtc.pricing.facts.Stated;
import rtc.pricing.facts.Tier;
import rtc.pricing.rules.BudgetedSession;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * What a rule set states once, rather than in every quote: its video tiers (ordered by area, which is also the
 * order of the price lists) and its prices. Read in one session holding {@link Catalogue} and {@link PriceList},
 * kept with the rule set, never changed; {@link CatalogueCheck} validates it as a whole at the gate.
 */
public final class RuleCatalogue {

    private final List<Tier> tiers;
    private final List<Price> priceRows;
    private final List<DeductionRatio> ratios;
    private final List<ItemSet> itemSets;
    private final List<Stated> stated;
    private final Set<String> books = new java.util.TreeSet<>();
    private final Map<BillingItem, List<Price>> rows = new HashMap<>();
    private final Map<String, Integer> tierRank = new HashMap<>();
    private final Comparator<BillingItem> itemOrder;

    RuleCatalogue(Collection<Tier> tiers, Collection<Price> prices, Collection<ItemSet> itemSets,
            Collection<Stated> stated) {
        this.itemSets = List.copyOf(itemSets);
        this.stated = List.copyOf(stated);
        List<DeductionRatio> ratios = stated(DeductionRatio.class);
        this.tiers = tiers.stream().sorted(Comparator.comparingLong(Tier::minArea)).toList();
        this.priceRows = List.copyOf(prices);
        this.ratios = List.copyOf(ratios);
        for (Tier t : this.tiers) {
            tierRank.putIfAbsent(t.name(), tierRank.size());
        }
        for (Price p : prices) {
            rows.computeIfAbsent(p.item(), k -> new ArrayList<>()).add(p);
            if (p.book() != null) {
                books.add(p.book());
            }
        }
        this.itemOrder = Comparator.comparing(BillingItem::service)
                .thenComparing(BillingItem::category)
                .thenComparing(i -> i.tier() == null ? -1 : tierRank.getOrDefault(i.tier(), Integer.MAX_VALUE))
                .thenComparing(i -> i.mode() == null ? -1 : i.mode().ordinal())
                .thenComparing(i -> i.codec() == null ? -1 : i.codec().ordinal());
    }

    /** The catalogue of a rule set, read once and kept with it. */
    public static RuleCatalogue of(RuleSet rules, RuleBudget budget) {
        return rules.derived("catalogue", rs -> read(rs, budget, true));
    }

    /** Reads what the rules state; {@code withMarkers} false shows what they would state in every quote. */
    public static RuleCatalogue read(RuleSet rules, RuleBudget budget, boolean withMarkers) {
        try (BudgetedSession session = rules.newSession(budget)) {
            if (withMarkers) {
                session.insert(new Catalogue());
                session.insert(new PriceList());
            }
            session.fire();
            return new RuleCatalogue(session.facts(Tier.class), session.facts(Price.class),
                    session.facts(ItemSet.class), session.facts(Stated.class));
        }
    }

    /** The tiers, by area. */
    public List<Tier> tiers() {
        return tiers;
    }

    /** Every price row as stated, duplicates included (the gate refuses those). */
    public List<Price> priceRows() {
        return priceRows;
    }

    /** The names of the contract price books the rules state. */
    public Set<String> books() {
        return books;
    }

    /** The list price of an item for usage on a day, or null; the gate lets no two apply on one day. */
    public Price price(BillingItem item, LocalDate date) {
        for (Price p : rows(item)) {
            if (p.book() == null && p.appliesOn(date)) {
                return p;
            }
        }
        return null;
    }

    /** Every price row of an item, whatever dates they apply to. */
    public List<Price> rows(BillingItem item) {
        return rows.getOrDefault(item, List.of());
    }

    /** Price-list order: service, audio before video, tiers by area, then mode and codec. */
    public Comparator<BillingItem> itemOrder() {
        return itemOrder;
    }

    /** What packages cover: package minutes per usage minute, by package kind and item. */
    public List<DeductionRatio> ratios() {
        return ratios;
    }

    /** The package minutes one usage minute of {@code item} takes from a package of {@code kind}, or 0: not covered. */
    public int ratio(PackageKind kind, BillingItem item) {
        for (DeductionRatio r : ratios) {
            if (r.kind() == kind && r.item().equals(item)) {
                return r.packageMinutes();
            }
        }
        return 0;
    }

    /** Every other fact of {@code type} the catalogue rules state (packages, their prices, policies), as stated. */
    public <T extends Stated> List<T> stated(Class<T> type) {
        return stated.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The names of the rules that state the catalogue itself: tiers, item sets, ratios and every other stated fact. */
    public Set<String> statingRules() {
        Set<String> names = new LinkedHashSet<>();
        tiers.forEach(t -> names.add(t.rule()));
        stated.forEach(r -> names.add(r.rule()));
        itemSets.forEach(i -> names.add(i.rule()));
        return names;
    }

    /** The item sets the rules state. */
    public List<ItemSet> itemSets() {
        return itemSets;
    }

    /** Every billing item the catalogue states: each item set's audio item and one video item per tier. */
    public List<BillingItem> items() {
        List<BillingItem> items = new ArrayList<>();
        for (ItemSet set : itemSets) {
            if (set.audio()) {
                items.add(new BillingItem(set.service(), Category.AUDIO, null, set.mode(), set.codec()));
            }
            if (set.videoByTier()) {
                tiers.forEach(t -> items.add(new BillingItem(set.service(), Category.VIDEO, t.name(), set.mode(),
                        set.codec())));
            }
        }
        return items.stream().distinct().sorted(itemOrder).toList();
    }
}
