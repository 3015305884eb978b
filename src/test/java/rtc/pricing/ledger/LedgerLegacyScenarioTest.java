package rtc.pricing.ledger;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.Users;

/**
 * Two old-mode accounts (registered 2017-03-01, contract book "legacy-unified-sample": a unified minute costs 15.00),
 * every figure worked out by hand. Old packages cover unified minutes 1:1, used by earliest expiry; a package
 * acquired in June 2021 is valid through 2022-06-30, one acquired in December 2021 through 2022-12-31.
 * <ol>
 * <li>"old-co" holds SD 100 (to 2022-06-30) and HD 200 (to 2022-12-31). 03-01: 90 unified minutes, all from SD (10
 * left). 03-02: a purchase is refused, an old package has minutes left. 03-05: 30 minutes: SD's last 10, then 20
 * from HD (180 left). 03-10 10:00: 10 minutes from HD (170 left). 03-10 12:00: conversion: HD 170 × 4 = 680 general
 * minutes through 2022-12-31; SD is used up and converts to nothing; the account is in the new mode from 12:00.
 * 13:00: 10 HD minutes, new mode: 10 × 4 = 40 from the converted package (640 left). A report of 11:00 (before the
 * conversion: 5 unified minutes) arriving afterwards finds HD holding only what it had used: postpaid, 5 × 15.00 /
 * 1000 = 0.075.</li>
 * <li>"old-co2" holds VOICE 100 (to 2022-06-30). 03-05: 100 minutes use it up. 03-20: a purchase is refused: from
 * 2022-04-01 only. 04-01 09:00: a package of 1 thousand minutes (7.00) is bought: new mode from 09:00. That day, 08:00:
 * 1 unified minute nobody covers (postpaid at 15.00), 10:00: 1 HD minute, new mode, 4 minutes from the package.</li>
 * </ol>
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerLegacyScenarioTest {

    private static final String APP = "1400077101";
    private static final String APP2 = "1400077102";

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    private static void usage(String id, String app, String interval, String category, String tier, long seconds) {
        Users.asBilling().contentType("application/json").body("{\"reports\": [{\"reportId\": \"" + id
                + "\", \"appId\": \"" + app + "\", \"interval\": \"" + interval + "\", \"service\": \"BASE\","
                + " \"category\": \"" + category + "\", \"tier\": " + (tier == null ? "null" : "\"" + tier + "\"")
                + ", \"seconds\": " + seconds + "}]}")
                .post("/v1/usage").then().statusCode(200).body("reports[0].status", equalTo("ACCEPTED"));
    }

    private static void account(String id, String app) {
        admin().body("{\"accountId\": \"" + id + "\", \"registeredAt\": \"2017-03-01T10:00:00+08:00\","
                + " \"priceBook\": \"legacy-unified-sample\"}").post("/v1/accounts").then().statusCode(201)
                .body("mode", equalTo("LEGACY"));
        admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"2018-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/" + id + "/apps").then().statusCode(201);
    }

    private static String oldPackage(String account, String kind, long minutes, String acquiredAt) {
        return admin().body("{\"kind\": \"" + kind + "\", \"minutes\": " + minutes + ", \"acquiredAt\": \""
                + acquiredAt + "\"}").post("/v1/accounts/" + account + "/legacy-packages").then().statusCode(201)
                .body("kind", equalTo(kind)).body("price", nullValue()).extract().path("packageId");
    }

    @Test
    @Order(1)
    void oldPackagesCoverUnifiedMinutesThenAPurchaseIsRefusedWhileMinutesAreLeft() {
        account("old-co", APP);
        // Its first app predates 2019-10-11: no free trial.
        admin().body("{\"at\": \"2022-03-01T00:00:00+08:00\"}").post("/v1/accounts/old-co/trial").then()
                .statusCode(409).body("type", containsString("trial-refused"));
        String sd = oldPackage("old-co", "LEGACY_SD", 100, "2021-06-01T10:00:00+08:00");
        String hd = oldPackage("old-co", "LEGACY_HD", 200, "2021-12-01T10:00:00+08:00");
        admin().body("{\"amount\": \"100.00\", \"at\": \"2022-03-01T00:00:00+08:00\"}")
                .post("/v1/accounts/old-co/top-ups").then().statusCode(200);

        usage("old-1", APP, "2022-03-01T10:00:00+08:00", "AUDIO", null, 5_400);
        admin().queryParam("at", "2022-03-01T23:00:00+08:00").get("/v1/accounts/old-co").then()
                .body("mode", equalTo("LEGACY")).body("packages.packageId", contains(sd, hd))
                .body("packages.expiresOn", contains("2022-06-30", "2022-12-31"))
                .body("packages.used", contains(90, 0));

        admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2022-03-02T10:00:00+08:00\"}")
                .post("/v1/accounts/old-co/packages").then().statusCode(409)
                .body("detail", containsString("An old-mode account may not buy a general package while an old"
                        + " package has minutes left"));

        usage("old-2", APP, "2022-03-05T10:00:00+08:00", "AUDIO", null, 1_800);
        usage("old-3", APP, "2022-03-10T10:00:00+08:00", "VIDEO", "SD", 600);
        admin().queryParam("at", "2022-03-10T11:59:00+08:00").get("/v1/accounts/old-co").then()
                .body("packages.used", contains(100, 30)).body("packages.state", contains("EXHAUSTED", "ACTIVE"));
    }

    @Test
    @Order(2)
    void conversionGivesGeneralMinutesWithTheOldExpiryAndTheNewModeFromThen() {
        JsonPath converted = admin().body("{\"at\": \"2022-03-10T12:00:00+08:00\"}")
                .post("/v1/accounts/old-co/legacy-conversion").then().statusCode(200)
                .body("packages", hasSize(1)).body("packages[0].kind", equalTo("LEGACY_HD"))
                .body("packages[0].remaining", equalTo(170)).body("packages[0].factor", equalTo(4))
                .body("packages[0].generalMinutes", equalTo(680)).body("packages[0].expiresOn", equalTo("2022-12-31"))
                .body("mode", equalTo("NEW")).body("modeSince", equalTo("2022-03-10T12:00:00+08:00"))
                .body("modeRule", equalTo("Converting its old packages moves an old-mode account to the new mode"
                        + " from the conversion on"))
                .extract().jsonPath();
        String general = converted.getString("packages[0].convertedTo");

        usage("old-4", APP, "2022-03-10T13:00:00+08:00", "VIDEO", "HD", 600);
        admin().queryParam("date", "2022-03-10").get("/v1/accounts/old-co/deductions").then().statusCode(200)
                .body("deductions.tier", contains("SD", "HD"))
                .body("deductions[0].covered.packageMinutes", contains(10))
                .body("deductions[1].covered.packageId", contains(general))
                .body("deductions[1].covered.usageMinutes", contains(10))
                .body("deductions[1].covered.packageMinutes", contains(40));

        // A report of 11:00 (old mode) arriving after the conversion: the HD package keeps only the 30 minutes it
        // had used, so nothing covers these 5 unified minutes: postpaid at the book's 15.00.
        usage("old-5", APP, "2022-03-10T11:00:00+08:00", "AUDIO", null, 300);
        admin().queryParam("date", "2022-03-10").get("/v1/accounts/old-co/deductions").then().statusCode(200)
                .body("postpaid.category", contains("UNIFIED")).body("postpaid[0].minutes", equalTo(5))
                .body("postpaid[0].amount", equalTo("0.075"));

        admin().queryParam("at", "2022-03-10T14:00:00+08:00").get("/v1/accounts/old-co").then()
                .body("mode", equalTo("NEW")).body("modeSince", equalTo("2022-03-10T12:00:00+08:00"))
                .body("packages.kind", contains("LEGACY_SD", "LEGACY_HD", "GENERAL"))
                .body("packages.used", contains(100, 30, 40)).body("packages.remaining", contains(0, 0, 640))
                .body("packages.state", contains("EXHAUSTED", "EXHAUSTED", "ACTIVE"))
                .body("packages[1].convertedTo", equalTo(general))
                .body("packages[2].convertedFrom", equalTo(converted.getString("packages[0].packageId")))
                .body("packages[2].expiresOn", equalTo("2022-12-31"))
                .body("packages[2].effectiveAt", equalTo("2022-03-10T12:00:00+08:00"))
                .body("packages[2].refundableUntil", nullValue()).body("balance", equalTo("100.00"));
        // Converted, not bought (and used): never refunded; and there is nothing left to convert.
        admin().body("{\"at\": \"2022-03-11T10:00:00+08:00\"}")
                .post("/v1/accounts/old-co/packages/" + general + "/refund").then().statusCode(409)
                .body("detail", containsString("is not refunded"));
        admin().body("{\"at\": \"2022-03-11T10:00:00+08:00\"}").post("/v1/accounts/old-co/legacy-conversion").then()
                .statusCode(409);
        admin().get("/v1/accounts/old-co/audit").then().body("action", org.hamcrest.Matchers.hasItem(
                "legacy-packages.converted"));
    }

    @Test
    @Order(3)
    void aPurchaseIsRefusedUntilTheMonthAfterTheLastOldPackageWasUsedUpThenItMovesTheAccount() {
        account("old-co2", APP2);
        oldPackage("old-co2", "LEGACY_VOICE", 100, "2021-06-01T10:00:00+08:00");
        admin().body("{\"amount\": \"100.00\", \"at\": \"2022-03-01T00:00:00+08:00\"}")
                .post("/v1/accounts/old-co2/top-ups").then().statusCode(200);
        usage("old2-1", APP2, "2022-03-05T10:00:00+08:00", "AUDIO", null, 6_000);

        admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2022-03-20T10:00:00+08:00\"}")
                .post("/v1/accounts/old-co2/packages").then().statusCode(409)
                .body("detail", containsString("used up or expired on 2022-03-05, so general packages may be bought"
                        + " from 2022-04-01"));
        admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2022-04-01T09:00:00+08:00\"}")
                .post("/v1/accounts/old-co2/packages").then().statusCode(201).body("price", equalTo("7.00"));

        usage("old2-2", APP2, "2022-04-01T08:00:00+08:00", "AUDIO", null, 60);
        usage("old2-3", APP2, "2022-04-01T10:00:00+08:00", "VIDEO", "HD", 60);
        admin().queryParam("date", "2022-04-01").get("/v1/accounts/old-co2/deductions").then().statusCode(200)
                .body("deductions.minutes", contains(1, 1))
                .body("deductions[0].postpaidMinutes", equalTo(1))
                .body("deductions[1].covered.packageMinutes", contains(4))
                .body("postpaid.category", contains("UNIFIED")).body("postpaid[0].amount", equalTo("0.015"));
        admin().queryParam("at", "2022-04-01T12:00:00+08:00").get("/v1/accounts/old-co2").then()
                .body("mode", equalTo("NEW")).body("modeSince", equalTo("2022-04-01T09:00:00+08:00"))
                .body("balance", equalTo("93.00"));
    }
}
