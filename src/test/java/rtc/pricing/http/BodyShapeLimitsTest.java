package rtc.pricing.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The shape of any body is bounded before it is bound: nesting, numbers' digits. A fast 400 naming where. */
@QuarkusTest
class BodyShapeLimitsTest {

    @Test
    void aBodyNestedDeeperThanAnyRequestIsRefusedWhereItGoesTooDeep() {
        String deep = "{\"rooms\": " + "[".repeat(40) + "]".repeat(40) + "}";
        given().contentType("application/json").body(deep).post("/v1/quotes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", startsWith("/rooms/0/0/0"))
                .body("errors[0].message", startsWith("exceeds the limits of a body: at most 16 levels of nesting"));
    }

    @Test
    void aNumberOfAHundredDigitsIsNotParsed() {
        String body = "{\"accountId\": \"x\", \"usage\": " + "9".repeat(100) + "}";
        given().contentType("application/json").body(body).post("/v1/deductions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/usage"))
                .body("errors[0].message", startsWith("exceeds the limits of a body"));
    }
}
