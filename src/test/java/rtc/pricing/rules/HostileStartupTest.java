package rtc.pricing.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import rtc.pricing.support.Requests;
import rtc.pricing.support.RulesFolder;

/**
 * The service starts on a folder holding a rule that would stop the process: it listens, is alive but not
 * ready, says why, and serves as soon as the folder is mended, without a restart.
 */
@QuarkusTest
@TestProfile(HostileStartupTest.Profile.class)
class HostileStartupTest {

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = RulesFolder.copyOfFixture("rules-hostile-start", true);
        static final Path EXIT = FOLDER.resolve("exit.drl");

        @Override
        public Map<String, String> getConfigOverrides() {
            RulesFolder.write(EXIT, """
                    package pricing;
                    import rtc.pricing.facts.VideoFormat;
                    rule "Stop the service"
                    when VideoFormat()
                    then System.exit(0);
                    end
                    """);
            return Map.of("pricing.rules.dir", FOLDER.toString(), "pricing.rules.debounce", "PT0.2S");
        }
    }

    @Test
    void aRuleThatWouldStopTheProcessAtStartIsRefusedAndTheMendedFolderServesByItself() throws Exception {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'pricing rules' }.data.lastError", containsString("refused at the sandbox step"))
                .body("checks.find { it.name == 'pricing rules' }.data.lastError", containsString("exit.drl:5"));
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E4)).post("/v1/quotes")
                .then().statusCode(503).contentType("application/problem+json");

        Files.delete(Profile.EXIT);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().get("/q/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mended folder did not go live within 30 s");
            }
            Thread.sleep(100);
        }
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E4)).post("/v1/quotes")
                .then().statusCode(200).body("total", equalTo("5.04"));
    }
}
