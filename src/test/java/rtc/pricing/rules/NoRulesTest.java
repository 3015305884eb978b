package rtc.pricing.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import rtc.pricing.support.Requests;
import rtc.pricing.support.Users;

/** With no rule set that ever passed the gate, the service is alive but not ready, and says why. */
@QuarkusTest
@TestProfile(NoRulesTest.Profile.class)
class NoRulesTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("pricing.rules.dir", Files.createTempDirectory("rules-empty").toString(),
                        "pricing.rules.watch", "false");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void notReadyAndQuotesAre503() {
        // The empty folder is under the temporary directory: answers name it without saying where it is on disk.
        String onDisk = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503).body("checks.find { it.name == 'pricing rules' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'pricing rules' }.data.lastError", containsString("no .drl file in the rules folder"))
                .body(not(containsString(onDisk)));
        Users.asAnalyst().get("/v1/rules").then().statusCode(200)
                .body("lastError.errors[0].message", containsString("no .drl file in the rules folder"))
                .body(not(containsString(onDisk)));
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E2)).post("/v1/quotes")
                .then().statusCode(503).contentType("application/problem+json");
    }
}
