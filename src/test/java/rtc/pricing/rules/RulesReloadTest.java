package rtc.pricing.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import rtc.pricing.support.Requests;
import rtc.pricing.support.RulesFolder;
import rtc.pricing.support.Users;

/** An analyst edits the served rules folder: good edits go live without restart, bad ones are refused. */
@QuarkusTest
@TestProfile(RulesFolder.EditableRules.class)
class RulesReloadTest {

    private static final Path FOLDER = RulesFolder.EditableRules.FOLDER;
    private static final Path TIERS = FOLDER.resolve("tiers.drl");
    private static final Path BASE = FOLDER.resolve("base-service.drl");

    private String tiers;
    private String base;

    @BeforeEach
    void remember() {
        tiers = RulesFolder.read(TIERS);
        base = RulesFolder.read(BASE);
        // Every test starts from the real rules, serving and without a refusal.
        Users.asAnalyst().post("/v1/rules/reload").then().statusCode(200);
    }

    @AfterEach
    void restore() {
        RulesFolder.write(TIERS, tiers);
        RulesFolder.write(BASE, base);
        Users.asAnalyst().post("/v1/rules/reload").then().statusCode(200);
    }

    @Test
    void aValidEditGoesLiveWithinSecondsWithoutRestart() {
        String before = rules().getString("version");
        RulesFolder.replace(BASE, "rule \"Base audio costs 7.00\"", "rule \"Base audio costs 7.00 per thousand minutes\"");

        JsonPath after = awaitRules(r -> !r.getString("version").equals(before));
        org.junit.jupiter.api.Assertions.assertFalse(refusedNow(after));
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E2))
                .post("/v1/quotes").then().statusCode(200)
                .body("rulesVersion", equalTo(after.getString("version")))
                .body("total", equalTo("0.63"))
                .body("lines[0].rules", hasItem("Base audio costs 7.00 per thousand minutes"));
    }

    @Test
    void aSyntaxErrorIsRefusedWithFileAndLineWhileTheOldRulesKeepServing() {
        String before = rules().getString("version");
        long lines = tiers.lines().count();
        RulesFolder.write(TIERS, tiers + "rule \"Broken\" when $f : VideoFormat( then end\n");

        JsonPath refused = awaitRules(r -> refusedNow(r));
        assertEquals(before, refused.getString("version"), "the refused edit must not serve");
        assertEquals("compile", refused.getString("lastError.step"));
        assertEquals("tiers.drl", refused.getString("lastError.errors[0].file"));
        assertEquals(lines + 1, refused.getLong("lastError.errors[0].line"));

        given().contentType("application/json").body(Requests.exampleRequest(Requests.E4))
                .post("/v1/quotes").then().statusCode(200)
                .body("total", equalTo("5.04")).body("rulesVersion", equalTo(before));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'pricing rules' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'pricing rules' }.data.lastError", startsWith("version "));
        Users.asAnalyst().post("/v1/rules/reload").then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors[0].file", equalTo("tiers.drl"))
                .body("errors[0].line", equalTo((int) lines + 1))
                .body("errors[0].message", not(nullValue()));

        RulesFolder.write(TIERS, tiers);
        JsonPath fixed = awaitRules(r -> !refusedNow(r));
        assertEquals(before, fixed.getString("version"));
        // The refusal is kept, with its time and all its problems, until the next one.
        assertEquals("compile", fixed.getString("lastError.step"));
        assertEquals(fixed.getList("lastError.errors").size(), fixed.getInt("lastError.count"));
        org.junit.jupiter.api.Assertions.assertNotNull(fixed.getString("lastError.at"));
    }

    @Test
    void anEditThatBreaksADocumentedExampleIsRefused() {
        String before = rules().getString("version");
        RulesFolder.write(BASE, base.replace("\"FHD\", null, null, \"63.00\"", "\"FHD\", null, null, \"64.00\"")
                .replace("Base FHD video costs 63.00", "Base FHD video costs 64.00"));

        JsonPath refused = awaitRules(r -> refusedNow(r));
        assertEquals(before, refused.getString("version"));
        assertEquals("documented examples", refused.getString("lastError.step"));
        String problems = refused.getList("lastError.errors.message").toString();
        assertNotEquals(-1, problems.indexOf("E3: total expected 2.31"), problems);
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E3))
                .post("/v1/quotes").then().statusCode(200).body("total", equalTo("2.31"));
    }

    @Test
    void aRunawayEditIsRefusedWhileServingContinuesAndTheNextGoodEditGoesLiveByItself() throws Exception {
        String before = rules().getString("version");
        Path runaway = FOLDER.resolve("runaway.drl");
        RulesFolder.write(runaway, rtc.pricing.support.HostileRules.RUNAWAY);
        try {
            JsonPath refused = awaitRules(r -> refusedNow(r));
            assertEquals(before, refused.getString("version"));
            String problems = refused.getList("lastError.errors.message").toString();
            assertNotEquals(-1, problems.indexOf("rule firings"), problems);
            given().contentType("application/json").body(Requests.exampleRequest(Requests.E4))
                    .post("/v1/quotes").then().statusCode(200)
                    .body("total", equalTo("5.04")).body("rulesVersion", equalTo(before));
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'pricing rules' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'pricing rules' }.data.lastError", org.hamcrest.Matchers.containsString("rule firings"));
        } finally {
            java.nio.file.Files.delete(runaway);
        }
        RulesFolder.replace(BASE, "rule \"Base audio costs 7.00\"", "rule \"Base audio is priced per thousand minutes\"");
        JsonPath live = awaitRules(r -> !refusedNow(r) && !r.getString("version").equals(before));
        org.hamcrest.MatcherAssert.assertThat(live.getList("rules"), hasItem("Base audio is priced per thousand minutes"));
    }

    @Test
    void aRuleThatReadsAFileIsRefusedAtTheSandboxAndNothingOfTheFileShows() throws Exception {
        String before = rules().getString("version");
        Path reader = FOLDER.resolve("reader.drl");
        RulesFolder.write(reader, """
                package pricing;
                import rtc.pricing.facts.*;
                rule "Reads a file"
                when $f : VideoFormat()
                then insert(TierOf.of($f, java.nio.file.Files.readString(java.nio.file.Path.of("/etc/passwd")), kcontext));
                end
                """);
        try {
            JsonPath refused = awaitRules(r -> refusedNow(r));
            assertEquals(before, refused.getString("version"));
            assertEquals("sandbox", refused.getString("lastError.step"));
            assertEquals("reader.drl", refused.getString("lastError.errors[0].file"));
            assertEquals(5, refused.getInt("lastError.errors[0].line"));
            org.junit.jupiter.api.Assertions.assertFalse(refused.prettify().contains("root:"), refused.prettify());
            given().contentType("application/json").body(Requests.exampleRequest(Requests.E4))
                    .post("/v1/quotes").then().statusCode(200).body("total", equalTo("5.04"));
        } finally {
            java.nio.file.Files.delete(reader);
        }
        awaitRules(r -> !refusedNow(r));
    }

    @Test
    void aLoneLinkToAFileOutsideIsRefusedWhileTheOldVersionKeepsServing() throws Exception {
        Path outside = java.nio.file.Files.createTempFile("outside-rules", ".drl");
        RulesFolder.write(outside, "package pricing;\n");
        Path link = FOLDER.resolve("outside.drl");
        java.nio.file.Files.createSymbolicLink(link, outside);
        try {
            // The files that can be read are exactly what serves: the link alone must still be refused.
            refusedAtSources("outside.drl", 0, "is a link to a file outside the rules folder");
        } finally {
            java.nio.file.Files.deleteIfExists(link);
            java.nio.file.Files.deleteIfExists(outside);
        }
        backToServing();
    }

    @Test
    void aLoneFileThatIsNotUtf8IsRefusedWhileTheOldVersionKeepsServing() throws Exception {
        Path latin1 = FOLDER.resolve("notes.drl");
        java.nio.file.Files.write(latin1, "package pricing;\n// prix en \u00e9t\u00e9\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        try {
            refusedAtSources("notes.drl", 2, "is not valid UTF-8");
        } finally {
            java.nio.file.Files.deleteIfExists(latin1);
        }
        backToServing();
    }

    /**
     * The folder now differs from what serves only by a file the sources step refuses: the watcher and a reload
     * on demand refuse it (422, lastError, readiness) and the version that served keeps serving.
     */
    private static void refusedAtSources(String file, int line, String gist) {
        String before = rules().getString("version");
        JsonPath refused = awaitRules(r -> refusedNow(r));
        assertEquals(before, refused.getString("version"), "the refused folder must not serve");
        assertEquals("sources", refused.getString("lastError.step"));
        assertEquals(file, refused.getString("lastError.errors[0].file"));
        assertEquals(line, refused.getInt("lastError.errors[0].line"));
        org.hamcrest.MatcherAssert.assertThat(refused.getString("lastError.errors[0].message"),
                org.hamcrest.Matchers.containsString(gist));
        Users.asAnalyst().post("/v1/rules/reload").then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("detail", org.hamcrest.Matchers.containsString("sources step"))
                .body("detail", org.hamcrest.Matchers.containsString("version " + before + " keeps serving"))
                .body("errors[0].file", equalTo(file))
                .body("errors[0].message", org.hamcrest.Matchers.containsString(gist));
        assertEquals(before, rules().getString("version"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'pricing rules' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'pricing rules' }.data.version", equalTo(before))
                .body("checks.find { it.name == 'pricing rules' }.data.lastError",
                        org.hamcrest.Matchers.containsString("refused at the sources step"))
                .body("checks.find { it.name == 'pricing rules' }.data.lastError",
                        org.hamcrest.Matchers.containsString(file));
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E4))
                .post("/v1/quotes").then().statusCode(200)
                .body("total", equalTo("5.04")).body("rulesVersion", equalTo(before));
    }

    /** The refused file is gone: the folder is what serves again, and the refusal is marked resolved. */
    private static void backToServing() {
        String serving = rules().getString("version");
        JsonPath fixed = awaitRules(r -> !refusedNow(r));
        assertEquals(serving, fixed.getString("version"));
        assertEquals("sources", fixed.getString("lastError.step"));
        Users.asAnalyst().post("/v1/rules/reload").then().statusCode(200)
                .body("outcome", equalTo("UNCHANGED")).body("version", equalTo(serving));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'pricing rules' }.data.lastError",
                        org.hamcrest.Matchers.containsString("(resolved since)"));
    }

    @Test
    void theActiveRulesListTheirFilesAndRuleNames() {
        JsonPath r = rules();
        assertEquals(16, r.getString("version").length());
        assertNotEquals(null, r.getString("loadedAt"));
        org.hamcrest.MatcherAssert.assertThat(r.getList("files.file"), hasItem("tiers.drl"));
        org.hamcrest.MatcherAssert.assertThat(r.getList("rules"), hasItem("A resolution is in the tier whose area range holds its area"));
    }

    /** A refusal that still stands: the folder holds an edit that is not live. */
    private static boolean refusedNow(JsonPath r) {
        return r.get("lastError") != null && !r.getBoolean("lastError.resolved");
    }

    private static JsonPath rules() {
        return Users.asAnalyst().get("/v1/rules").then().statusCode(200).extract().jsonPath();
    }

    /** Polls GET /v1/rules until the condition holds; the watcher must get there within a few seconds. */
    private static JsonPath awaitRules(Predicate<JsonPath> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath r = rules();
        while (!condition.test(r)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the rules folder change was not picked up within 30 s: " + r.prettify());
            }
            sleep(100);
            r = rules();
        }
        return r;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
