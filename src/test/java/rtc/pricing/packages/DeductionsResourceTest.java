package rtc.pricing.packages;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.support.Users;

/** POST /v1/deductions over HTTP, in the exact shape of api.md. */
@QuarkusTest
class DeductionsResourceTest {

    /** The request of api.md, word for word. */
    private static final String API_EXAMPLE = """
            {
              "account": {"mode": "NEW", "postpaid": false, "trialExhaustedAction": "POSTPAID", "priceBook": null},
              "packages": [
                {"packageId": "p1", "kind": "GENERAL", "minutes": 25000, "used": 0, "acquiredAt": "2022-06-01T09:00:00+08:00"}
              ],
              "usage": [
                {"appId": "1400000001", "interval": "2022-06-01T00:00:00+08:00", "category": "VIDEO", "tier": "HD", "seconds": 30}
              ]
            }
            """;

    @Test
    void answersTheContractsExample() {
        String version = Users.asAnalyst().get("/v1/rules").then().extract().path("version");
        given().contentType("application/json").body(API_EXAMPLE).post("/v1/deductions").then().statusCode(200)
                .contentType("application/json")
                .body("rulesVersion", equalTo(version))
                .body("deductions.size()", equalTo(1))
                .body("deductions[0].appId", equalTo("1400000001"))
                .body("deductions[0].interval", equalTo("2022-06-01T00:00:00+08:00"))
                .body("deductions[0].date", equalTo("2022-06-01"))
                .body("deductions[0].category", equalTo("VIDEO"))
                .body("deductions[0].tier", equalTo("HD"))
                .body("deductions[0].seconds", equalTo(30))
                .body("deductions[0].cumulativeSeconds", equalTo(30))
                .body("deductions[0].cumulativeMinutes", equalTo(1))
                .body("deductions[0].minutes", equalTo(1))
                .body("deductions[0].covered.packageId", contains("p1"))
                .body("deductions[0].covered.usageMinutes", contains(1))
                .body("deductions[0].covered.packageMinutes", contains(4))
                .body("deductions[0].covered.backfill", contains(true))
                .body("deductions[0].postpaidMinutes", equalTo(0))
                .body("packages[0].packageId", equalTo("p1"))
                .body("packages[0].kind", equalTo("GENERAL"))
                .body("packages[0].minutes", equalTo(25000))
                .body("packages[0].used", equalTo(4))
                .body("packages[0].remaining", equalTo(24996))
                .body("packages[0].effectiveAt", equalTo("2022-06-01T09:05:00+08:00"))
                .body("packages[0].expiresOn", equalTo("2023-06-30"))
                .body("packages[0].refundableUntil", equalTo("2022-06-06T08:59:59+08:00"))
                .body("packages[0].rules", hasItem("A purchased general package takes effect 5 minutes after payment"))
                .body("postpaid.size()", equalTo(0))
                .body("postpaidTotal", equalTo("0.00")) // api.md: compared as decimals, "0" = "0.00"
                .body("events.size()", equalTo(0));
    }

    @Test
    void postpaidLinesAndEventsSayWhatRanOutAndWhy() {
        String body = """
                {"account": {"postpaid": false, "trialExhaustedAction": "STOP"},
                 "packages": [{"packageId": "t1", "kind": "TRIAL", "minutes": 10000, "used": 9999,
                               "acquiredAt": "2022-05-01T10:00:00+08:00"}],
                 "usage": [
                   {"appId": "a", "interval": "2022-06-01T10:00:00+08:00", "category": "AUDIO", "seconds": 60},
                   {"appId": "a", "interval": "2022-06-01T10:05:00Z", "category": "VIDEO", "tier": "FHD", "seconds": 61}]}
                """;
        given().contentType("application/json").body(body).post("/v1/deductions").then().statusCode(200)
                .body("deductions.interval", contains("2022-06-01T10:00:00+08:00", "2022-06-01T18:05:00+08:00"))
                .body("deductions.postpaidMinutes", contains(0, 2))
                .body("postpaid[0].tier", equalTo("FHD"))
                .body("postpaid[0].minutes", equalTo(2))
                .body("postpaid[0].unitPrice", equalTo("63.00"))
                .body("postpaid[0].amount", equalTo("0.126"))
                .body("postpaid[0].rules", hasItem("Otherwise the list price applies"))
                .body("postpaidTotal", equalTo("0.126"))
                .body("events.type", contains("TRIAL_EXHAUSTED", "SERVICE_STOPPED"))
                .body("events[1].at", equalTo("2022-06-01T18:10:00+08:00"))
                .body("events[1].rule", equalTo("The trial runs out without postpaid: the holder's chosen option applies"))
                .body("packages[0].refundableUntil", nullValue());
    }

    @Test
    void badInputIsAProblemNamingEachField() {
        String body = """
                {"packages": [{"packageId": "p", "kind": "GOLD", "minutes": 0, "acquiredAt": "yesterday"}],
                 "usage": [{"appId": "a", "interval": "2022-06-01T10:03:00+08:00", "category": "AUDIO", "tier": "HD",
                            "seconds": -1, "extra": 1}]}
                """;
        given().contentType("application/json").body(body).post("/v1/deductions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem("/packages/0/kind"))
                .body("errors.pointer", hasItem("/packages/0/minutes"))
                .body("errors.pointer", hasItem("/packages/0/acquiredAt"))
                .body("errors.pointer", hasItem("/usage/0/seconds"))
                .body("errors.pointer", hasItem("/usage/0/extra"))
                .body("detail", not(containsString("Exception")));
        // null is no list: a list is an array, or left out for none.
        given().contentType("application/json").body("{\"packages\": null, \"usage\": null}").post("/v1/deductions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/packages", "/usage"));
        given().contentType("application/json").body("{}").post("/v1/deductions").then().statusCode(200);
    }

    @Test
    void aRequestOfTheOldModeWithoutItsContractBookIsRefused() {
        String body = """
                {"account": {"mode": "LEGACY"}, "packages": [],
                 "usage": [{"appId": "a", "interval": "2022-06-01T10:00:00+08:00", "category": "AUDIO", "seconds": 1}]}
                """;
        given().contentType("application/json").body(body).post("/v1/deductions").then().statusCode(400)
                .body("errors.pointer", contains("/account/priceBook"));
    }

    @Test
    void malformedJsonAndTrailingDataAreRefused() {
        given().contentType("application/json").body("{\"usage\": [").post("/v1/deductions").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{} {}").post("/v1/deductions").then().statusCode(400)
                .body("errors.pointer", contains(""));
    }
}
