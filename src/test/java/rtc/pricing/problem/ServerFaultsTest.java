package rtc.pricing.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import rtc.pricing.support.RulesFolder;

/** A rule that fails while pricing gives a 500 problem with nothing internal in it. */
@QuarkusTest
@TestProfile(ServerFaultsTest.Profile.class)
class ServerFaultsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path folder = RulesFolder.copyOfRealRules("rules-faulty", false);
            RulesFolder.write(folder.resolve("faulty.drl"), """
                    package pricing;
                    import rtc.pricing.facts.VideoFormat;
                    rule "A rule that fails on 4K"
                    when VideoFormat(area > 3686400)
                    then throw new IllegalStateException("secret detail in rtc.pricing.Internal");
                    end
                    """);
            return Map.of("pricing.rules.dir", folder.toString(), "pricing.rules.watch", "false");
        }
    }

    @Test
    void aFailingRuleIs500WithoutStackTraceOrClassNames() {
        String body = """
                {"recordings": [{"taskId": "rec", "mode": "SINGLE", "inputs": [
                   {"streamId": "A", "audio": true, "video": {"width": 3840, "height": 2160},
                    "from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:10:00+08:00"}]}]}
                """;
        given().contentType("application/json").body(body).post("/v1/quotes").then()
                .statusCode(500)
                .contentType("application/problem+json")
                .body("status", equalTo(500))
                .body(not(containsString("secret")))
                .body(not(containsString("Exception")))
                .body(not(containsString("rtc.pricing")))
                .body(not(containsString("\tat ")));
    }
}
