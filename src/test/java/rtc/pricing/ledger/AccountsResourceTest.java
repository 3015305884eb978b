package rtc.pricing.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.Users;

/**
 * The account side of the ledger over HTTP: every figure below is worked out from the policy by hand. Each test
 * uses its own account ids: the tests share one database.
 */
@QuarkusTest
class AccountsResourceTest {

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    private static void create(String id, String registeredAt) {
        admin().body("{\"accountId\": \"" + id + "\", \"registeredAt\": \"" + registeredAt + "\"}")
                .post("/v1/accounts").then().statusCode(201);
    }

    @Test
    void trialPurchaseAndRefundFollowTheRules() {
        create("acme", "2021-03-01T10:00:00+08:00");
        admin().body("{\"appId\": \"1400000001\", \"createdAt\": \"2021-03-02T10:00:00+08:00\"}")
                .post("/v1/accounts/acme/apps").then().statusCode(201).body("appId", equalTo("1400000001"));

        // The first app is after 2019-10-11: 10,000 trial minutes, effective when granted, valid to 2022-03-31.
        admin().body("{\"at\": \"2021-03-02T11:00:00+08:00\"}").post("/v1/accounts/acme/trial").then()
                .statusCode(201).body("kind", equalTo("TRIAL")).body("minutes", equalTo(10000))
                .body("effectiveAt", equalTo("2021-03-02T11:00:00+08:00")).body("expiresOn", equalTo("2022-03-31"))
                .body("refundableUntil", nullValue()).body("state", equalTo("ACTIVE"));
        admin().body("{\"at\": \"2021-03-03T11:00:00+08:00\"}").post("/v1/accounts/acme/trial").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("The free trial is granted once per account"));

        // 25 thousand minutes cost 168.00, paid from the balance.
        admin().body("{\"thousandMinutes\": 25, \"paidAt\": \"2021-04-01T10:00:00+08:00\"}")
                .post("/v1/accounts/acme/packages").then().statusCode(409)
                .body("type", containsString("insufficient-balance"));
        admin().body("{\"amount\": \"200.00\", \"at\": \"2021-03-31T10:00:00+08:00\"}")
                .post("/v1/accounts/acme/top-ups").then().statusCode(200).body("balance", equalTo("200.00"));
        String packageId = admin().body("{\"thousandMinutes\": 25, \"paidAt\": \"2021-04-01T10:00:00+08:00\"}")
                .post("/v1/accounts/acme/packages").then().statusCode(201)
                .body("kind", equalTo("GENERAL")).body("minutes", equalTo(25000)).body("price", equalTo("168.00"))
                .body("effectiveAt", equalTo("2021-04-01T10:05:00+08:00")).body("expiresOn", equalTo("2022-04-30"))
                .body("refundableUntil", equalTo("2021-04-06T09:59:59+08:00"))
                .extract().path("packageId");

        // Refunded inside the window: 168.00 back; as of before the refund, the package was active and paid.
        admin().body("{\"at\": \"2021-04-03T10:00:00+08:00\"}")
                .post("/v1/accounts/acme/packages/" + packageId + "/refund").then().statusCode(200)
                .body("refunded", equalTo("168.00")).body("balance", equalTo("200.00"));
        admin().queryParam("at", "2021-04-02T00:00:00+08:00").get("/v1/accounts/acme").then().statusCode(200)
                .body("mode", equalTo("NEW")).body("status", equalTo("ACTIVE")).body("balance", equalTo("32.00"))
                .body("packages.state", contains("ACTIVE", "ACTIVE"));
        admin().queryParam("at", "2021-04-04T00:00:00+08:00").get("/v1/accounts/acme").then().statusCode(200)
                .body("balance", equalTo("200.00")).body("packages.state", contains("ACTIVE", "REFUNDED"))
                .body("apps", contains("1400000001"));
        admin().body("{\"at\": \"2021-04-04T10:00:00+08:00\"}")
                .post("/v1/accounts/acme/packages/" + packageId + "/refund").then().statusCode(409);
    }

    @Test
    void aRefundOutsideTheWindowIsRefusedWithItsRule() {
        create("late", "2021-03-01T10:00:00+08:00");
        admin().body("{\"amount\": \"168.00\", \"at\": \"2022-01-31T10:00:00+08:00\"}")
                .post("/v1/accounts/late/top-ups").then().statusCode(200);
        String packageId = admin().body("{\"thousandMinutes\": 25, \"paidAt\": \"2022-02-01T08:00:00+08:00\"}")
                .post("/v1/accounts/late/packages").then().statusCode(201).extract().path("packageId");
        admin().body("{\"at\": \"2022-02-06T08:00:00+08:00\"}")
                .post("/v1/accounts/late/packages/" + packageId + "/refund").then().statusCode(409)
                .body("detail", containsString("No refund after the refund deadline"));
        admin().get("/v1/accounts/late").then().body("balance", equalTo("0.00"));
    }

    @Test
    void anOldModeAccountNeedsItsContractBookAndLeavesTheOldModeByBuying() {
        admin().body("{\"accountId\": \"old\", \"registeredAt\": \"2019-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts").then().statusCode(400).body("errors.pointer", contains("/priceBook"));
        admin().body("{\"accountId\": \"old\", \"registeredAt\": \"2019-05-01T10:00:00+08:00\","
                + " \"priceBook\": \"legacy-unified-sample\"}").post("/v1/accounts").then().statusCode(201)
                .body("mode", equalTo("LEGACY"));
        admin().body("{\"amount\": \"168.00\", \"at\": \"2022-01-31T10:00:00+08:00\"}")
                .post("/v1/accounts/old/top-ups").then().statusCode(200);
        admin().body("{\"thousandMinutes\": 25, \"paidAt\": \"2022-02-01T08:00:00+08:00\"}")
                .post("/v1/accounts/old/packages").then().statusCode(201);
        admin().queryParam("at", "2022-02-01T07:00:00+08:00").get("/v1/accounts/old").then().body("mode", equalTo("LEGACY"));
        admin().queryParam("at", "2022-02-01T09:00:00+08:00").get("/v1/accounts/old").then().body("mode", equalTo("NEW"))
                .body("modeSince", equalTo("2022-02-01T08:00:00+08:00"));
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswerOnceAnotherBodyIsAConflict() {
        create("idem", "2021-03-01T10:00:00+08:00");
        String topUp = "{\"amount\": \"50.00\", \"at\": \"2021-03-05T10:00:00+08:00\"}";
        admin().header("Idempotency-Key", "t-1").body(topUp).post("/v1/accounts/idem/top-ups").then()
                .statusCode(200).body("balance", equalTo("50.00"));
        admin().header("Idempotency-Key", "t-1").body(topUp).post("/v1/accounts/idem/top-ups").then()
                .statusCode(200).header("Idempotent-Replayed", "true").body("balance", equalTo("50.00"));
        admin().header("Idempotency-Key", "t-1").body("{\"amount\": \"60.00\", \"at\": \"2021-03-05T10:00:00+08:00\"}")
                .post("/v1/accounts/idem/top-ups").then().statusCode(409);
        // Another body is a conflict even when it is invalid: the key is checked first.
        admin().header("Idempotency-Key", "t-1").body("{\"amount\": \"-1\"}")
                .post("/v1/accounts/idem/top-ups").then().statusCode(409);
        admin().get("/v1/accounts/idem").then().body("balance", equalTo("50.00"));
    }

    @Test
    void anIdempotencyKeyHoldsForOneEndpointOfOneAccount() {
        // The same key and body at another account, or another endpoint, would replay an answer for a write that was
        // never made (p2 never credited, postpaid never enabled): a conflict instead, and nothing written.
        create("idem-p1", "2021-03-01T10:00:00+08:00");
        create("idem-p2", "2021-03-01T10:00:00+08:00");
        String topUp = "{\"amount\": \"50.00\", \"at\": \"2021-03-05T10:00:00+08:00\"}";
        admin().header("Idempotency-Key", "k-1").body(topUp).post("/v1/accounts/idem-p1/top-ups").then()
                .statusCode(200).body("balance", equalTo("50.00"));
        admin().header("Idempotency-Key", "k-1").body(topUp).post("/v1/accounts/idem-p2/top-ups").then()
                .statusCode(409).body("type", containsString("idempotency-key-reused"));
        admin().get("/v1/accounts/idem-p2").then().body("balance", equalTo("0.00"));
        String at = "{\"at\": \"2021-03-06T10:00:00+08:00\"}";
        admin().header("Idempotency-Key", "k-2").body(at).post("/v1/accounts/idem-p1/postpaid").then().statusCode(200);
        admin().header("Idempotency-Key", "k-2").body(at).post("/v1/accounts/idem-p1/trial").then().statusCode(409)
                .body("type", containsString("idempotency-key-reused"));
        admin().header("Idempotency-Key", "k-2").body(at).post("/v1/accounts/idem-p1/postpaid").then().statusCode(200)
                .header("Idempotent-Replayed", "true");
    }

    @Test
    void everyChangeIsAuditedWithWhoWhatAndTheRequestId() {
        create("audited", "2021-03-01T10:00:00+08:00");
        admin().header("X-Request-Id", "req-42").body("{\"amount\": \"10.00\", \"at\": \"2021-03-05T10:00:00+08:00\"}")
                .post("/v1/accounts/audited/top-ups").then().statusCode(200).header("X-Request-Id", "req-42");
        admin().get("/v1/accounts/audited/audit").then().statusCode(200)
                .body("action", contains("account.created", "balance.topped-up"))
                .body("actor", hasItems("admin")).body("requestId", hasItem("req-42"))
                .body("detail", hasItem(containsString("10.00")));
    }

    @Test
    void anAccountUserSeesItsOwnAccountOnlyAndChangesNothing() {
        create("scoped", "2021-03-01T10:00:00+08:00");
        create("other", "2021-03-01T10:00:00+08:00");
        admin().body("{\"username\": \"scoped-user\", \"password\": \"scoped-password-1\", \"roles\": [\"account\"],"
                + " \"accountId\": \"scoped\"}").post("/v1/users").then().statusCode(201);
        Users.as("scoped-user", "scoped-password-1").get("/v1/accounts/scoped").then().statusCode(200)
                .body("accountId", equalTo("scoped"));
        Users.as("scoped-user", "scoped-password-1").get("/v1/accounts/other").then().statusCode(404)
                .contentType("application/problem+json");
        Users.as("scoped-user", "scoped-password-1").queryParam("date", "2021-03-02")
                .get("/v1/accounts/other/deductions").then().statusCode(404);
        Users.as("scoped-user", "scoped-password-1").contentType("application/json")
                .body("{\"amount\": \"10.00\", \"at\": \"2021-03-05T10:00:00+08:00\"}")
                .post("/v1/accounts/scoped/top-ups").then().statusCode(403);
        Users.as("scoped-user", "scoped-password-1").get("/v1/accounts/scoped/audit").then().statusCode(403);
    }

    @Test
    void badInputUnknownAccountsAndOtherRolesAreRefused() {
        admin().body("{\"accountId\": \"\", \"registeredAt\": \"yesterday\", \"colour\": 1}").post("/v1/accounts")
                .then().statusCode(400).body("errors.pointer", hasItems("/accountId", "/registeredAt", "/colour"));
        admin().get("/v1/accounts/nobody").then().statusCode(404).contentType("application/problem+json");
        admin().body("{\"amount\": \"10.00\", \"at\": \"2021-03-05T10:00:00+08:00\"}")
                .post("/v1/accounts/nobody/top-ups").then().statusCode(404);
        Users.asAnalyst().get("/v1/accounts/acme").then().statusCode(403);
        given().get("/v1/accounts/acme").then().statusCode(401);
        create("neg", "2021-03-01T10:00:00+08:00");
        admin().body("{\"amount\": \"-5\", \"at\": \"2021-03-05T10:00:00+08:00\"}").post("/v1/accounts/neg/top-ups")
                .then().statusCode(400).body("errors.pointer", contains("/amount"));
    }

    @Test
    void anOldModeAccountMayHaveRegisteredYearsBefore2019ButNotBefore2000() {
        admin().body("{\"accountId\": \"old-2015\", \"registeredAt\": \"2015-07-01T10:00:00+08:00\","
                + " \"priceBook\": \"legacy-unified-sample\"}").post("/v1/accounts").then().statusCode(201)
                .body("mode", equalTo("LEGACY")).body("registeredAt", equalTo("2015-07-01T10:00:00+08:00"));
        admin().body("{\"accountId\": \"old-1999\", \"registeredAt\": \"1999-12-31T10:00:00+08:00\","
                + " \"priceBook\": \"legacy-unified-sample\"}").post("/v1/accounts").then().statusCode(400)
                .body("errors.pointer", contains("/registeredAt"));
        admin().body("{\"kind\": \"LEGACY_HD\", \"minutes\": 0, \"acquiredAt\": \"2018-01-01T10:00:00+08:00\","
                + " \"colour\": 1}").post("/v1/accounts/old-2015/legacy-packages").then().statusCode(400)
                .body("errors.pointer", hasItems("/minutes", "/colour"));
    }

    @Test
    void accountAndAppIdsAreSafePathSegments() {
        // "." and ".." were created, and no path could name them (a path resolves them away); nor one with a '/'.
        for (String id : new String[] { ".", "..", "a/b", "a b", "-lead", "é", "a%2Fb", "x".repeat(129) }) {
            admin().body("{\"accountId\": \"" + id + "\", \"registeredAt\": \"2022-06-01T10:00:00+08:00\"}")
                    .post("/v1/accounts").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", contains("/accountId"));
        }
        // Every id the docs and the tests use is still one: letters, digits, '.', '_', '-', from a letter or digit.
        create("Path.Safe_id-1", "2022-06-01T10:00:00+08:00");
        admin().get("/v1/accounts/Path.Safe_id-1").then().statusCode(200).body("accountId", equalTo("Path.Safe_id-1"));
        for (String app : new String[] { ".", "..", "14/00", "" }) {
            admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"2022-06-02T10:00:00+08:00\"}")
                    .post("/v1/accounts/Path.Safe_id-1/apps").then().statusCode(400)
                    .body("errors.pointer", contains("/appId"));
        }
        admin().body("{\"appId\": \"1400000901\", \"createdAt\": \"2022-06-02T10:00:00+08:00\"}")
                .post("/v1/accounts/Path.Safe_id-1/apps").then().statusCode(201);
        admin().body("{\"accountId\": \"..\", \"registeredAt\": \"2022-06-01T10:00:00+08:00\"}")
                .post("/v1/accounts").then().statusCode(400)
                .body("errors[0].message", containsString("starting with a letter or digit"));
    }
}
