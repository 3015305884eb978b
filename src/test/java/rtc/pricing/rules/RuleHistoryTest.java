package rtc.pricing.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import rtc.pricing.support.Requests;
import rtc.pricing.support.RulesFolder;
import rtc.pricing.support.Users;

/**
 * Every rule set that served is kept by version with its files, and usage can be priced again with a past
 * version: the figures it gave then, whatever serves now, for authenticated callers with a role.
 */
@QuarkusTest
@TestProfile(RuleHistoryTest.Profile.class)
class RuleHistoryTest {

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = RulesFolder.copyOfFixture("rules-history", true);

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pricing.rules.dir", FOLDER.toString(), "pricing.rules.watch", "false",
                    "pricing.rules.history-dir", RulesFolder.copyOfFixture("history", false).resolve("kept").toString());
        }
    }

    @Test
    void aQuoteCanBePricedWithAPastVersionAndEveryServedVersionIsListedWithItsFiles() {
        String first = Users.asAnalyst().get("/v1/rules").then().statusCode(200).extract().path("version");
        // A new version: the audio price rule renamed, so each version's lines name their own rule.
        Path base = Profile.FOLDER.resolve("base-service.drl");
        String before = RulesFolder.read(base);
        RulesFolder.replace(base, "rule \"Base audio costs 7.00\"", "rule \"Base audio costs 7.00 until a change\"");
        Users.asAnalyst().post("/v1/rules/reload").then().statusCode(200);
        String second = Users.asAnalyst().get("/v1/rules").then().extract().path("version");
        assertTrue(!first.equals(second));

        String e4 = Requests.exampleRequest(Requests.E4);
        given().contentType("application/json").body(e4).post("/v1/quotes").then().statusCode(200)
                .body("rulesVersion", equalTo(second))
                .body("lines[0].rules", hasItem("Base audio costs 7.00 until a change"));
        String past = e4.replaceFirst("\\{", "{\"rulesVersion\": \"" + first + "\", ");
        Users.asBilling().body(past).post("/v1/quotes").then().statusCode(200)
                .body("rulesVersion", equalTo(first)).body("total", equalTo("5.04"))
                .body("lines[0].rules", hasItem("Base audio costs 7.00"));

        Users.asAnalyst().get("/v1/rules/versions").then().statusCode(200)
                .body("version", hasItem(first)).body("version", hasItem(second))
                .body("find { it.version == '" + second + "' }.serving", equalTo(true));
        String kept = Users.asAnalyst().get("/v1/rules/" + first).then().statusCode(200)
                .body("serving", equalTo(false)).extract().path("files['base-service.drl']");
        assertEquals(before, kept);
        Users.asAnalyst().get("/v1/rules/0123456789abcdef").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType("application/json").body(e4.replaceFirst("\\{", "{\"rulesVersion\": \"0123456789abcdef\", "))
                .post("/v1/quotes").then().statusCode(400).body("errors[0].pointer", equalTo("/rulesVersion"));
        given().contentType("application/json").body(e4.replaceFirst("\\{", "{\"rulesVersion\": \"../../etc\", "))
                .post("/v1/quotes").then().statusCode(400).body("errors[0].pointer", equalTo("/rulesVersion"));

        // A past version is priced for authenticated callers with a role only; the serving one stays public.
        given().contentType("application/json").body(past).post("/v1/quotes").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Basic"))
                .body("type", endsWith("/unauthorized"));
        Users.as("analyst", "not-the-password").body(past).post("/v1/quotes").then().statusCode(401)
                .contentType("application/problem+json");
        Users.asAnalyst().body(past).post("/v1/quotes").then().statusCode(200).body("rulesVersion", equalTo(first));
        given().contentType("application/json").body(e4.replaceFirst("\\{", "{\"rulesVersion\": \"" + second + "\", "))
                .post("/v1/quotes").then().statusCode(200).body("rulesVersion", equalTo(second));
        // The same for every endpoint that takes a rulesVersion.
        given().get("/v1/package-prices?thousandMinutes=25&rulesVersion=" + first).then().statusCode(401)
                .contentType("application/problem+json");
        Users.asAnalyst().get("/v1/package-prices?thousandMinutes=25&rulesVersion=" + first).then().statusCode(200)
                .body("rulesVersion", equalTo(first));
        given().get("/v1/package-prices?thousandMinutes=25&rulesVersion=" + second).then().statusCode(200)
                .body("rulesVersion", equalTo(second));
        String advice = "{\"usage\": [{\"category\": \"AUDIO\", \"tier\": null, \"minutes\": 5000}], \"rulesVersion\": \""
                + first + "\"}";
        given().contentType("application/json").body(advice).post("/v1/package-advice").then().statusCode(401)
                .contentType("application/problem+json");
        Users.asAdmin().body(advice).post("/v1/package-advice").then().statusCode(200)
                .body("rulesVersion", equalTo(first));
        String deductions = "{\"packages\": [], \"usage\": [], \"rulesVersion\": \"" + first + "\"}";
        given().contentType("application/json").body(deductions).post("/v1/deductions").then().statusCode(401)
                .contentType("application/problem+json");
        Users.asBilling().body(deductions).post("/v1/deductions").then().statusCode(200)
                .body("rulesVersion", equalTo(first));
        String conversions = "{\"packages\": [], \"rulesVersion\": \"" + first + "\"}";
        given().contentType("application/json").body(conversions).post("/v1/legacy-conversions").then().statusCode(401)
                .contentType("application/problem+json");
        Users.asBilling().body(conversions).post("/v1/legacy-conversions").then().statusCode(200)
                .body("rulesVersion", equalTo(first));
    }
}
