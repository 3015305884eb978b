package rtc.pricing.rules;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import rtc.pricing.support.Requests;
import rtc.pricing.support.RulesFolder;
import rtc.pricing.support.Users;

/**
 * Quotes keep flowing while the rules are swapped again and again between two valid price lists and a broken
 * file: no request fails, and every answer is entirely priced by the one rule set whose version it reports.
 */
@QuarkusTest
@TestProfile(ReloadUnderLoadTest.Profile.class)
class ReloadUnderLoadTest {

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = RulesFolder.copyOfFixture("rules-under-load", true);

        @Override
        public Map<String, String> getConfigOverrides() {
            // Each reload checks the folder in a child JVM that competes with the clients for two cores.
            return Map.of("pricing.rules.dir", FOLDER.toString(), "pricing.rules.debounce", "PT0.05S",
                    "quarkus.http.test-timeout", "PT120S");
        }
    }

    private static final Path BASE = Profile.FOLDER.resolve("base-service.drl");
    private static final int CLIENTS = 4;
    private static final int RELOADS = 6;

    @Test
    void requestsDuringReloadsSeeNoErrorAndNeverAMixOfRuleSets() throws Exception {
        String at7 = RulesFolder.read(BASE);
        String renamed = at7.replace("rule \"Base audio costs 7.00\"", "rule \"Base audio is priced per thousand minutes\"");
        String broken = at7 + "\nrule \"Broken\" when then insert( end\n";
        // Both valid versions price E2 at 0.63, each with its own price rule: the version tells which one answered,
        // and its line must name that version's rule, never the other's.
        Map<String, String> expectedRule = Map.of(versionOf(at7), "Base audio costs 7.00", versionOf(renamed),
                "Base audio is priced per thousand minutes");
        String body = Requests.exampleRequest(Requests.E2);

        AtomicBoolean reloading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        Map<String, Integer> versionsSeen = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                while (reloading.get()) {
                    Thread.sleep(2); // steady traffic, not a denial of service on the check
                    Response r = given().contentType("application/json").body(body).post("/v1/quotes");
                    answered.incrementAndGet();
                    String version = r.jsonPath().getString("rulesVersion");
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.asString());
                    } else if (!r.jsonPath().getString("total").equals("0.63")
                            || !r.jsonPath().getList("lines[0].rules").contains(expectedRule.get(version))) {
                        failures.add("version " + version + " answered " + r.asString());
                    } else {
                        versionsSeen.merge(version, 1, Integer::sum);
                    }
                }
                return null;
            }));
        }
        try {
            for (int i = 0; i < RELOADS; i++) {
                RulesFolder.write(BASE, i % 3 == 2 ? broken : i % 3 == 1 ? renamed : at7);
                int status = Users.asAdmin().post("/v1/rules/reload").statusCode();
                assertEquals(i % 3 == 2 ? 422 : 200, status, "reload " + i);
            }
        } finally {
            reloading.set(false);
            for (Future<?> f : clients) {
                f.get();
            }
            pool.shutdown();
            RulesFolder.write(BASE, at7);
        }
        assertEquals(List.of(), failures);
        assertTrue(answered.get() > CLIENTS, "the clients ran: " + answered.get());
        assertEquals(2, versionsSeen.size(), "both valid rule sets served during the run: " + versionsSeen);
    }

    private static String versionOf(String baseServiceDrl) {
        RulesFolder.write(BASE, baseServiceDrl);
        return RuleCompiler.version(RuleSources.read(Profile.FOLDER, RuleSources.Limits.DEFAULT).files());
    }
}
