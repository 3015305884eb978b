package rtc.pricing.packages;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.support.Users;

/** GET /v1/package-prices over HTTP, in the shape of api.md, public. */
@QuarkusTest
class PackagePriceResourceTest {

    @Test
    void pricesACustomPackageOf4000ThousandMinutes() {
        String version = Users.asAnalyst().get("/v1/rules").then().extract().path("version");
        given().queryParam("thousandMinutes", "4000").get("/v1/package-prices").then().statusCode(200)
                .contentType("application/json")
                .body("thousandMinutes", equalTo(4000))
                .body("kind", equalTo("CUSTOM"))
                .body("unitPricePerThousand", equalTo("5.630"))
                .body("unitPricePerMinute", equalTo("0.00562933"))
                .body("price", equalTo("22517.32"))
                .body("discount", equalTo("80%"))
                .body("rulesVersion", equalTo(version))
                .body("rule", equalTo("Any other size is a custom package: its tier's per-minute price × its minutes,"
                        + " half-up to 0.01"));
    }

    @Test
    void fixedSizesAreSoldAtTheFixedPrice() {
        given().get("/v1/package-prices?thousandMinutes=3000").then().statusCode(200)
                .body("kind", equalTo("FIXED")).body("price", equalTo("16888.00")).body("discount", equalTo("80%"));
        given().get("/v1/package-prices?thousandMinutes=25").then().statusCode(200)
                .body("kind", equalTo("FIXED")).body("price", equalTo("168.00"))
                .body("unitPricePerThousand", equalTo("6.720")).body("unitPricePerMinute", equalTo("0.00672000"));
    }

    @Test
    void fractionalSizesArePricedPerMinute() {
        given().get("/v1/package-prices?thousandMinutes=25.5").then().statusCode(200)
                .body("thousandMinutes", equalTo(25.5f)).body("kind", equalTo("CUSTOM"))
                .body("price", equalTo("171.36")); // 25500 × 0.00672
        given().get("/v1/package-prices?thousandMinutes=0.001").then().statusCode(200)
                .body("price", equalTo("0.01")).body("discount", equalTo("100%")); // 1 × 0.007 → 0.01
    }

    @Test
    void theCatalogueListsFixedPackagesAndTiers() {
        given().get("/v1/package-prices").then().statusCode(200)
                .body("fixed.thousandMinutes", contains(25, 250, 1000, 3000))
                .body("fixed.price", contains("168.00", "1588.00", "5968.00", "16888.00"))
                .body("fixed.discount", contains("96%", "91%", "85%", "80%"))
                .body("custom", hasSize(5))
                .body("custom.fromThousandMinutes", contains(0, 25, 250, 1000, 3000))
                .body("custom[0].toThousandMinutes", equalTo(25))
                .body("custom[4].toThousandMinutes", nullValue())
                .body("custom.unitPricePerThousand", contains("7.000", "6.720", "6.352", "5.968", "5.630"))
                .body("custom.unitPricePerMinute", contains("0.00700000", "0.00672000", "0.00635200", "0.00596800",
                        "0.00562933"));
    }

    @Test
    void badSizesAre400ProblemsNamingTheParameter() {
        for (String x : new String[] {"0", "-1", "25.0001", "1000001", "abc", "", "1e3"}) {
            given().queryParam("thousandMinutes", x).get("/v1/package-prices").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://rtc-pricing.example/problems/invalid-input"))
                    .body("errors[0].pointer", equalTo("/thousandMinutes"));
        }
        given().get("/v1/package-prices?thousandMinutes=0").then().statusCode(400)
                .body("detail", equalTo("/thousandMinutes: must be greater than 0"));
    }

    @Test
    void unknownRepeatedOrVersionlessParametersAreRefused() {
        given().get("/v1/package-prices?thousandMinute=25").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/thousandMinute"));
        given().get("/v1/package-prices?thousandMinutes=25&thousandMinutes=250").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/thousandMinutes"));
        given().get("/v1/package-prices?thousandMinutes=25&rulesVersion=nope").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/rulesVersion"));
    }
}
