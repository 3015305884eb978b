package rtc.pricing.packages;

import static rtc.pricing.http.OpenApiConventions.MONEY;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.http.OpenApiConventions;
import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.CustomTier;
import rtc.pricing.facts.FixedPackage;
import rtc.pricing.facts.PackagePrice;
import rtc.pricing.facts.PackagePriceQuestion;
import rtc.pricing.facts.ShownUnitPrice;
import rtc.pricing.facts.TierPrice;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.rules.BudgetedSession;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.Money;

/**
 * Package prices as the rules of package-prices.drl state them (GET /v1/package-prices): the catalogue (fixed
 * packages and custom tiers, read once per rule set) and the price of one size, decided by the rules in a session
 * holding the question and the catalogue. Java only reads the question, asks, and writes the answer.
 */
public final class PackagePrices {

    /** The largest size priced, in thousand minutes (published in docs/api.md): a billion minutes. */
    public static final BigDecimal MAX_THOUSAND_MINUTES = new BigDecimal("1000000");
    /** Decimals of a size in thousand minutes: 0.001 thousand minutes is one minute, the smallest package. */
    public static final int MAX_DECIMALS = 3;
    /** The query parameters the endpoint knows. */
    public static final List<String> PARAMETERS = List.of("thousandMinutes", "rulesVersion");

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,16}(\\.[0-9]{1,16})?");

    /** GET /v1/package-prices?thousandMinutes=X. */
    @Schema(name = "PackagePrice")
    public record Answer(
            @Schema(required = true, description = "The size asked, in thousand minutes") Number thousandMinutes,
            @Schema(required = true, enumeration = {"FIXED", "CUSTOM"}) String kind,
            @Schema(description = "The tier's unit price as the price table shows it, CNY per 1,000 minutes, "
                    + "rounded up to 3 decimals") String unitPricePerThousand,
            @Schema(description = "The tier's real price of one minute, CNY, 8 decimals") String unitPricePerMinute,
            @Schema(description = MONEY, pattern = OpenApiConventions.DECIMAL) String price,
            @Schema(nullable = true, description = "The discount the rules state for this size, if any.") String discount,
            @Schema(description = "The rule that decided the price") String rule,
            String rulesVersion) {
    }

    /**
     * GET /v1/package-prices. Its {@code kind} tells it from a price ({@code FIXED} or {@code CUSTOM}): a typed client
     * reads one answer or the other by it (the document's discriminator).
     */
    @Schema(name = "PackageCatalogue")
    public record Catalogue(@Schema(required = true, enumeration = CATALOGUE) String kind,
            @Schema(required = true) List<Fixed> fixed, @Schema(required = true) List<Tier> custom,
            String rulesVersion) {

        public static final String CATALOGUE = "CATALOGUE";

        Catalogue withVersion(String version) {
            return new Catalogue(kind, fixed, custom, version);
        }
    }

    public record Fixed(long thousandMinutes, @Schema(description = MONEY, pattern = OpenApiConventions.DECIMAL) String price,
            @Schema(nullable = true) String discount) {
    }

    public record Tier(long fromThousandMinutes,
            @Schema(description = "Exclusive; null for the last tier", nullable = true) Long toThousandMinutes,
            String unitPricePerThousand, String unitPricePerMinute, @Schema(nullable = true) String discount) {
    }

    /** A question read from the query: a size (null: the catalogue) and the rules version it names, if any. */
    public record Query(BigDecimal thousandMinutes, String rulesVersion) {
    }

    private final RuleBudget budget;

    public PackagePrices(RuleBudget budget) {
        this.budget = budget;
    }

    /**
     * The question in the query parameters, each given at most once; an unknown parameter, a repeated one or a
     * size that is not a positive whole number of minutes up to {@link #MAX_THOUSAND_MINUTES} is an input error
     * at {@code /name} (the parameters read as the members of one object).
     */
    public static Query read(Map<String, List<String>> parameters) {
        List<FieldError> errors = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                errors.add(new FieldError("/" + name, "unknown parameter; expected " + PARAMETERS));
            } else if (values.size() > 1) {
                errors.add(new FieldError("/" + name, "given " + values.size() + " times; give it once"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
        List<String> x = parameters.get("thousandMinutes");
        List<String> version = parameters.get("rulesVersion");
        return new Query(x == null || x.isEmpty() ? null : size(x.get(0)),
                version == null || version.isEmpty() ? null : version.get(0));
    }

    /** A size in thousand minutes, as text: a plain decimal, > 0, at most 3 decimals, at most the maximum. */
    public static BigDecimal size(String text) {
        String p = "/thousandMinutes";
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new InputException(p, "must be a number of thousand minutes written as a plain decimal, e.g. 25"
                    + " or 25.5");
        }
        BigDecimal x = new BigDecimal(text);
        if (x.signum() <= 0) {
            throw new InputException(p, "must be greater than 0");
        }
        if (x.stripTrailingZeros().scale() > MAX_DECIMALS) {
            throw new InputException(p, "must be a whole number of minutes: at most " + MAX_DECIMALS
                    + " decimals (0.001 thousand minutes is one minute)");
        }
        if (x.compareTo(MAX_THOUSAND_MINUTES) > 0) {
            throw new InputException(p, "must be at most " + MAX_THOUSAND_MINUTES.toPlainString()
                    + " (thousand minutes)");
        }
        return x;
    }

    /** The catalogue the rules state, checked whole; kept with the rule set. */
    public Catalogue catalogue(RuleSet rules) {
        return rules.derived("package-prices", rs -> readCatalogue(RuleCatalogue.of(rs, budget)))
                .withVersion(rules.version());
    }

    /** The price of a package of {@code thousandMinutes}, as the rules decide it; {@code fired} hears every rule. */
    public Answer price(RuleSet rules, BigDecimal thousandMinutes, Consumer<String> fired) {
        catalogue(rules); // a catalogue with a gap or a tier without a price is a defect, whatever was asked
        RuleCatalogue catalogue = RuleCatalogue.of(rules, budget);
        List<PackagePrice> answers;
        try (BudgetedSession session = rules.newSession(budget, fired)) {
            session.insert(new PackagePriceQuestion(thousandMinutes));
            catalogue.stated(FixedPackage.class).forEach(session::insert);
            catalogue.stated(CustomTier.class).forEach(session::insert);
            catalogue.stated(TierPrice.class).forEach(session::insert);
            catalogue.stated(ShownUnitPrice.class).forEach(session::insert);
            session.fire();
            answers = List.copyOf(session.facts(PackagePrice.class));
        }
        if (answers.size() != 1) {
            throw new RulesDefectException("the package-price rules gave " + answers.size() + " prices for "
                    + thousandMinutes.toPlainString() + " thousand minutes"
                    + (answers.isEmpty() ? "" : ": " + answers.stream().map(PackagePrice::rule).toList())
                    + "; exactly one must");
        }
        PackagePrice a = answers.get(0);
        return new Answer(number(a.thousandMinutes()), a.kind().name(), a.unitPricePerThousand().toPlainString(),
                a.unitPricePerMinute().toPlainString(), Money.format(a.price()), a.discount(), a.rule(),
                rules.version());
    }

    /** 4000 as an integer, 25.5 as a decimal. */
    static Number number(BigDecimal x) {
        BigDecimal s = x.stripTrailingZeros();
        return s.scale() <= 0 ? (Number) s.longValueExact() : s;
    }

    private static Catalogue readCatalogue(RuleCatalogue catalogue) {
        List<String> problems = new ArrayList<>();
        List<FixedPackage> fixed = catalogue.stated(FixedPackage.class).stream()
                .sorted(Comparator.comparingLong(FixedPackage::thousandMinutes)).toList();
        for (int i = 1; i < fixed.size(); i++) {
            if (fixed.get(i).thousandMinutes() == fixed.get(i - 1).thousandMinutes()) {
                problems.add("two fixed packages of " + fixed.get(i).thousandMinutes() + " thousand minutes");
            }
        }
        fixed.stream().filter(f -> f.thousandMinutes() <= 0 || f.price().signum() <= 0).forEach(f -> problems.add(
                "the fixed package of " + f.thousandMinutes() + " thousand minutes needs a size and a price above 0"));
        List<CustomTier> tiers = catalogue.stated(CustomTier.class).stream()
                .sorted(Comparator.comparingLong(CustomTier::fromThousandMinutes)).toList();
        if (tiers.isEmpty()) {
            problems.add("no custom tier is stated");
        }
        long next = 0;
        List<Tier> rows = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            CustomTier t = tiers.get(i);
            boolean last = i == tiers.size() - 1;
            if (t.fromThousandMinutes() != next) {
                problems.add("the custom tier from " + t.fromThousandMinutes() + " thousand minutes does not start"
                        + " where the one before it ends (" + next + "): tiers follow each other from 0");
            }
            if (last != (t.toThousandMinutes() == null)) {
                problems.add(last ? "the last custom tier must have no upper bound"
                        : "only the last custom tier may have no upper bound");
            }
            if (t.toThousandMinutes() != null) {
                if (t.toThousandMinutes() <= t.fromThousandMinutes()) {
                    problems.add("the custom tier from " + t.fromThousandMinutes() + " ends before it starts");
                }
                next = t.toThousandMinutes();
            }
            List<TierPrice> prices = catalogue.stated(TierPrice.class).stream()
                    .filter(p -> p.fromThousandMinutes() == t.fromThousandMinutes()).toList();
            List<ShownUnitPrice> shown = catalogue.stated(ShownUnitPrice.class).stream()
                    .filter(p -> p.fromThousandMinutes() == t.fromThousandMinutes()).toList();
            if (prices.size() != 1 || shown.size() != 1) {
                problems.add("the custom tier from " + t.fromThousandMinutes() + " thousand minutes has "
                        + prices.size() + " per-minute prices and " + shown.size() + " shown unit prices; it needs"
                        + " one of each");
                continue;
            }
            rows.add(new Tier(t.fromThousandMinutes(), t.toThousandMinutes(),
                    shown.get(0).perThousand().toPlainString(), prices.get(0).perMinute().toPlainString(),
                    t.discount()));
        }
        if (!problems.isEmpty()) {
            throw new RulesDefectException("the package prices are inconsistent: " + String.join("; ", problems));
        }
        return new Catalogue(Catalogue.CATALOGUE, fixed.stream().map(f -> new Fixed(f.thousandMinutes(),
                Money.format(f.price()), f.discount())).toList(), List.copyOf(rows), null);
    }
}
