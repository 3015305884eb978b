package rtc.pricing.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;

import rtc.pricing.advice.AdviceCalculator.Demand;
import rtc.pricing.advice.AdviceCalculator.Offer;
import rtc.pricing.advice.AdviceCalculator.Option;
import rtc.pricing.advice.AdviceCalculator.Result;
import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.Service;

/** The advice arithmetic alone, with made-up catalogues: which minutes a package covers, ranking, bounds. */
class PackageAdviceCalculatorTest {

    private static final LocalDate DAY = LocalDate.parse("2022-06-01");
    private static final BillingItem AUDIO = BillingItem.audio(Service.BASE, null);
    private static final BillingItem SD = BillingItem.video(Service.BASE, "SD", null, null);
    private static final BillingItem UHD = BillingItem.video(Service.BASE, "4K", null, null);
    /** A custom package at 7.00 per thousand minutes, the list price of a general minute in 2022. */
    private static final LongFunction<Offer> LIST_CUSTOM = size -> new Offer("CUSTOM", size,
            new BigDecimal("7.00").multiply(BigDecimal.valueOf(size)));

    /**
     * The test's model of what minutes left postpaid come to: each at its unit price per 1,000 minutes. In service
     * the settlement rules answer it (PackageAdviceResourceTest, PricingPathsTest).
     */
    private static final AdviceCalculator.Postpaid AT_UNIT_PRICE = minutes -> minutes.entrySet().stream()
            .map(e -> e.getKey().unitPrice().multiply(BigDecimal.valueOf(e.getValue())).movePointLeft(3))
            .reduce(BigDecimal.ZERO, BigDecimal::add);

    private static Demand demand(BillingItem item, int rank, long minutes, int ratio, String price) {
        return new Demand(DAY, item, rank, minutes, ratio, new BigDecimal(price));
    }

    private static Offer fixed(long size, String price) {
        return new Offer("FIXED", size, new BigDecimal(price));
    }

    private static List<Long> sizes(Option o) {
        return o.packages().stream().map(Offer::thousandMinutes).toList();
    }

    @Test
    void aPairOfFixedPackagesWinsWhenTheCatalogueMakesItCheapest() {
        // 20,000 audio minutes, postpaid 140.00; two fixed 10 at 50.00 each cover them for 100.00.
        Result r = AdviceCalculator.advise(List.of(demand(AUDIO, 0, 20_000, 1, "7.00")),
                List.of(fixed(10, "50.00"), fixed(20, "200.00")), LIST_CUSTOM, 1_000_000, 10, AT_UNIT_PRICE);
        assertEquals(20_000, r.generalMinutes());
        assertEquals(0, new BigDecimal("140.00").compareTo(r.postpaid()));
        Option best = r.options().get(0);
        assertEquals(List.of(10L, 10L), sizes(best));
        assertEquals(0, new BigDecimal("100.00").compareTo(best.total()));
        assertEquals(0, new BigDecimal("40.00").compareTo(best.saving()));
        assertEquals(0, best.unusedMinutes());
    }

    @Test
    void aTooSmallPackageCoversTheMinutesItSavesMostOnFirst() {
        // Audio at 10.00 saves 10.00 per 1,000 package minutes, SD at 14.00 / 2 only 7.00: audio goes first.
        List<Demand> d = List.of(demand(SD, 1, 1_000, 2, "14.00"), demand(AUDIO, 0, 1_000, 1, "10.00"));
        Option o = AdviceCalculator.option(List.of(fixed(1, "1.00")), d.stream()
                .sorted(AdviceCalculator.COVER_ORDER).toList(), new BigDecimal("24.00"), AT_UNIT_PRICE);
        assertEquals(0, new BigDecimal("14.00").compareTo(o.postpaidRemainder())); // all SD left, no audio
        assertEquals(0, o.unusedMinutes());
    }

    @Test
    void onEqualValueTheLargerRatioGoesFirstSoSmallerRatiosFillTheRest() {
        // 4K (36) and audio (1) both at 7.00 per 1,000 package minutes: 4K first, 27 minutes (972), then the 10
        // audio minutes in the 28 left; 18 package minutes cannot cover a whole 4K minute.
        List<Demand> d = new ArrayList<>(List.of(demand(AUDIO, 0, 10, 1, "7.00"), demand(UHD, 5, 100, 36, "252.00")));
        d.sort(AdviceCalculator.COVER_ORDER);
        assertEquals(UHD, d.get(0).item());
        Option o = AdviceCalculator.option(List.of(fixed(1, "0")), d, BigDecimal.ZERO, AT_UNIT_PRICE);
        assertEquals(1000 - 27 * 36 - 10, o.unusedMinutes()); // whole usage minutes only: 18 package minutes unused
        assertEquals(0, new BigDecimal("18.396").compareTo(o.postpaidRemainder())); // 73 × 0.252
    }

    @Test
    void aPackageCoversWholeUsageMinutesOnly() {
        // 1,000 package minutes, 4K minutes of 36: 27 covered (972), 28 unused, 73 left at 0.252.
        Option o = AdviceCalculator.option(List.of(fixed(1, "5.00")), List.of(demand(UHD, 5, 100, 36, "252.00")),
                new BigDecimal("25.20"), AT_UNIT_PRICE);
        assertEquals(28, o.unusedMinutes());
        assertEquals(0, new BigDecimal("18.396").compareTo(o.postpaidRemainder()));
        assertEquals(0, new BigDecimal("23.396").compareTo(o.total()));
        assertEquals(0, new BigDecimal("1.804").compareTo(o.saving()));
    }

    @Test
    void postpaidOnlyIsAlwaysAnsweredEvenWhenItIsNotAmongTheCheapest() {
        List<Offer> fixed = List.of(fixed(1, "1.00"), fixed(2, "2.00"), fixed(3, "3.00"));
        Result r = AdviceCalculator.advise(List.of(demand(AUDIO, 0, 100_000, 1, "7.00")), fixed, LIST_CUSTOM,
                1_000_000, 3, AT_UNIT_PRICE);
        assertEquals(3, r.options().size());
        Option last = r.options().get(2);
        assertTrue(last.packages().isEmpty());
        assertEquals(0, new BigDecimal("700.00").compareTo(last.total()));
        assertTrue(r.options().get(0).total().compareTo(r.options().get(1).total()) <= 0);
    }

    @Test
    void optionsAreRankedByTotalThenUnusedMinutes() {
        Result r = AdviceCalculator.advise(List.of(demand(AUDIO, 0, 45_000, 1, "7.00")),
                List.of(fixed(25, "168.00"), fixed(250, "1588.00")), size -> new Offer("CUSTOM", size,
                        new BigDecimal("6.72").multiply(BigDecimal.valueOf(size))), 1_000_000, 10, AT_UNIT_PRICE);
        for (int i = 1; i < r.options().size(); i++) {
            Option a = r.options().get(i - 1), b = r.options().get(i);
            int c = a.total().compareTo(b.total());
            assertTrue(c < 0 || (c == 0 && a.unusedMinutes() <= b.unusedMinutes()), r.options().toString());
        }
        assertEquals(List.of(45L), sizes(r.options().get(0)));
    }

    @Test
    void noUsageAnswersPostpaidOnlyAtZero() {
        Result r = AdviceCalculator.advise(List.of(demand(AUDIO, 0, 0, 1, "7.00")), List.of(fixed(25, "168.00")),
                LIST_CUSTOM, 1_000_000, 10, AT_UNIT_PRICE);
        assertEquals(0, r.generalMinutes());
        assertEquals(1, r.options().size());
        assertTrue(r.options().get(0).packages().isEmpty());
        assertEquals(0, r.options().get(0).total().signum());
    }

    @Test
    void minutesNoGeneralPackageCoversStayPostpaid() {
        Result r = AdviceCalculator.advise(List.of(demand(SD, 1, 1_000, 0, "14.00")), List.of(fixed(25, "168.00")),
                LIST_CUSTOM, 1_000_000, 10, AT_UNIT_PRICE);
        assertEquals(0, r.generalMinutes());
        assertEquals(0, new BigDecimal("14.00").compareTo(r.postpaid()));
        assertEquals(1, r.options().size());
    }

    @Test
    void theWorkIsBoundedWhateverTheUsage() {
        List<Long> priced = new ArrayList<>();
        LongFunction<Offer> counting = size -> {
            priced.add(size);
            return LIST_CUSTOM.apply(size);
        };
        List<Offer> fixed = List.of(fixed(25, "168.00"), fixed(250, "1588.00"), fixed(1000, "5968.00"),
                fixed(3000, "16888.00"));
        // 1,234,567 minutes: custom 1234/1235 alone, and the rest after 25, 250 and 1000 (3000 covers it alone).
        Result r = AdviceCalculator.advise(List.of(demand(AUDIO, 0, 1_234_567, 1, "7.00")), fixed, counting,
                1_000_000, 10, AT_UNIT_PRICE);
        assertEquals(List.of(1234L, 1235L, 1209L, 1210L, 984L, 985L, 234L, 235L), priced);
        assertEquals(10, r.options().size());
        // 37 billion general minutes: no custom size is within those sold, none is priced; pairs stay bounded.
        priced.clear();
        Result huge = AdviceCalculator.advise(List.of(demand(AUDIO, 0, 1_000_000_000L, 1, "7.00"),
                demand(UHD, 5, 1_000_000_000L, 36, "252.00")), fixed, counting, 1_000_000, 100, AT_UNIT_PRICE);
        assertEquals(List.of(), priced);
        assertEquals(1 + 4 + 10, huge.options().size()); // postpaid, 4 fixed, 10 pairs of fixed sizes
    }

    @Test
    void customSizesAreTheWholeThousandsAroundTheNeedAndNeverAFixedSize() {
        List<Offer> fixed = List.of(fixed(25, "168.00"));
        assertEquals(List.of(45L), AdviceCalculator.thousands(45_000, fixed, 1_000_000));
        assertEquals(List.of(45L, 46L), AdviceCalculator.thousands(45_001, fixed, 1_000_000));
        assertEquals(List.of(26L), AdviceCalculator.thousands(25_500, fixed, 1_000_000)); // 25 is fixed
        assertEquals(List.of(1L), AdviceCalculator.thousands(1, fixed, 1_000_000)); // 0 is no package
        assertEquals(List.of(), AdviceCalculator.thousands(2_000_000_000L, fixed, 1_000_000));
    }

    @Test
    void theAnswerDoesNotDependOnTheOrderOfTheUsage() {
        List<Demand> d = new ArrayList<>(List.of(demand(AUDIO, 0, 5_000, 1, "7.00"), demand(SD, 1, 3_001, 2, "14.00"),
                demand(UHD, 5, 333, 36, "252.00"), new Demand(DAY.plusDays(1), AUDIO, 0, 77, 1, new BigDecimal("7.00"))));
        List<Offer> fixed = List.of(fixed(25, "168.00"), fixed(250, "1588.00"));
        Result first = AdviceCalculator.advise(d, fixed, LIST_CUSTOM, 1_000_000, 10, AT_UNIT_PRICE);
        Random random = new Random(11);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(d, random);
            assertEquals(first, AdviceCalculator.advise(d, fixed, LIST_CUSTOM, 1_000_000, 10, AT_UNIT_PRICE));
        }
    }
}
