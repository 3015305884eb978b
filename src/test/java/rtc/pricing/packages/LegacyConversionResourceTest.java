package rtc.pricing.packages;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** POST /v1/legacy-conversions over HTTP, in the shape of api.md, public. */
@QuarkusTest
class LegacyConversionResourceTest {

    @Test
    void e13VoiceSdAndHdConvertAtOneTwoAndFour() {
        given().contentType("application/json").body("""
                {"packages": [{"packageId": "v", "kind": "LEGACY_VOICE", "remaining": 1, "expiresOn": "2022-12-31"},
                              {"packageId": "s", "kind": "LEGACY_SD", "remaining": 1, "expiresOn": "2022-12-31"},
                              {"packageId": "h", "kind": "LEGACY_HD", "remaining": 1, "expiresOn": "2022-12-31"}]}""")
                .post("/v1/legacy-conversions").then().statusCode(200).contentType("application/json")
                .body("packages.packageId", contains("v", "s", "h"))
                .body("packages.factor", contains(1, 2, 4))
                .body("packages.generalMinutes", contains(1, 2, 4))
                .body("packages.expiresOn", contains("2022-12-31", "2022-12-31", "2022-12-31"));
    }

    @Test
    void theApiExampleGives400GeneralMinutes() {
        given().contentType("application/json").body("""
                {"packages": [{"packageId": "old-1", "kind": "LEGACY_HD", "remaining": 100, "expiresOn": "2022-12-31"}]}""")
                .post("/v1/legacy-conversions").then().statusCode(200)
                .body("packages[0].packageId", equalTo("old-1"))
                .body("packages[0].kind", equalTo("LEGACY_HD"))
                .body("packages[0].remaining", equalTo(100))
                .body("packages[0].factor", equalTo(4))
                .body("packages[0].generalMinutes", equalTo(400))
                .body("packages[0].expiresOn", equalTo("2022-12-31"));
    }

    private static void refused(String body, String pointer) {
        given().contentType("application/json").body(body).post("/v1/legacy-conversions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem(pointer));
    }

    @Test
    void badInputIs400NamingTheField() {
        refused("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_HD", "remaining": 1, "expiresOn": "2022-12-31", "remainng": 1}]}""",
                "/packages/0/remainng");
        refused("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_4K", "remaining": 1, "expiresOn": "2022-12-31"}]}""",
                "/packages/0/kind");
        refused("""
                {"packages": [{"packageId": "a", "kind": "GENERAL", "remaining": 1, "expiresOn": "2022-12-31"}]}""",
                "/packages/0/kind");
        refused("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_SD", "remaining": -1, "expiresOn": "2022-12-31"}]}""",
                "/packages/0/remaining");
        refused("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_SD", "remaining": 1, "expiresOn": "31/12/2022"}]}""",
                "/packages/0/expiresOn");
        refused("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_SD", "remaining": 1}]}""", "/packages/0/expiresOn");
        given().contentType("application/json").body("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_HD", "remaining": 1, "expiresOn": "2022-12-31", "remainng": 1}]}""")
                .post("/v1/legacy-conversions").then().statusCode(400)
                .body("detail", equalTo("/packages/0/remainng: unknown field; did you mean \"remaining\"?"));
        refused("{\"pkgs\": []}", "/pkgs");
        refused("{}", "/packages");
        refused("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_SD", "remaining": 1, "expiresOn": "2022-12-31"},
                              {"packageId": "a", "kind": "LEGACY_HD", "remaining": 1, "expiresOn": "2022-12-31"}]}""",
                "/packages/1/packageId");
        given().contentType("application/json").body("{\"packages\": [").post("/v1/legacy-conversions").then()
                .statusCode(400).body("type", equalTo("https://rtc-pricing.example/problems/malformed-json"));
    }
}
