package rtc.pricing.quote;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import rtc.pricing.support.Requests;
import rtc.pricing.support.RulesFolder;

/**
 * Rules that pass the gate yet misbehave on an input no example or sweep has: a chain that runs away for one
 * rare resolution, a division by zero for another. The quote is stopped by its budget, answered as a 500
 * problem with nothing internal in it, counted, and the service keeps answering.
 */
@QuarkusTest
@TestProfile(RareInputFaultsTest.Profile.class)
class RareInputFaultsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path folder = RulesFolder.copyOfFixture("rules-rare-faults", true);
            RulesFolder.write(folder.resolve("rare-faults.drl"), """
                    package pricing;
                    import rtc.pricing.facts.*;

                    rule "A format 1234 wide is followed by a taller one, up to 5000 high"
                    when $f : VideoFormat(width == 1234, height != 5000)
                    then insert(VideoFormat.of($f.width(), $f.height() + 1));
                    end

                    rule "A format 1235 to 1239 wide is divided by its width less 1235"
                    when $f : VideoFormat(width > 1234, width < 1240)
                    then int x = 1 / ($f.width() - 1235);
                    end
                    """);
            RulesFolder.write(folder.resolve("examples/case-rare-faults.json"), """
                    {"id": "RARE", "title": "Both rare rules fire harmlessly",
                     "why": "1234x4990 (6,157,660 px) is 4K: 10 min x 97/1000 = 0.97; 1236x700 (865,200 px) is HD: 10 min x 14/1000 = 0.14",
                     "request": %s,
                     "expect": {"total": "1.11"}}
                    """.formatted(recording(1234, 4990, 1236, 700)));
            return Map.of("pricing.rules.dir", folder.toString(), "pricing.rules.watch", "false");
        }
    }

    @Test
    void aRunawayOnARareInputIsStoppedQuicklyAndTheServiceKeepsAnswering() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> runaways = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            runaways.add(pool.submit(() -> given().contentType("application/json")
                    .body(recording(1234, 5001, 640, 360)).post("/v1/quotes")));
        }
        for (Future<Response> f : runaways) {
            f.get().then().statusCode(500).contentType("application/problem+json")
                    .body("type", endsWith("/rules-budget-exceeded"))
                    .body("detail", containsString("rule firings"))
                    .body(not(containsString("Exception"))).body(not(containsString("rtc.pricing")));
        }
        pool.shutdown();
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        assertTrue(seconds < 10, "8 runaway quotes answered in " + seconds + " s");

        given().contentType("application/json").body(Requests.exampleRequest(Requests.E4)).post("/v1/quotes")
                .then().statusCode(200).body("total", equalTo("5.04"));
        String metrics = rtc.pricing.support.Users.asAnalyst().get("/q/metrics").then().statusCode(200).extract().asString();
        double stopped = metrics.lines().filter(l -> l.startsWith("pricing_rules_budget_exceeded_total{limit=\"firings\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertEquals(8.0, stopped, 0.0, metrics);
    }

    @Test
    void aRuleThatFailsOnARareInputIs500WithoutStackTraceOrClassNames() {
        given().contentType("application/json").body(recording(1235, 700, 640, 360)).post("/v1/quotes").then()
                .statusCode(500)
                .contentType("application/problem+json")
                .body("status", equalTo(500))
                .body(not(containsString("Exception")))
                .body(not(containsString("rtc.pricing")))
                .body(not(containsString("\tat ")));
    }

    private static String recording(int w1, int h1, int w2, int h2) {
        return """
                {"recordings": [{"taskId": "rec", "mode": "SINGLE", "inputs": [
                   {"streamId": "A", "audio": true, "video": {"width": %d, "height": %d},
                    "from": "2022-07-01T10:00:00+08:00", "to": "2022-07-01T10:10:00+08:00"},
                   {"streamId": "B", "audio": true, "video": {"width": %d, "height": %d},
                    "from": "2022-07-01T10:00:00+08:00", "to": "2022-07-01T10:10:00+08:00"}]}]}
                """.formatted(w1, h1, w2, h2);
    }
}
