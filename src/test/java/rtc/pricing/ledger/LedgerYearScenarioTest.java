package rtc.pricing.ledger;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.Users;

/**
 * A season of one account's life, step by step, every figure worked out by hand (audio: 1 package minute per usage
 * minute, 7.00 per 1,000 minutes; a custom package of 1 thousand minutes: 1,000 × 0.00700000 = 7.00):
 * <ol>
 * <li>2022-01-01: registered, app created, trial of 10,000 minutes, top-up 10.00.</li>
 * <li>01-02: 9,000 audio minutes, all from the trial (1,000 left).</li>
 * <li>01-03 00:00: 2,000 minutes: the trial covers 1,000 and runs out; the other 1,000 wait uncovered. At 09:00 a
 * package of 1 thousand minutes is bought (7.00): it covers its day from 00:00, so those 1,000 minutes (backfill),
 * and is used up.</li>
 * <li>01-04: 1,000 minutes, nothing left: postpaid, 1,000 × 7.00 / 1000 = 7.00.</li>
 * <li>Settled: 01-02 and 01-03 bill 0.00, 01-04 bills 7.00 at 01-05 00:00; the balance holds 10.00 − 7.00 = 3.00,
 * so 3.00 is paid and the account is in arrears at −4.00; 24 h later (01-06 00:00) the service stops; a top-up of
 * 10.00 at 01-06 10:00 brings +6.00 and restores it.</li>
 * <li>01-07: 2,000 minutes, 14.00, billed at 01-08 00:00: 6.00 paid, −8.00; stopped from 01-09 00:00; 60 days
 * stopped: reclaimed at 03-10 00:00, packages included.</li>
 * </ol>
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerYearScenarioTest {

    private static final String APP = "1400077001";

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    private static void usage(String id, String interval, long seconds) {
        Users.asBilling().contentType("application/json").body("{\"reports\": [{\"reportId\": \"" + id
                + "\", \"appId\": \"" + APP + "\", \"interval\": \"" + interval + "\", \"service\": \"BASE\","
                + " \"category\": \"AUDIO\", \"tier\": null, \"seconds\": " + seconds + "}]}")
                .post("/v1/usage").then().statusCode(200).body("reports[0].status", equalTo("ACCEPTED"));
    }

    private static RequestSpecification at(String instant) {
        return admin().queryParam("at", instant);
    }

    @Test
    @Order(1)
    void trialThenAPurchaseThatBackfillsThenPostpaid() {
        admin().body("{\"accountId\": \"year\", \"registeredAt\": \"2022-01-01T10:00:00+08:00\"}").post("/v1/accounts")
                .then().statusCode(201).body("mode", equalTo("NEW"));
        admin().body("{\"appId\": \"" + APP + "\", \"createdAt\": \"2022-01-01T10:00:00+08:00\"}")
                .post("/v1/accounts/year/apps").then().statusCode(201);
        admin().body("{\"at\": \"2022-01-01T10:00:00+08:00\"}").post("/v1/accounts/year/trial").then().statusCode(201);
        admin().body("{\"amount\": \"10.00\", \"at\": \"2022-01-01T10:00:00+08:00\"}")
                .post("/v1/accounts/year/top-ups").then().statusCode(200);

        usage("year-1", "2022-01-02T10:00:00+08:00", 540_000);
        usage("year-2", "2022-01-03T00:00:00+08:00", 120_000);
        admin().queryParam("date", "2022-01-03").get("/v1/accounts/year/deductions").then()
                .body("deductions[0].minutes", equalTo(2000)).body("deductions[0].postpaidMinutes", equalTo(1000));

        admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2022-01-03T09:00:00+08:00\"}")
                .post("/v1/accounts/year/packages").then().statusCode(201).body("price", equalTo("7.00"));
        admin().queryParam("date", "2022-01-03").get("/v1/accounts/year/deductions").then()
                .body("deductions[0].covered.usageMinutes", contains(1000, 1000))
                .body("deductions[0].covered.backfill", contains(false, true))
                .body("deductions[0].postpaidMinutes", equalTo(0));

        usage("year-3", "2022-01-04T10:00:00+08:00", 60_000);
        at("2022-01-04T23:00:00+08:00").get("/v1/accounts/year").then()
                .body("packages.kind", contains("TRIAL", "GENERAL"))
                .body("packages.state", contains("EXHAUSTED", "EXHAUSTED"))
                .body("packages.used", contains(10000, 1000)).body("postpaid", equalTo(true))
                .body("balance", equalTo("3.00"));
    }

    @Test
    @Order(2)
    void aBillTheBalanceCannotPayStartsArrearsThenAStopThenATopUpRestores() {
        for (String day : new String[] {"2022-01-02", "2022-01-03", "2022-01-04"}) {
            admin().post("/v1/settlements/" + day).then().statusCode(200).body("bills", equalTo(1));
        }
        admin().post("/v1/settlements/2022-01-04").then().statusCode(200).body("bills", equalTo(0))
                .body("alreadySettled", equalTo(1));
        admin().queryParam("from", "2022-01-01").queryParam("to", "2022-01-31").get("/v1/accounts/year/bills").then()
                .statusCode(200).body("date", contains("2022-01-02", "2022-01-03", "2022-01-04"))
                .body("total", contains("0.00", "0.00", "7.00")).body("paid", contains("0.00", "0.00", "3.00"))
                .body("[2].lines[0].minutes", equalTo(1000)).body("[2].lines[0].unitPrice", equalTo("7.00"));

        // Each bill keeps its rules version: priced again from storage, it gives the same figures.
        admin().get("/v1/accounts/year/bills/2022-01-04/" + APP + "/repriced").then().statusCode(200)
                .body("storedTotal", equalTo("7.00")).body("repricedTotal", equalTo("7.00")).body("same", equalTo(true));
        at("2022-01-05T12:00:00+08:00").get("/v1/accounts/year").then().body("status", equalTo("ARREARS"))
                .body("balance", equalTo("-4.00"));
        at("2022-01-06T00:00:00+08:00").get("/v1/accounts/year").then().body("status", equalTo("STOPPED"))
                .body("stopReason", equalTo("ARREARS"));
        admin().body("{\"amount\": \"10.00\", \"at\": \"2022-01-06T10:00:00+08:00\"}")
                .post("/v1/accounts/year/top-ups").then().statusCode(200);
        at("2022-01-06T11:00:00+08:00").get("/v1/accounts/year").then().body("status", equalTo("ACTIVE"))
                .body("balance", equalTo("6.00"));
    }

    @Test
    @Order(3)
    void sixtyDaysStoppedReclaimTheAccountsPackages() {
        usage("year-4", "2022-01-07T10:00:00+08:00", 120_000);
        admin().post("/v1/settlements/2022-01-07").then().statusCode(200).body("total", equalTo("14.00"));
        at("2022-01-08T12:00:00+08:00").get("/v1/accounts/year").then().body("status", equalTo("ARREARS"))
                .body("balance", equalTo("-8.00"));
        at("2022-03-09T23:59:59+08:00").get("/v1/accounts/year").then().body("status", equalTo("STOPPED"));
        at("2022-03-10T00:00:00+08:00").get("/v1/accounts/year").then().body("status", equalTo("RECLAIMED"))
                .body("packages.state", contains("RECLAIMED", "RECLAIMED"));
    }

    @Test
    @Order(4)
    void packagesBoughtAfterTheReclaimCoverAndRefundsInsideAndOutsideTheWindow() {
        admin().body("{\"amount\": \"100.00\", \"at\": \"2022-03-15T10:00:00+08:00\"}")
                .post("/v1/accounts/year/top-ups").then().statusCode(200).body("balance", equalTo("92.00"));
        // Inside the window (2022-04-01 09:00 + 5 days − 1 s), never used: 7.00 back.
        String april = admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2022-04-01T09:00:00+08:00\"}")
                .post("/v1/accounts/year/packages").then().statusCode(201)
                .body("refundableUntil", equalTo("2022-04-06T08:59:59+08:00")).extract().path("packageId");
        admin().body("{\"at\": \"2022-04-03T10:00:00+08:00\"}").post("/v1/accounts/year/packages/" + april
                + "/refund").then().statusCode(200).body("refunded", equalTo("7.00")).body("balance", equalTo("92.00"));
        // Bought after the reclaim, so it covers: 1 audio minute on 05-02; asked on 05-10, past its deadline.
        String may = admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2022-05-01T09:00:00+08:00\"}")
                .post("/v1/accounts/year/packages").then().statusCode(201).extract().path("packageId");
        usage("year-5", "2022-05-02T10:00:00+08:00", 60);
        admin().queryParam("date", "2022-05-02").get("/v1/accounts/year/deductions").then()
                .body("deductions[0].covered.packageId", contains(may)).body("deductions[0].postpaidMinutes",
                        equalTo(0));
        admin().body("{\"at\": \"2022-05-10T10:00:00+08:00\"}").post("/v1/accounts/year/packages/" + may
                + "/refund").then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString(
                        "No refund after the refund deadline"));
        at("2022-05-10T11:00:00+08:00").get("/v1/accounts/year").then().body("balance", equalTo("85.00"))
                .body("packages.state", contains("RECLAIMED", "RECLAIMED", "REFUNDED", "ACTIVE"));
    }

    /**
     * Reclaim applies to deductions: "keep", trial of 10,000 minutes, never tops up; 1,000 minutes of single-stream
     * audio recording on 01-02 bill 1,000 × 3.5 / 1000 = 3.50 at 01-03 00:00, unpaid: arrears; stopped 01-04 00:00;
     * reclaimed 60 days later, 03-05 00:00. An audio minute on 03-04 is still the trial's; one on 03-06 finds no
     * package (the trial was reclaimed with 9,999 minutes left) and goes postpaid.
     */
    @Test
    @Order(5)
    void aReclaimedTrialCoversNothingAfterTheReclaim() {
        String app = "1400077002";
        admin().body("{\"accountId\": \"keep\", \"registeredAt\": \"2022-01-01T10:00:00+08:00\"}")
                .post("/v1/accounts").then().statusCode(201);
        admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"2022-01-01T10:00:00+08:00\"}")
                .post("/v1/accounts/keep/apps").then().statusCode(201);
        admin().body("{\"at\": \"2022-01-01T10:00:00+08:00\"}").post("/v1/accounts/keep/trial").then().statusCode(201);
        Users.asBilling().contentType("application/json").body("{\"reports\": [{\"reportId\": \"keep-rec\", \"appId\":"
                + " \"" + app + "\", \"interval\": \"2022-01-02T10:00:00+08:00\", \"service\": \"RECORDING\","
                + " \"category\": \"AUDIO\", \"tier\": null, \"mode\": \"SINGLE\", \"seconds\": 60000}]}")
                .post("/v1/usage").then().statusCode(200).body("reports[0].status", equalTo("ACCEPTED"));
        admin().post("/v1/settlements/2022-01-02").then().statusCode(200);
        admin().queryParam("from", "2022-01-02").queryParam("to", "2022-01-02").get("/v1/accounts/keep/bills").then()
                .body("total", contains("3.50")).body("paid", contains("0.00"));
        for (String[] r : new String[][] {{"keep-1", "2022-03-04T10:00:00+08:00"}, {"keep-2",
                "2022-03-06T10:00:00+08:00"}}) {
            Users.asBilling().contentType("application/json").body("{\"reports\": [{\"reportId\": \"" + r[0]
                    + "\", \"appId\": \"" + app + "\", \"interval\": \"" + r[1] + "\", \"service\": \"BASE\","
                    + " \"category\": \"AUDIO\", \"tier\": null, \"seconds\": 60}]}").post("/v1/usage").then()
                    .statusCode(200).body("reports[0].status", equalTo("ACCEPTED"));
        }
        admin().queryParam("date", "2022-03-04").get("/v1/accounts/keep/deductions").then()
                .body("deductions[0].covered.usageMinutes", contains(1)).body("deductions[0].postpaidMinutes",
                        equalTo(0));
        admin().queryParam("date", "2022-03-06").get("/v1/accounts/keep/deductions").then()
                .body("deductions[0].covered", org.hamcrest.Matchers.empty())
                .body("deductions[0].postpaidMinutes", equalTo(1));
        admin().queryParam("at", "2022-03-06T12:00:00+08:00").get("/v1/accounts/keep").then()
                .body("status", equalTo("RECLAIMED")).body("packages.state", contains("RECLAIMED"))
                .body("packages.used", contains(1));
    }
}
