package rtc.pricing.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The ledger's and the package endpoints' bodies are published as the records that bind them (issue 18): each
 * write's request body is its schema, not an opaque binary stream, and the constraints show in it.
 */
@QuarkusTest
class LedgerOpenApiTest {

    private static final String[][] BODIES = {
            {"/v1/accounts", "NewAccount"},
            {"/v1/accounts/{id}/apps", "NewApp"},
            {"/v1/accounts/{id}/trial", "At"},
            {"/v1/accounts/{id}/packages", "Purchase"},
            {"/v1/accounts/{id}/packages/{packageId}/refund", "At"},
            {"/v1/accounts/{id}/legacy-packages", "LegacyPackageRecord"},
            {"/v1/accounts/{id}/legacy-conversion", "At"},
            {"/v1/accounts/{id}/top-ups", "TopUp"},
            {"/v1/accounts/{id}/postpaid", "At"},
            {"/v1/accounts/{id}/price-book", "PriceBookChange"},
            {"/v1/usage", "UsageBatch"},
            {"/v1/deductions", "DeductionRequest"},
            {"/v1/legacy-conversions", "LegacyConversionRequest"}};

    @Test
    void everyWriteDescribesItsBodyWithItsRecord() {
        JsonPath api = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        for (String[] b : BODIES) {
            String body = "paths.'" + b[0] + "'.post.requestBody";
            assertEquals(true, api.getBoolean(body + ".required"), b[0]);
            assertEquals("#/components/schemas/" + b[1],
                    api.getString(body + ".content.'application/json'.schema.'$ref'"), b[0]);
        }
        given().queryParam("format", "json").get("/q/openapi").then()
                .body("components.schemas.NewAccount.required", hasItems("accountId", "registeredAt"))
                .body("components.schemas.NewAccount.properties.accountId.pattern", notNullValue())
                .body("components.schemas.NewAccount.properties.registeredAt.format", equalTo("date-time"))
                .body("components.schemas.TopUp.properties.amount.type", equalTo("string"))
                .body("components.schemas.UsageBatch.properties.reports.type", equalTo("array"))
                .body("components.schemas.UsageBatch.properties.reports.items.'$ref'",
                        equalTo("#/components/schemas/UsageReport"))
                .body("components.schemas.UsageReport.required", hasItem("reportId"))
                .body("components.schemas.DeductionRequest.properties.usage.items.'$ref'",
                        equalTo("#/components/schemas/DeductionUsage"));
    }
}
