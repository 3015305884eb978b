package rtc.pricing.quote;

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
import rtc.pricing.facts.Codec;
import rtc.pricing.facts.DeductionRatio;
import rtc.pricing.facts.Mode;
import rtc.pricing.facts.Price;
import rtc.pricing.facts.PriceList;
import rtc.pricing.facts.Service;
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
    private final Map<BillingItem, List<Price>> rows = new HashMap<>();
    private final Map<String, Integer> tierRank = new HashMap<>();
    private final Comparator<BillingItem> itemOrder;

    RuleCatalogue(Collection<Tier> tiers, Collection<Price> prices, Collection<DeductionRatio> ratios) {
        this.tiers = tiers.stream().sorted(Comparator.comparingLong(Tier::minArea)).toList();
        this.priceRows = List.copyOf(prices);
        this.ratios = List.copyOf(ratios);
        for (Tier t : this.tiers) {
            tierRank.putIfAbsent(t.name(), tierRank.size());
        }
        for (Price p : prices) {
            rows.computeIfAbsent(p.item(), k -> new ArrayList<>()).add(p);
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
    static RuleCatalogue read(RuleSet rules, RuleBudget budget, boolean withMarkers) {
        try (BudgetedSession session = rules.newSession(budget)) {
            if (withMarkers) {
                session.insert(new Catalogue());
                session.insert(new PriceList());
            }
            session.fire();
            return new RuleCatalogue(session.facts(Tier.class), session.facts(Price.class),
                    session.facts(DeductionRatio.class));
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
        Set<String> books = new java.util.TreeSet<>();
        priceRows.stream().map(Price::book).filter(java.util.Objects::nonNull).forEach(books::add);
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

    /** What packages cover: package minutes per usage minute, by item. */
    public List<DeductionRatio> ratios() {
        return ratios;
    }

    /** The names of the rules that state the catalogue itself: tiers and deduction ratios. */
    public Set<String> statingRules() {
        Set<String> names = new LinkedHashSet<>();
        tiers.forEach(t -> names.add(t.rule()));
        ratios.forEach(r -> names.add(r.rule()));
        return names;
    }

    /**
     * Every billing item the services bill with these tiers: audio and each tier of the base service, of each
     * recording mode and of transcoding (video by codec). The services, modes and codecs are the request's own
     * vocabulary; the tiers come from the rules.
     */
    public List<BillingItem> items() {
        List<BillingItem> items = new ArrayList<>();
        items.add(BillingItem.audio(Service.BASE, null));
        tiers.forEach(t -> items.add(BillingItem.video(Service.BASE, t.name(), null, null)));
        for (Mode mode : Mode.values()) {
            items.add(BillingItem.audio(Service.RECORDING, mode));
            tiers.forEach(t -> items.add(BillingItem.video(Service.RECORDING, t.name(), mode, null)));
        }
        items.add(BillingItem.audio(Service.TRANSCODING, null));
        for (Codec codec : Codec.values()) {
            tiers.forEach(t -> items.add(BillingItem.video(Service.TRANSCODING, t.name(), null, codec)));
        }
        return items;
    }
}
