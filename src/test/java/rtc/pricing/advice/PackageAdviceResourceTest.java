package rtc.pricing.advice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** POST /v1/package-advice over HTTP, in the shape of api.md, public. */
@QuarkusTest
class PackageAdviceResourceTest {

    private static final String CONTRACT = """
            {"usage": [{"category": "VIDEO", "tier": "HD", "minutes": 10000},
                       {"category": "AUDIO", "tier": null, "minutes": 5000}], "date": "2022-06-01"}""";

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).post("/v1/package-advice").then();
    }

    private static ValidatableResponse refused(String body) {
        return post(body).statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://rtc-pricing.example/problems/invalid-input"));
    }

    @Test
    void theContractsExampleWithoutCredentials() {
        post(CONTRACT).statusCode(200).contentType("application/json")
                .body("generalMinutes", equalTo(45000))
                .body("postpaid", equalTo("315.00"))
                .body("date", equalTo("2022-06-01"))
                .body("options[0].packages", hasSize(1))
                .body("options[0].packages[0].kind", equalTo("CUSTOM"))
                .body("options[0].packages[0].thousandMinutes", equalTo(45))
                .body("options[0].packages[0].price", equalTo("302.40"))
                .body("options[0].packagePrice", equalTo("302.40"))
                .body("options[0].postpaidRemainder", equalTo("0.00"))
                .body("options[0].total", equalTo("302.40"))
                .body("options[0].unusedMinutes", equalTo(0))
                .body("options[0].saving", equalTo("12.60"))
                .body("items.ratio", equalTo(List.of(1, 4)))
                .body("rulesVersion", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{16}"));
    }

    @Test
    void optionsAreRankedByTotalAndIncludePostpaidOnly() {
        ValidatableResponse r = post(CONTRACT).statusCode(200).body("options.size()", lessThanOrEqualTo(10));
        List<String> totals = r.extract().path("options.total");
        for (int i = 1; i < totals.size(); i++) {
            assertTrue(new BigDecimal(totals.get(i - 1)).compareTo(new BigDecimal(totals.get(i))) <= 0,
                    "ranked by total: " + totals);
        }
        List<List<Object>> packages = r.extract().path("options.packages");
        assertTrue(packages.stream().anyMatch(List::isEmpty), "postpaid only is one of the options");
        r.body("options.find { it.packages.isEmpty() }.total", equalTo("315.00"))
                .body("options.find { it.packages.isEmpty() }.saving", equalTo("0.00"));
    }

    @Test
    void theUsageFormPricesTodayInTheBillingZoneByDefault() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        post("""
                {"usage": [{"category": "AUDIO", "tier": null, "minutes": 100}]}""").statusCode(200)
                .body("date", equalTo(today)).body("postpaid", equalTo("0.70"))
                .body("options[0].packages", hasSize(0));
    }

    @Test
    void theQuoteFormTakesTheQuotesBaseServiceLines() {
        // E3: A (640x360) and B (1920x1080) receive each other's video for 30 minutes: SD 30 and FHD 30 minutes.
        post("""
                {"quote": {"rooms": [{"roomId": "r1",
                  "users": [{"userId": "A", "presence": [{"from": "2022-06-01T00:00:00+08:00", "to": "2022-06-01T00:30:00+08:00"}]},
                            {"userId": "B", "presence": [{"from": "2022-06-01T00:00:00+08:00", "to": "2022-06-01T00:30:00+08:00"}]}],
                  "streams": [{"streamId": "A-cam", "userId": "A", "type": "CAMERA", "video": {"width": 640, "height": 360}},
                              {"streamId": "B-cam", "userId": "B", "type": "CAMERA", "video": {"width": 1920, "height": 1080}}],
                  "subscriptions": [{"userId": "A", "streamId": "B-cam", "from": "2022-06-01T00:00:00+08:00", "to": "2022-06-01T00:30:00+08:00"},
                                    {"userId": "B", "streamId": "A-cam", "from": "2022-06-01T00:00:00+08:00", "to": "2022-06-01T00:30:00+08:00"}]}]}}
                """).statusCode(200)
                .body("generalMinutes", equalTo(30 * 2 + 30 * 9))
                .body("postpaid", equalTo("2.31")) // the quote's own total: 0.42 + 1.89
                .body("items.tier", equalTo(java.util.Arrays.asList("SD", "FHD")))
                .body("options[0].packages", hasSize(0))
                .body("options[1].packages[0].thousandMinutes", equalTo(1))
                .body("options[1].unusedMinutes", equalTo(1000 - 330))
                .body("date", equalTo(null));
    }

    @Test
    void usageAndQuoteTogetherOrNeitherAreRefused() {
        refused("""
                {"usage": [], "quote": {"rooms": []}}""").body("errors[0].pointer", equalTo("/quote"));
        refused("{}").body("errors[0].pointer", equalTo("/usage"));
        refused("[]").body("errors[0].pointer", equalTo(""));
    }

    @Test
    void everyOffendingFieldIsNamed() {
        // Unknown fields, unknown values and each field's limits: one answer names them all.
        refused("""
                {"usage": [{"category": "VIDEO", "tier": "HD", "minutes": -1},
                           {"category": "VIDEO", "tier": "SD", "minute": 5},
                           {"category": "SCREEN", "tier": null, "minutes": 5},
                           {"category": "AUDIO", "tier": null, "minutes": 1000000001}],
                 "date": "2022-06-01", "extra": 1}""")
                .body("errors.pointer", hasItems("/usage/0/minutes", "/usage/1/minute", "/usage/2/category",
                        "/usage/3/minutes", "/extra"))
                .body("errors.find { it.pointer == '/usage/1/minute' }.message", containsString("minutes"));
        // What fields say together (a VIDEO item's tier, the date's calendar) is checked on fields valid each alone,
        // and named all at once too.
        refused("""
                {"usage": [{"category": "VIDEO", "tier": null, "minutes": 5},
                           {"category": "AUDIO", "tier": "HD", "minutes": 5}],
                 "date": "2022-13-01"}""")
                .body("errors.pointer", equalTo(List.of("/usage/0/tier", "/usage/1/tier", "/date")));
        // A fraction for whole minutes stops the binding where it is.
        refused("""
                {"usage": [{"category": "AUDIO", "tier": null, "minutes": 2.5}]}""")
                .body("errors.pointer", equalTo(List.of("/usage/0/minutes")))
                .body("errors[0].message", containsString("whole number"));
    }

    @Test
    void anItemGivenTwiceIsRefused() {
        refused("""
                {"usage": [{"category": "AUDIO", "tier": null, "minutes": 5},
                           {"category": "AUDIO", "tier": null, "minutes": 6}]}""")
                .body("errors.pointer", equalTo(List.of("/usage/1")));
    }

    @Test
    void aTierTheRulesDoNotStateIsRefused() {
        refused("""
                {"usage": [{"category": "VIDEO", "tier": "12K", "minutes": 5}]}""")
                .body("errors.pointer", equalTo(List.of("/usage/0/tier")))
                .body("errors[0].message", containsString("4K"));
    }

    @Test
    void theQuoteFormsErrorsAreNamedUnderQuote() {
        // Advice prices with list prices and takes rulesVersion beside quote: the quote form has neither field.
        refused("""
                {"quote": {"priceBook": "legacy-unified-sample", "rulesVersion": "0123456789abcdef",
                           "rooms": [{"roomId": "r1", "users": [{"userId": "A",
                             "presence": [{"from": "2022-06-01T00:00:00+08:00", "to": "2022-06-01T01:00:00+08:00"}]}]}]}}""")
                .body("errors.pointer", equalTo(List.of("/quote/priceBook", "/quote/rulesVersion")))
                .body("errors[0].message", containsString("unknown field"));
        refused("""
                {"quote": {"rooms": [{"roomId": "r1", "users": [{"userId": "A",
                             "presence": [{"from": "2022-06-01T01:00:00+08:00", "to": "2022-06-01T00:00:00+08:00"}]}]}]},
                 "date": "2022-06-01"}""")
                .body("errors.pointer", hasItems("/date", "/quote/rooms/0/users/0/presence/0/to"));
        refused("""
                {"quote": 5}""").body("errors.pointer", hasItem("/quote"));
    }

    @Test
    void malformedJsonIsAProblem() {
        post("{\"usage\": [").statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUnknownRulesVersionIsRefused() {
        refused("""
                {"usage": [], "rulesVersion": "0123456789abcdef"}""")
                .body("errors.pointer", equalTo(List.of("/rulesVersion")));
    }
}
