package rtc.pricing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.support.Requests;
import rtc.pricing.support.Users;

/** Health, OpenAPI and metrics, as api.md's Operations section promises; metrics for analysts and admins only. */
@QuarkusTest
class OperationsTest {

    @Test
    void readyWhenRulesAreLoaded() {
        String version = Users.asAnalyst().get("/v1/rules").then().extract().path("version");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'pricing rules' }.data.version", equalTo(version));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/quotes")).body(containsString("/v1/rules/reload"))
                .body(containsString("QuoteRequest")).body(containsString("receivedVideo"));
    }

    @Test
    void metricsTimeRuleExecutionAndCountReloads() {
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E2)).post("/v1/quotes")
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic realm="));
        Users.asAnalyst().get("/q/metrics").then().statusCode(200)
                .body(containsString("pricing_rules_execution_seconds_count"))
                .body(containsString("pricing_rules_reloads_total{outcome=\"applied\""));
    }
}
