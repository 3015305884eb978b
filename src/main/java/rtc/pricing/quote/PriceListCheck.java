package rtc.pricing.quote;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Codec;
import rtc.pricing.facts.Mode;
import rtc.pricing.facts.Price;
import rtc.pricing.facts.PriceList;
import rtc.pricing.facts.Service;
import rtc.pricing.rules.BudgetedSession;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCheck;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.rules.RuleSet;

/**
 * Gate check: the price-list rules give exactly one non-negative price to every billing item the policy
 * has (policy §2, §4, §5), so no quote can meet an item without a price.
 */
public final class PriceListCheck implements RuleCheck {

    /** Every billing item of the policy's price lists. */
    public static List<BillingItem> catalogue() {
        List<BillingItem> items = new ArrayList<>();
        items.add(BillingItem.audio(Service.BASE, null));
        BillingItem.TIERS.forEach(t -> items.add(BillingItem.video(Service.BASE, t, null, null)));
        for (Mode mode : Mode.values()) {
            items.add(BillingItem.audio(Service.RECORDING, mode));
            BillingItem.TIERS.forEach(t -> items.add(BillingItem.video(Service.RECORDING, t, mode, null)));
        }
        items.add(BillingItem.audio(Service.TRANSCODING, null));
        for (Codec codec : Codec.values()) {
            BillingItem.TIERS.forEach(t -> items.add(BillingItem.video(Service.TRANSCODING, t, null, codec)));
        }
        return items;
    }

    @Override
    public String name() {
        return "price list";
    }

    private final RuleBudget budget;

    public PriceListCheck(RuleBudget budget) {
        this.budget = budget;
    }

    /** Every price the price-list rules of a rule set give. */
    public static List<Price> read(RuleSet rules, RuleBudget budget) {
        return prices(rules, true, budget);
    }

    private static List<Price> prices(RuleSet rules, boolean priceList, RuleBudget budget) {
        try (BudgetedSession session = rules.newSession(budget)) {
            if (priceList) {
                session.insert(new PriceList());
            }
            session.fire();
            return new ArrayList<>(session.facts(Price.class));
        }
    }

    @Override
    public List<RuleProblem> check(RuleSet candidate) {
        Map<BillingItem, List<Price>> prices = new HashMap<>();
        for (Price p : read(candidate, budget)) {
            prices.computeIfAbsent(p.item(), k -> new ArrayList<>()).add(p);
        }
        List<RuleProblem> problems = new ArrayList<>();
        for (Price p : prices(candidate, false, budget)) {
            // The price list is read once per rule set; a price asserted in every quote would be settled twice.
            problems.add(new RuleProblem(candidate.fileOf(p.rule()), 0, "rule \"" + p.rule()
                    + "\" gives a price without the price list being read: write its condition as `when PriceList()`"));
        }
        for (BillingItem item : catalogue()) {
            List<Price> found = prices.remove(item);
            if (found == null) {
                problems.add(new RuleProblem(null, 0, "no rule gives the price of " + item));
            } else if (found.size() > 1) {
                problems.add(new RuleProblem(candidate.fileOf(found.get(1).rule()), 0, "several rules price " + item + ": "
                        + found.stream().map(p -> "\"" + p.rule() + "\"").toList()));
            } else if (found.get(0).perThousandMinutes().compareTo(BigDecimal.ZERO) < 0) {
                problems.add(new RuleProblem(candidate.fileOf(found.get(0).rule()), 0, "rule \"" + found.get(0).rule() + "\" gives " + item
                        + " a negative price"));
            }
        }
        prices.forEach((item, found) -> problems.add(new RuleProblem(candidate.fileOf(found.get(0).rule()), 0, "rules "
                + found.stream().map(p -> "\"" + p.rule() + "\"").toList() + " price " + item
                + ", which is not an item of the policy")));
        return problems;
    }
}
