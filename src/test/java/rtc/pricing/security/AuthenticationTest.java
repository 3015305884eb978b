package rtc.pricing.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.Requests;
import rtc.pricing.support.RulesFolder;
import rtc.pricing.support.Users;

/** api.md "Authentication": who may call what, the 401/403 problems, and reloads that a web page cannot trigger. */
@QuarkusTest
class AuthenticationTest {

    @TestHTTPResource("/")
    URL self;

    // --- 401 and 403 ---

    @Test
    void withoutCredentialsTheRulesAre401WithAChallenge() {
        unauthorized(given().get("/v1/rules"), "this resource needs HTTP Basic credentials");
        unauthorized(given().post("/v1/rules/reload"), "this resource needs HTTP Basic credentials");
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIs401() {
        unauthorized(Users.as("analyst", "not-the-password").get("/v1/rules"), "the credentials were not accepted");
        unauthorized(Users.as("admin", "").post("/v1/rules/reload"), "the credentials were not accepted");
        unauthorized(Users.as("nobody", Users.ADMIN_PASSWORD).get("/v1/rules"), "the credentials were not accepted");
    }

    @Test
    void analystsAndAdminsReadAndReloadTheRules() {
        for (RequestSpecification user : new RequestSpecification[] { Users.asAnalyst(), Users.asAdmin() }) {
            user.get("/v1/rules").then().statusCode(200).body("version", notNullValue());
        }
        Users.asAnalyst().post("/v1/rules/reload").then().statusCode(200).body("version", notNullValue());
        Users.asAdmin().contentType("application/json").body("{}").post("/v1/rules/reload").then().statusCode(200);
    }

    @Test
    void aUserWithoutTheRoleIs403() {
        // @RolesAllowed on the resource (REST layer) ...
        forbidden(Users.asBilling().get("/v1/rules"));
        forbidden(Users.asBilling().post("/v1/rules/reload"));
        // ... and a path permission (HTTP layer, before any resource).
        forbidden(Users.asBilling().get("/q/metrics"));
    }

    @Test
    void anAnnotationAloneAlsoAnswersProblems() {
        unauthorized(given().get("/test-probe/admin-only"), "this resource needs HTTP Basic credentials");
        forbidden(Users.asAnalyst().get("/test-probe/admin-only"));
        Users.asAdmin().get("/test-probe/admin-only").then().statusCode(200).body(equalTo("ok"));
    }

    @Test
    void anEndpointUnderV1IsProtectedUnlessListedPublic() {
        unauthorized(given().get("/v1/accounts/acme"), "this resource needs HTTP Basic credentials");
    }

    // --- public ---

    @Test
    void quotesHealthAndOpenApiNeedNothing() {
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E2)).post("/v1/quotes")
                .then().statusCode(200).body("total", equalTo("0.63"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    // --- CSRF ---

    @ParameterizedTest
    @ValueSource(strings = { "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x" })
    void aBodyAnyWebPageCanSendNeverReloads(String contentType) {
        String loadedAt = loadedAt();
        RequestSpecification request = Users.asAdmin().contentType(contentType);
        // rest-assured encodes a form from a String and a multipart body from bytes.
        request = contentType.startsWith("multipart") ? request.body("--x--\r\n".getBytes(StandardCharsets.UTF_8))
                : request.body("reload=1");
        request.post("/v1/rules/reload").then().statusCode(415).contentType("application/problem+json")
                .body("status", equalTo(415)).body("type", containsString("cross-site-request"));
        assertEquals(loadedAt, loadedAt(), "a refused request must not reload");
    }

    @Test
    void aForeignOriginNeverReloads() {
        String loadedAt = loadedAt();
        Users.asAdmin().header("Origin", "https://evil.example").post("/v1/rules/reload").then()
                .statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403)).body("type", containsString("cross-site-request"));
        Users.asAdmin().header("Origin", "null").post("/v1/rules/reload").then().statusCode(403);
        Users.asAdmin().header("Sec-Fetch-Site", "cross-site").post("/v1/rules/reload").then().statusCode(403);
        assertEquals(loadedAt, loadedAt(), "a refused request must not reload");
    }

    @Test
    void theServiceOwnOriginAndNonBrowserClientsReload() throws Exception {
        String origin = self.getProtocol() + "://" + self.getHost() + ":" + self.getPort();
        Users.asAdmin().header("Origin", origin).header("Sec-Fetch-Site", "same-origin")
                .post("/v1/rules/reload").then().statusCode(200);
        // As curl -u admin:… -X POST: no body, no Content-Type (rest-assured always sends one).
        HttpRequest bare = HttpRequest.newBuilder(self.toURI().resolve("/v1/rules/reload"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + Users.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(bare, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
    }

    @Test
    void aPageWhoseHostIsItsOwnOriginNeverReloads() {
        // DNS rebinding: the page's name resolves to the service, so Host and Origin agree and name the attacker.
        String loadedAt = loadedAt();
        Map<String, String> rebound = new java.util.LinkedHashMap<>(Map.of("Host", "evil.example:" + self.getPort(),
                "Origin", "http://evil.example:" + self.getPort(), "Content-Type", "application/json",
                "Authorization", RawHttp.basic("admin", Users.ADMIN_PASSWORD)));
        RawHttp.Answer noFetchSite = RawHttp.exchange("127.0.0.1", self.getPort(), "POST", "/v1/rules/reload", rebound,
                "{}");
        assertEquals(403, noFetchSite.status(), noFetchSite.body());
        assertTrue(noFetchSite.body().contains("cross-site-request"), noFetchSite.body());
        rebound.put("Sec-Fetch-Site", "same-origin");
        assertEquals(403, RawHttp.exchange("127.0.0.1", self.getPort(), "POST", "/v1/rules/reload", rebound, "{}")
                .status(), "the browser's same-origin is the attacker's");
        assertEquals(loadedAt, loadedAt(), "a refused request must not reload");
        // The loopback origins at the service's own port pass, whatever the Host says.
        for (String origin : new String[] { "http://localhost:", "http://127.0.0.1:", "http://[::1]:" }) {
            Map<String, String> local = new java.util.LinkedHashMap<>(rebound);
            local.put("Origin", origin + self.getPort());
            assertEquals(200, RawHttp.exchange("127.0.0.1", self.getPort(), "POST", "/v1/rules/reload", local, "{}")
                    .status(), origin);
        }
        Map<String, String> otherPort = new java.util.LinkedHashMap<>(rebound);
        otherPort.put("Origin", "http://localhost:" + (self.getPort() + 1));
        assertEquals(403, RawHttp.exchange("127.0.0.1", self.getPort(), "POST", "/v1/rules/reload", otherPort, "{}")
                .status(), "another local port is another origin");
    }

    @Test
    void originsAreComparedNormalized() {
        assertEquals("https://pricing.example.com:443", CrossSiteRequestGuard.normalized("HTTPS://Pricing.Example.com"));
        assertEquals("http://localhost:80", CrossSiteRequestGuard.normalized("http://localhost/"));
        assertEquals(null, CrossSiteRequestGuard.normalized("null"));
        assertEquals(null, CrossSiteRequestGuard.normalized("file:///etc"));
        assertEquals(null, CrossSiteRequestGuard.normalized("http://a@evil.example"));
    }

    // --- hygiene ---

    @Test
    void theBenchmarkEchoIsNotInTheService() {
        Users.asAdmin().contentType("application/json").body("{\"a\": 1}").post("/v1/echo").then()
                .statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void theRuleListingShowsNoPathOnDisk() {
        String body = Users.asAnalyst().get("/v1/rules").then().statusCode(200).extract().asString();
        // The folder the test profile serves (the fixture), where a leak would show.
        assertFalse(body.contains(RulesFolder.FIXTURE.toAbsolutePath().normalize().toString()), body);
        assertFalse(body.contains("\"/"), "no value starts with /: " + body);
        Users.asAnalyst().get("/v1/rules").then().body("$", not(hasKey("folder")));
    }

    private static String loadedAt() {
        return Users.asAnalyst().get("/v1/rules").then().statusCode(200).extract().path("loadedAt");
    }

    private static void unauthorized(Response response, String detail) {
        problem(response, 401).header("WWW-Authenticate", startsWith("Basic realm=\"")).body("detail", equalTo(detail));
    }

    private static void forbidden(Response response) {
        problem(response, 403).header("WWW-Authenticate", nullValue());
    }

    private static ValidatableResponse problem(Response response, int status) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", startsWith("https://"))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("rtc.pricing")))
                .body(not(containsString("io.quarkus")));
    }
}
