package rtc.pricing.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleGate;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.support.RulesFolder;

/**
 * The catalogue is in the rules: an analyst adds a tier with rules and examples alone, and the gate validates the
 * catalogue as a whole — tiers that follow each other, one price per item, names that do not contradict figures.
 */
class CatalogueTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final RuleGate gate = RulesCheckCommand.inProcessGate(ZONE, RuleBudget.DEFAULT);

    @Test
    void anAnalystAddsAn8kTierWithRulesAndExamplesAlone() throws Exception {
        Path folder = RulesFolder.copyOfFixture("rules-8k", true);
        add8kTier(folder);
        RuleGate.Verdict refused = gate.evaluate(folder);
        assertEquals("catalogue", refused.step());
        assertTrue(refused.problems().contains(new RuleProblem(null, 0, "no rule gives the price of BASE VIDEO 8K")),
                refused.problems()::toString);
        assertTrue(refused.problems().contains(new RuleProblem(null, 0, "BASE VIDEO 8K has no deduction ratio for"
                + " GENERAL packages, while they cover the BASE service: state one where the others are")), refused.problems()::toString);

        add8kPrices(folder);
        // Resolutions that had no tier and now are 8K: the examples that said so change in the same save.
        RuleGate.Verdict stale = gate.evaluate(folder);
        assertTrue(stale.problems().stream().anyMatch(p -> p.message().startsWith("C-ERR-5: expected input errors")),
                stale.problems()::toString);
        for (String example : List.of("input", "output", "received")) {
            Path file = folder.resolve("examples/case-error-" + example + "-resolution-outside-tiers.json");
            RulesFolder.write(file, RulesFolder.read(file)
                    .replace("\"width\": 5000", "\"width\": 9000").replace("\"height\": 5000", "\"height\": 9000")
                    .replace("\"width\": 4097", "\"width\": 7681").replace("\"height\": 2176", "\"height\": 4320"));
        }
        RuleGate.Verdict unpinned = gate.evaluate(folder);
        assertEquals("documented examples", unpinned.step());
        assertTrue(unpinned.problems().stream().allMatch(p -> p.message().contains("is exercised by no example")),
                unpinned.problems()::toString);

        RulesFolder.write(folder.resolve("examples/case-8k.json"), """
                {"id": "C-8K", "title": "Every service at 8K for 10 minutes",
                 "why": "7680x4320 = 33,177,600 px is 8K (the largest area of the tier). Base: V receives 8K 10 min x 500/1000 = 5.00; P receives nothing, audio 10 min x 7/1000 = 0.07. Single recording 10 x 200/1000 = 2.00; mixed 10 x 600/1000 = 6.00; H.264 10 x 450/1000 = 4.50; H.265 10 x 1100/1000 = 11.00. Total 28.57.",
                 "request": %s,
                 "expect": {"total": "28.57"}}
                """.formatted(eightKRequest()));
        RuleGate.Verdict accepted = gate.evaluate(folder);
        assertTrue(accepted.accepted(), () -> accepted.step() + " " + accepted.problems());

        Quote quote = new QuoteEngine(ZONE, RuleBudget.DEFAULT, n -> { })
                .quote(QuoteRequest.read(new ObjectMapper().readTree(eightKRequest())), accepted.ruleSet());
        assertEquals("28.57", quote.total());
        // The 8K lines come after 4K: the tiers' order is the price lists' order.
        List<String> baseTiers = quote.lines().stream().filter(l -> l.service().equals("BASE")).map(Quote.Line::tier).toList();
        assertEquals(java.util.Arrays.asList(null, "8K"), baseTiers);
    }

    @Test
    void aGapBetweenTiersIsRefusedWithItsRange() {
        Path folder = RulesFolder.copyOfFixture("rules-gap", true);
        RulesFolder.replace(folder.resolve("tiers.drl"), "Tier.of(\"HD\",   307201,", "Tier.of(\"HD\",   307300,");
        RuleGate.Verdict v = gate.evaluate(folder);
        assertEquals("catalogue", v.step());
        assertEquals(List.of(new RuleProblem("tiers.drl", 16, "areas 307201–307299 pixels have no tier: tier HD starts"
                + " at 307300; tiers must follow each other")), v.problems());
    }

    @Test
    void anOverlapOfTiersIsRefused() {
        Path folder = RulesFolder.copyOfFixture("rules-overlap", true);
        RulesFolder.replace(folder.resolve("tiers.drl"), "Tier.of(\"HD\",   307201,", "Tier.of(\"HD\",   300000,");
        RuleGate.Verdict v = gate.evaluate(folder);
        assertEquals("catalogue", v.step());
        assertTrue(v.problems().get(0).message().startsWith("areas 300000–307200 pixels are in two tiers, HD"),
                v.problems()::toString);
    }

    @Test
    void aPriceRuleWhoseNameStatesAnotherFigureIsRefused() {
        Path folder = RulesFolder.copyOfFixture("rules-name", true);
        RulesFolder.replace(folder.resolve("base-service.drl"), "rule \"Base FHD video costs 63.00\"",
                "rule \"Base FHD video costs 99.00\"");
        RuleGate.Verdict v = gate.evaluate(folder);
        assertEquals("catalogue", v.step());
        assertTrue(v.problems().get(0).message().contains("the price 63.00, not the 99.00 its name states"),
                v.problems()::toString);
    }

    @Test
    void newPricesFromADateAreARuleEditAndEarlierDaysKeepTheirOldPrices() throws Exception {
        Path folder = RulesFolder.copyOfFixture("rules-dated", true);
        Path base = folder.resolve("base-service.drl");
        RulesFolder.replace(base, "\"FHD\", null, null, \"63.00\", kcontext));",
                "\"FHD\", null, null, \"63.00\", kcontext).endingOn(\"2022-12-31\"));");
        RulesFolder.write(base, RulesFolder.read(base) + """

                rule "Base FHD video from 2023 costs 70.00"
                when PriceList() then insert(Price.video(Service.BASE, "FHD", null, null, "70.00", kcontext).startingOn("2023-01-01"));
                end
                """);
        RulesFolder.write(folder.resolve("examples/case-fhd-2023.json"), """
                {"id": "C-FHD-2023", "title": "FHD at its 2023 price",
                 "why": "B receives A's 1920x1080 (FHD) 10 min on 2023-01-05: 10 x 70.00/1000 = 0.70; A receives nothing: audio 10 x 7.00/1000 = 0.07.",
                 "request": %s, "expect": {"total": "0.77"}}
                """.formatted(fhd("2023-01-05T10:00:00+08:00", "2023-01-05T10:10:00+08:00")));
        RuleGate.Verdict accepted = gate.evaluate(folder);
        assertTrue(accepted.accepted(), () -> accepted.step() + " " + accepted.problems());

        // Across the new year's midnight: each day at its own price, each line naming the rule that priced it.
        Quote quote = new QuoteEngine(ZONE, RuleBudget.DEFAULT, n -> { }).quote(QuoteRequest.read(
                new ObjectMapper().readTree(fhd("2022-12-31T23:50:00+08:00", "2023-01-01T00:10:00+08:00"))),
                accepted.ruleSet());
        List<String> fhd = quote.lines().stream().filter(l -> "FHD".equals(l.tier()))
                .map(l -> l.date() + " " + l.unitPrice() + " " + l.amount() + " " + l.rules().get(l.rules().size() - 1))
                .toList();
        assertEquals(List.of("2022-12-31 63.00 0.63 Base FHD video costs 63.00",
                "2023-01-01 70.00 0.70 Base FHD video from 2023 costs 70.00"), fhd);

        // A month without a price, and two prices for one month, are refused with their dates.
        RulesFolder.replace(base, ".startingOn(\"2023-01-01\")", ".startingOn(\"2023-02-01\")");
        assertEquals(List.of("no rule gives the price of BASE VIDEO FHD from 2023-01-01 to 2023-01-31; the next price"
                + " starts on 2023-02-01"), gate.evaluate(folder).problems().stream().map(RuleProblem::message).toList());
        RulesFolder.replace(base, ".startingOn(\"2023-02-01\")", ".startingOn(\"2022-12-01\")");
        assertEquals(List.of("several rules price BASE VIDEO FHD from 2022-12-01 to 2022-12-31: \"Base FHD video costs"
                + " 63.00\" and \"Base FHD video from 2023 costs 70.00\""),
                gate.evaluate(folder).problems().stream().map(RuleProblem::message).toList());
    }

    @Test
    void aContractPriceBookReplacesListPricesOnlyWhereItPricesAndAnUnknownBookIsAnInputError() throws Exception {
        RuleGate.Verdict fixture = gate.evaluate(RulesFolder.FIXTURE);
        assertTrue(fixture.accepted(), () -> fixture.problems().toString());
        QuoteEngine engine = new QuoteEngine(ZONE, RuleBudget.DEFAULT, n -> { });
        ObjectMapper json = new ObjectMapper();
        String request = fhd("2022-07-01T10:00:00+08:00", "2022-07-01T10:10:00+08:00");
        assertEquals("0.70", engine.quote(QuoteRequest.read(json.readTree(request)), fixture.ruleSet()).total());
        Quote legacy = engine.quote(QuoteRequest.read(json.readTree(
                request.replaceFirst("\\{", "{\"priceBook\": \"legacy-unified-sample\", "))), fixture.ruleSet());
        assertEquals("0.30", legacy.total()); // FHD 10 min and audio 10 min, each at 15.00
        // Attribution follows the settled lines: the book's price and the rules that chose it.
        Quote.Attribution fhdOfB = legacy.attribution().stream().filter(a -> "FHD".equals(a.tier())).findFirst().orElseThrow();
        assertEquals("0.15", fhdOfB.amount());
        assertTrue(fhdOfB.rules().contains("A contract price book replaces the list price of the items it prices"),
                fhdOfB.rules()::toString);

        rtc.pricing.problem.InputException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                rtc.pricing.problem.InputException.class, () -> engine.quote(QuoteRequest.read(json.readTree(
                        request.replaceFirst("\\{", "{\"priceBook\": \"no-such-book\", "))), fixture.ruleSet()));
        assertEquals("/priceBook", unknown.errors().get(0).pointer());
        assertTrue(unknown.errors().get(0).message().contains("legacy-unified-sample"), unknown.getMessage());
    }

    @Test
    void twoRowsOfOneBookForOneItemAndDayAreRefused() {
        Path folder = RulesFolder.copyOfFixture("rules-book", true);
        Path books = folder.resolve("price-books.drl");
        RulesFolder.write(books, RulesFolder.read(books) + """

                rule "Sample legacy unified book: SD again"
                when PriceList() then insert(Price.video(Service.BASE, "SD", null, null, "16.00", kcontext).inBook("legacy-unified-sample").startingOn("2022-01-01"));
                end
                """);
        RuleGate.Verdict v = gate.evaluate(folder);
        assertEquals("catalogue", v.step());
        assertEquals(List.of("several rules price BASE VIDEO SD in price book legacy-unified-sample from 2022-01-01 on:"
                + " \"Sample legacy unified book: every base-service minute costs 15.00\" and \"Sample legacy unified"
                + " book: SD again\""), v.problems().stream().map(RuleProblem::message).toList());
    }

    @Test
    void aDecemberAudioPromotionIsARuleThatShowsInLinesAndAttribution() throws Exception {
        Path folder = RulesFolder.copyOfFixture("rules-promotion", true);
        RulesFolder.write(folder.resolve("promotions.drl"), """
                // Promotions: rules that adjust settled amounts.
                package pricing;
                import java.math.BigDecimal;
                import rtc.pricing.facts.*;

                rule "December base-service audio is 10% off"
                when
                    $l : SettlementLine(inMonth(12), item.service == Service.BASE, item.category == Category.AUDIO)
                then
                    insert(Adjustment.of($l, $l.amount().multiply(new BigDecimal("-0.10")), kcontext));
                end
                """);
        RuleGate.Verdict unpinned = gate.evaluate(folder);
        assertEquals("documented examples", unpinned.step()); // no example fires it yet
        String december = RulesFolder.read(RulesFolder.FIXTURE.resolve("examples/E4-audio-and-video-mixed.json"))
                .replace("2022-06-01", "2022-12-01");
        com.fasterxml.jackson.databind.node.ObjectNode example = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(december);
        example.put("id", "C-PROMO-DEC").put("title", "E4 in December: audio 10% off")
                .put("why", "E4 on 2022-12-01: audio 60 min x 7.00/1000 = 0.42, 10% off = -0.042; total 5.04 - 0.042 = 4.998;"
                        + " A and C each 0.21 - 0.021 = 0.189 of audio");
        example.set("expect", new ObjectMapper().readTree("""
                {"total": "4.998", "byUser": {"A": "2.079", "B": "2.31", "C": "0.609"},
                 "lines": [{"service": "BASE", "category": "AUDIO", "tier": null, "amount": "0.42",
                            "adjustments": [{"rule": "December base-service audio is 10% off", "amount": "-0.042"}]},
                           {"service": "BASE", "category": "VIDEO", "tier": "SD", "amount": "0.84"},
                           {"service": "BASE", "category": "VIDEO", "tier": "FHD", "amount": "3.78"}]}
                """));
        RulesFolder.write(folder.resolve("examples/case-promotion-december.json"), example.toPrettyString());
        RuleGate.Verdict accepted = gate.evaluate(folder);
        assertTrue(accepted.accepted(), () -> accepted.step() + " " + accepted.problems());

        Quote quote = new QuoteEngine(ZONE, RuleBudget.DEFAULT, n -> { })
                .quote(QuoteRequest.read(example.get("request")), accepted.ruleSet());
        Quote.Attribution audioOfA = quote.attribution().stream()
                .filter(a -> "A".equals(a.userId()) && a.category().equals("AUDIO")).findFirst().orElseThrow();
        assertEquals("0.189", audioOfA.amount());
        assertTrue(audioOfA.rules().contains("December base-service audio is 10% off"), audioOfA.rules()::toString);
    }

    private static String fhd(String from, String to) {
        String at = "\"from\": \"" + from + "\", \"to\": \"" + to + "\"";
        return """
                {"rooms": [{"roomId": "r", "users": [{"userId": "A", "presence": [{%1$s}]}, {"userId": "B", "presence": [{%1$s}]}],
                  "streams": [{"streamId": "cam", "userId": "A", "type": "CAMERA", "video": {"width": 1920, "height": 1080}}],
                  "subscriptions": [{"userId": "B", "streamId": "cam", %1$s}]}]}
                """.formatted(at);
    }

    private static void add8kTier(Path folder) {
        RulesFolder.replace(folder.resolve("tiers.drl"), "// up to 4096×2176\n",
                "// up to 4096×2176\n    insert(Tier.of(\"8K\", 8912897, 33177600, kcontext)); // up to 7680×4320\n");
    }

    private static void add8kPrices(Path folder) {
        RulesFolder.replace(folder.resolve("packages.drl"), "\"4K\", 36, kcontext));",
                "\"4K\", 36, kcontext));\n    insert(DeductionRatio.video(Service.BASE, \"8K\", 64, kcontext));");
        RulesFolder.write(folder.resolve("prices-8k.drl"), """
                package pricing;
                import rtc.pricing.facts.*;
                rule "Base 8K video costs 500.00"
                when PriceList() then insert(Price.video(Service.BASE, "8K", null, null, "500.00", kcontext));
                end
                rule "Single-stream recording 8K costs 200"
                when PriceList() then insert(Price.video(Service.RECORDING, "8K", Mode.SINGLE, null, "200", kcontext));
                end
                rule "Mixed-stream recording 8K costs 600"
                when PriceList() then insert(Price.video(Service.RECORDING, "8K", Mode.MIXED, null, "600", kcontext));
                end
                rule "H.264 transcoding 8K costs 450"
                when PriceList() then insert(Price.video(Service.TRANSCODING, "8K", null, Codec.H264, "450", kcontext));
                end
                rule "H.265 transcoding 8K costs 1100"
                when PriceList() then insert(Price.video(Service.TRANSCODING, "8K", null, Codec.H265, "1100", kcontext));
                end
                """);
    }

    private static String eightKRequest() {
        String at = "\"from\": \"2022-07-01T10:00:00+08:00\", \"to\": \"2022-07-01T10:10:00+08:00\"";
        String input = "{\"streamId\": \"cam\", \"audio\": true, \"video\": {\"width\": 7680, \"height\": 4320}, " + at + "}";
        return """
                {"rooms": [{"roomId": "r", "users": [{"userId": "P", "presence": [{%1$s}]}, {"userId": "V", "presence": [{%1$s}]}],
                  "streams": [{"streamId": "cam", "userId": "P", "type": "CAMERA", "video": {"width": 7680, "height": 4320}}],
                  "subscriptions": [{"userId": "V", "streamId": "cam", %1$s}]}],
                 "recordings": [{"taskId": "single", "mode": "SINGLE", "inputs": [%2$s]},
                                {"taskId": "mixed", "mode": "MIXED", "inputs": [%2$s]}],
                 "transcodings": [{"taskId": "h264", "codec": "H264", "output": {"video": {"width": 1280, "height": 720}}, "inputs": [%2$s]},
                                  {"taskId": "h265", "codec": "H265", "output": {"video": {"width": 1280, "height": 720}}, "inputs": [%2$s]}]}
                """.formatted(at, input);
    }
}
