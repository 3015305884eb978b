package rtc.pricing.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.support.RulesFolder;

/** Package prices as the fixture's package-prices.drl decides them, figure by figure (policy §6). */
class PackagePricesTest {

    private static final RuleSet RULES = compile();
    private final PackagePrices prices = new PackagePrices(RuleBudget.DEFAULT);

    private static RuleSet compile() {
        RuleCompiler.Result result = new RuleCompiler(VideoFormat.class).compile(RulesFolder.FIXTURE);
        assertTrue(result.ok(), () -> "fixture rules do not compile: " + result.problems());
        return result.ruleSet();
    }

    @ParameterizedTest(name = "{0} thousand minutes: {1} {4}")
    @CsvSource({
            // X,    kind,   per thousand, per minute,   price,     discount
            "0.001,  CUSTOM, 7.000,        0.00700000,   0.01,      100%", // 1 × 0.007 = 0.007 → 0.01
            "24,     CUSTOM, 7.000,        0.00700000,   168.00,    100%", // 24000 × 0.007
            "24.999, CUSTOM, 7.000,        0.00700000,   174.99,    100%", // 24999 × 0.007 = 174.993
            "25,     FIXED,  6.720,        0.00672000,   168.00,    96%",
            "25.5,   CUSTOM, 6.720,        0.00672000,   171.36,    96%", // 25500 × 0.00672
            "249,    CUSTOM, 6.720,        0.00672000,   1673.28,   96%", // 249000 × 0.00672
            "250,    FIXED,  6.352,        0.00635200,   1588.00,   91%",
            "999,    CUSTOM, 6.352,        0.00635200,   6345.65,   91%", // 6345.648
            "1000,   FIXED,  5.968,        0.00596800,   5968.00,   85%",
            "2999,   CUSTOM, 5.968,        0.00596800,   17898.03,  85%", // 17898.032
            "3000,   FIXED,  5.630,        0.00562933,   16888.00,  80%", // custom would be 16887.99
            "4000,   CUSTOM, 5.630,        0.00562933,   22517.32,  80%", // 4000000 × 0.00562933
            "1000000, CUSTOM, 5.630,       0.00562933,   5629330.00, 80%"})
    void pricesEverySizeByTheRules(String x, String kind, String perThousand, String perMinute, String price,
            String discount) {
        List<String> fired = new ArrayList<>();
        PackagePrices.Answer a = prices.price(RULES, new BigDecimal(x), fired::add);
        assertEquals(kind, a.kind());
        assertEquals(perThousand, a.unitPricePerThousand());
        assertEquals(perMinute, a.unitPricePerMinute());
        assertEquals(price, a.price());
        assertEquals(discount, a.discount());
        assertEquals(new BigDecimal(x).compareTo(new BigDecimal(a.thousandMinutes().toString())), 0);
        assertEquals(List.of(a.rule()), fired, "one rule decides the price");
        assertEquals(RULES.version(), a.rulesVersion());
    }

    @Test
    void wholeSizesAreIntegersAndFractionalOnesDecimals() {
        assertEquals(4000L, prices.price(RULES, new BigDecimal("4000.000"), null).thousandMinutes());
        assertEquals(new BigDecimal("25.5"), prices.price(RULES, new BigDecimal("25.500"), null).thousandMinutes());
        assertEquals("FIXED", prices.price(RULES, new BigDecimal("25.000"), null).kind());
    }

    @Test
    void theCatalogueListsFixedPackagesAndContiguousTiers() {
        PackagePrices.Catalogue c = prices.catalogue(RULES);
        assertEquals(List.of(25L, 250L, 1000L, 3000L), c.fixed().stream().map(PackagePrices.Fixed::thousandMinutes)
                .toList());
        assertEquals(List.of("168.00", "1588.00", "5968.00", "16888.00"), c.fixed().stream()
                .map(PackagePrices.Fixed::price).toList());
        assertEquals(List.of("96%", "91%", "85%", "80%"), c.fixed().stream().map(PackagePrices.Fixed::discount)
                .toList());
        assertEquals(List.of(0L, 25L, 250L, 1000L, 3000L), c.custom().stream()
                .map(PackagePrices.Tier::fromThousandMinutes).toList());
        assertEquals(List.of(25L, 250L, 1000L, 3000L), c.custom().subList(0, 4).stream()
                .map(PackagePrices.Tier::toThousandMinutes).toList());
        assertNull(c.custom().get(4).toThousandMinutes());
        assertEquals(List.of("7.000", "6.720", "6.352", "5.968", "5.630"), c.custom().stream()
                .map(PackagePrices.Tier::unitPricePerThousand).toList());
        assertEquals(List.of("0.00700000", "0.00672000", "0.00635200", "0.00596800", "0.00562933"), c.custom()
                .stream().map(PackagePrices.Tier::unitPricePerMinute).toList());
        assertEquals(RULES.version(), c.rulesVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.000", "-1", "25.0001", "0.0005", "1000000.001", "1000001", "abc", "", "1e3",
            "+25", " 25", "25.", ".5", "0x19", "25,5"})
    void refusesSizesThatAreNotPositiveWholeMinutesWithinTheMaximum(String x) {
        InputException e = assertThrows(InputException.class, () -> PackagePrices.size(x));
        assertEquals("/thousandMinutes", e.errors().get(0).pointer());
    }

    @Test
    void acceptsTrailingZerosBeyondThreeDecimalsAndTheMaximum() {
        assertEquals(0, PackagePrices.size("25.000000").compareTo(new BigDecimal("25")));
        assertEquals(0, PackagePrices.size("1000000").compareTo(PackagePrices.MAX_THOUSAND_MINUTES));
        assertEquals(0, PackagePrices.size("0.001").compareTo(new BigDecimal("0.001")));
    }

    @Test
    void refusesUnknownAndRepeatedParameters() {
        InputException unknown = assertThrows(InputException.class,
                () -> PackagePrices.read(Map.of("thousandminutes", List.of("25"))));
        assertEquals("/thousandminutes", unknown.errors().get(0).pointer());
        InputException twice = assertThrows(InputException.class,
                () -> PackagePrices.read(Map.of("thousandMinutes", List.of("25", "250"))));
        assertEquals("/thousandMinutes", twice.errors().get(0).pointer());
        assertNull(PackagePrices.read(Map.of()).thousandMinutes());
    }
}
