package rtc.pricing.ledger;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.Users;

/**
 * Policy "Settled days are final": a purchase, refund, conversion, old package, trial or price-book change that would
 * reach a billing day already settled for the account is refused with {@code 409 day-settled} naming the day, and
 * nothing of the account changes (its bills, balance, packages, deductions, audit: compared whole, over HTTP and in
 * the tables); the same write on a later, unsettled day goes through and leaves the settled day as it was billed.
 * Every figure worked out by hand from the fixture rules: HD 28.00 per 1,000 minutes (50 HD minutes: 1.40), a general
 * package takes 4 package minutes per HD minute, 1 thousand minutes cost 7.00; single-stream audio recording 3.5; the
 * book "legacy-unified-sample" prices every base minute, unified or per tier, at 15.00. Each test has its own account
 * and its own days: a settlement settles every account with usage on its day.
 */
@QuarkusTest
class SettledDaysTest {

    @Inject
    LedgerDatabase database;

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    /** An account (in the old mode with a book, registered 2017; else the new mode, 2023) with one app and money. */
    private static void account(String id, String app, String book, String topUp, String toppedUpAt) {
        boolean old = book != null;
        admin().body("{\"accountId\": \"" + id + "\", \"registeredAt\": \"" + (old ? "2017-03-01" : "2023-07-01")
                + "T10:00:00+08:00\"" + (old ? ", \"priceBook\": \"" + book + "\"" : "") + "}").post("/v1/accounts")
                .then().statusCode(201).body("mode", equalTo(old ? "LEGACY" : "NEW"));
        admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"" + (old ? "2018-05-01" : "2023-07-01")
                + "T10:00:00+08:00\"}").post("/v1/accounts/" + id + "/apps").then().statusCode(201);
        admin().body("{\"amount\": \"" + topUp + "\", \"at\": \"" + toppedUpAt + "\"}")
                .post("/v1/accounts/" + id + "/top-ups").then().statusCode(200);
    }

    private static void usage(String id, String app, String interval, String service, String category, String tier,
            String mode, long seconds) {
        Users.asBilling().contentType("application/json").body("{\"reports\": [{\"reportId\": \"" + id
                + "\", \"appId\": \"" + app + "\", \"interval\": \"" + interval + "\", \"service\": \"" + service
                + "\", \"category\": \"" + category + "\", \"tier\": " + (tier == null ? "null" : "\"" + tier + "\"")
                + (mode == null ? "" : ", \"mode\": \"" + mode + "\"") + ", \"seconds\": " + seconds + "}]}")
                .post("/v1/usage").then().statusCode(200).body("reports[0].status", equalTo("ACCEPTED"));
    }

    private static void settle(String day) {
        admin().post("/v1/settlements/" + day).then().statusCode(200).body("bills", equalTo(1));
    }

    /** The write is refused with 409 day-settled, its detail exactly {@code detail}. */
    private static void refused(String path, String body, String detail) {
        admin().body(body).post(path).then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/day-settled")).body("detail", equalTo(detail));
    }

    /**
     * Everything recorded for the account: over HTTP its bills, the account as of {@code at}, the deductions of
     * {@code day} and the audit; in the tables its packages, the deductions stored per day, money movements, bills
     * and price-book changes.
     */
    private String snapshot(String account, String day, String at) {
        StringBuilder out = new StringBuilder();
        out.append(admin().queryParam("from", "2023-01-01").queryParam("to", "2023-12-31")
                .get("/v1/accounts/" + account + "/bills").then().statusCode(200).extract().asString()).append('\n');
        out.append(admin().queryParam("from", "2024-01-01").queryParam("to", "2024-12-31")
                .get("/v1/accounts/" + account + "/bills").then().statusCode(200).extract().asString()).append('\n');
        out.append(admin().queryParam("at", at).get("/v1/accounts/" + account).then().statusCode(200).extract()
                .asString()).append('\n');
        out.append(admin().queryParam("date", day).get("/v1/accounts/" + account + "/deductions").then()
                .statusCode(200).extract().asString()).append('\n');
        out.append(admin().get("/v1/accounts/" + account + "/audit").then().statusCode(200).extract().asString())
                .append('\n');
        return out + database.inTransaction(c -> {
            StringBuilder rows = new StringBuilder();
            for (String sql : new String[] {
                    "select package_id, kind, minutes, used, acquired_at, refunded_at, converted_at, converted_used"
                            + " from package where account_id = ? order by package_id",
                    "select billing_date, package_id, minutes from package_day_use where account_id = ? order by"
                            + " billing_date, package_id",
                    "select billing_date, app_id, category, tier, minutes from postpaid_day where account_id = ?"
                            + " order by billing_date, app_id, category, tier",
                    "select movement_id, at, amount, kind, reference from money_movement where account_id = ? order"
                            + " by movement_id",
                    "select billing_date, app_id, price_book, total, paid, lines from bill where account_id = ? order"
                            + " by billing_date, app_id",
                    "select change_id, changed_at, from_date, price_book from account_price_book where account_id = ?"
                            + " order by change_id"}) {
                try (var s = c.prepareStatement(sql)) {
                    s.setString(1, account);
                    try (ResultSet r = s.executeQuery()) {
                        int n = r.getMetaData().getColumnCount();
                        while (r.next()) {
                            for (int i = 1; i <= n; i++) {
                                rows.append(r.getString(i)).append(i < n ? " " : "\n");
                            }
                        }
                    }
                }
            }
            return rows.toString();
        });
    }

    /**
     * The measured bug: 50 HD minutes on 2023-08-03, no package, settled at 1.40 and paid from the balance; a package
     * then bought at 09:00 that day would backfill them (200 package minutes) while the bill stays: charged twice.
     * Refused, as is a purchase the day before (it covers 08-03 too); bought on 08-04 it covers 08-04 only.
     */
    @Test
    void aPurchaseReachingASettledDayIsRefused() {
        String app = "1400099001";
        account("sd-buy", app, null, "10.00", "2023-07-01T10:00:00+08:00");
        usage("sd-buy-1", app, "2023-08-03T10:00:00+08:00", "BASE", "VIDEO", "HD", null, 3_000);
        settle("2023-08-03");
        admin().queryParam("from", "2023-08-03").queryParam("to", "2023-08-03").get("/v1/accounts/sd-buy/bills")
                .then().body("total", contains("1.40")).body("paid", contains("1.40"));
        String before = snapshot("sd-buy", "2023-08-03", "2023-08-04T12:00:00+08:00");

        refused("/v1/accounts/sd-buy/packages", "{\"thousandMinutes\": 1, \"paidAt\": \"2023-08-03T09:00:00+08:00\"}",
                "2023-08-03 is already settled for account sd-buy: a purchase at 2023-08-03T09:00+08:00 would change"
                        + " what was billed");
        refused("/v1/accounts/sd-buy/packages", "{\"thousandMinutes\": 1, \"paidAt\": \"2023-08-02T09:00:00+08:00\"}",
                "2023-08-03 is already settled for account sd-buy: a purchase at 2023-08-02T09:00+08:00 would change"
                        + " what was billed (a package covers its purchase day from 00:00 and every later day)");
        assertEquals(before, snapshot("sd-buy", "2023-08-03", "2023-08-04T12:00:00+08:00"));
        admin().queryParam("at", "2023-08-04T12:00:00+08:00").get("/v1/accounts/sd-buy").then()
                .body("balance", equalTo("8.60")).body("packages", empty());
        admin().queryParam("date", "2023-08-03").get("/v1/accounts/sd-buy/deductions").then()
                .body("deductions[0].covered", empty()).body("deductions[0].postpaidMinutes", equalTo(50));

        // On the next, unsettled day: 7.00 from the balance, and 08-04's 50 HD minutes take 200 package minutes.
        admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2023-08-04T09:00:00+08:00\"}")
                .post("/v1/accounts/sd-buy/packages").then().statusCode(201).body("price", equalTo("7.00"));
        usage("sd-buy-2", app, "2023-08-04T10:00:00+08:00", "BASE", "VIDEO", "HD", null, 3_000);
        settle("2023-08-04");
        admin().queryParam("from", "2023-08-01").queryParam("to", "2023-08-31").get("/v1/accounts/sd-buy/bills")
                .then().body("date", contains("2023-08-03", "2023-08-04")).body("total", contains("1.40", "0.00"))
                .body("paid", contains("1.40", "0.00"));
        admin().queryParam("date", "2023-08-03").get("/v1/accounts/sd-buy/deductions").then()
                .body("deductions[0].covered", empty()).body("deductions[0].postpaidMinutes", equalTo(50));
        admin().queryParam("date", "2023-08-04").get("/v1/accounts/sd-buy/deductions").then()
                .body("deductions[0].covered.packageMinutes", contains(200))
                .body("deductions[0].postpaidMinutes", equalTo(0));
        admin().queryParam("at", "2023-08-05T12:00:00+08:00").get("/v1/accounts/sd-buy").then()
                .body("balance", equalTo("1.60")).body("packages.used", contains(200));
        admin().get("/v1/accounts/sd-buy/bills/2023-08-03/" + app + "/repriced").then().statusCode(200)
                .body("repricedTotal", equalTo("1.40")).body("same", equalTo(true));
    }

    /**
     * A package bought 2023-09-01 09:00 (7.00), never used: 09-02 has only recording (1,000 minutes, 3.50), settled.
     * A refund on 09-02, or on 09-01 (its price back in the balance before 09-02's bill was charged), is refused; on
     * 09-03, inside the refund window, it goes through.
     */
    @Test
    void aRefundInOrBeforeASettledDayIsRefused() {
        String app = "1400099002";
        account("sd-refund", app, null, "20.00", "2023-09-01T08:00:00+08:00");
        String p = admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2023-09-01T09:00:00+08:00\"}")
                .post("/v1/accounts/sd-refund/packages").then().statusCode(201).extract().path("packageId");
        usage("sd-refund-1", app, "2023-09-02T10:00:00+08:00", "RECORDING", "AUDIO", null, "SINGLE", 60_000);
        settle("2023-09-02");
        String before = snapshot("sd-refund", "2023-09-02", "2023-09-03T12:00:00+08:00");

        refused("/v1/accounts/sd-refund/packages/" + p + "/refund", "{\"at\": \"2023-09-02T10:00:00+08:00\"}",
                "2023-09-02 is already settled for account sd-refund: a refund at 2023-09-02T10:00+08:00 would change"
                        + " what was billed");
        refused("/v1/accounts/sd-refund/packages/" + p + "/refund", "{\"at\": \"2023-09-01T12:00:00+08:00\"}",
                "2023-09-02 is already settled for account sd-refund: a refund at 2023-09-01T12:00+08:00 would change"
                        + " what was billed (its price would be back in the balance before that day's bill was"
                        + " charged)");
        assertEquals(before, snapshot("sd-refund", "2023-09-02", "2023-09-03T12:00:00+08:00"));
        admin().queryParam("at", "2023-09-03T12:00:00+08:00").get("/v1/accounts/sd-refund").then()
                .body("balance", equalTo("9.50")).body("packages.state", contains("ACTIVE"));

        admin().body("{\"at\": \"2023-09-03T10:00:00+08:00\"}").post("/v1/accounts/sd-refund/packages/" + p
                + "/refund").then().statusCode(200).body("refunded", equalTo("7.00")).body("balance", equalTo("16.50"));
        admin().queryParam("from", "2023-09-01").queryParam("to", "2023-09-30").get("/v1/accounts/sd-refund/bills")
                .then().body("total", contains("3.50")).body("paid", contains("3.50"));
        admin().get("/v1/accounts/sd-refund/bills/2023-09-02/" + app + "/repriced").then().statusCode(200)
                .body("repricedTotal", equalTo("3.50")).body("same", equalTo(true));
    }

    /**
     * An old-mode account's first purchase (2024-02-01 09:00, a package of 1 minute, 0.01) moved it to the new mode.
     * On 02-02, 30 s of SD and 30 s of HD: the package holds too few minutes for either (ratios 2 and 4), so 1 SD and
     * 1 HD minute are postpaid at the book's 15.00: 0.03, settled. Refunded on 02-03, the purchase would move the
     * account nowhere, so 02-02 would have been the old mode's: 1 unified minute, 0.015. Refused, naming 02-02.
     */
    @Test
    void aRefundThatWouldUndoTheNewModeOfASettledDayIsRefused() {
        String app = "1400099007";
        account("sd-leave", app, "legacy-unified-sample", "1.00", "2024-02-01T08:00:00+08:00");
        String p = admin().body("{\"thousandMinutes\": 0.001, \"paidAt\": \"2024-02-01T09:00:00+08:00\"}")
                .post("/v1/accounts/sd-leave/packages").then().statusCode(201).body("price", equalTo("0.01"))
                .extract().path("packageId");
        usage("sd-leave-1", app, "2024-02-02T10:00:00+08:00", "BASE", "VIDEO", "SD", null, 30);
        usage("sd-leave-2", app, "2024-02-02T10:00:00+08:00", "BASE", "VIDEO", "HD", null, 30);
        settle("2024-02-02");
        admin().queryParam("from", "2024-02-02").queryParam("to", "2024-02-02").get("/v1/accounts/sd-leave/bills")
                .then().body("[0].lines.tier", contains("SD", "HD")).body("[0].total", equalTo("0.03"));
        String before = snapshot("sd-leave", "2024-02-02", "2024-02-03T12:00:00+08:00");

        refused("/v1/accounts/sd-leave/packages/" + p + "/refund", "{\"at\": \"2024-02-03T10:00:00+08:00\"}",
                "2024-02-02 is already settled for account sd-leave: a refund at 2024-02-03T10:00+08:00 of the package"
                        + " bought at 2024-02-01T09:00+08:00 would change what was billed (that purchase moved the"
                        + " account to the new billing mode: refunded, the account is in the old mode from the"
                        + " purchase on)");
        assertEquals(before, snapshot("sd-leave", "2024-02-02", "2024-02-03T12:00:00+08:00"));
        admin().queryParam("at", "2024-02-03T12:00:00+08:00").get("/v1/accounts/sd-leave").then()
                .body("mode", equalTo("NEW")).body("packages.state", contains("ACTIVE"));
    }

    /**
     * An old-mode account with an old HD package of 200 minutes (valid through 2024-01-31): 10 unified minutes on
     * 2023-10-03 take 10 of them, settled (0.00). Converting on 10-03 or 10-02 would make 10-03 the new mode's:
     * refused. Converted on 10-04: 190 × 4 = 760 general minutes, and 10-03 stays as billed.
     */
    @Test
    void aConversionReachingASettledDayIsRefused() {
        String app = "1400099003";
        account("sd-convert", app, "legacy-unified-sample", "10.00", "2023-10-01T00:00:00+08:00");
        admin().body("{\"kind\": \"LEGACY_HD\", \"minutes\": 200, \"acquiredAt\": \"2023-01-10T10:00:00+08:00\"}")
                .post("/v1/accounts/sd-convert/legacy-packages").then().statusCode(201);
        usage("sd-convert-1", app, "2023-10-03T10:00:00+08:00", "BASE", "AUDIO", null, null, 600);
        settle("2023-10-03");
        String before = snapshot("sd-convert", "2023-10-03", "2023-10-04T00:00:00+08:00");

        refused("/v1/accounts/sd-convert/legacy-conversion", "{\"at\": \"2023-10-03T09:00:00+08:00\"}",
                "2023-10-03 is already settled for account sd-convert: a conversion at 2023-10-03T09:00+08:00 would"
                        + " change what was billed");
        refused("/v1/accounts/sd-convert/legacy-conversion", "{\"at\": \"2023-10-02T12:00:00+08:00\"}",
                "2023-10-03 is already settled for account sd-convert: a conversion at 2023-10-02T12:00+08:00 would"
                        + " change what was billed (the account is in the new mode from then on, and its old packages"
                        + " keep only what they had used)");
        assertEquals(before, snapshot("sd-convert", "2023-10-03", "2023-10-04T00:00:00+08:00"));
        admin().queryParam("at", "2023-10-04T00:00:00+08:00").get("/v1/accounts/sd-convert").then()
                .body("mode", equalTo("LEGACY")).body("packages.used", contains(10))
                .body("packages[0].convertedTo", nullValue());

        admin().body("{\"at\": \"2023-10-04T12:00:00+08:00\"}").post("/v1/accounts/sd-convert/legacy-conversion")
                .then().statusCode(200).body("packages[0].remaining", equalTo(190))
                .body("packages[0].generalMinutes", equalTo(760)).body("mode", equalTo("NEW"));
        admin().queryParam("date", "2023-10-03").get("/v1/accounts/sd-convert/deductions").then()
                .body("deductions[0].covered.packageMinutes", contains(10));
        admin().queryParam("from", "2023-10-01").queryParam("to", "2023-10-31").get("/v1/accounts/sd-convert/bills")
                .then().body("total", contains("0.00"));
    }

    /**
     * An old-mode account with no old package: 10 unified minutes on 2023-11-03 are postpaid at 15.00 (0.15),
     * settled. An old package recorded as acquired that day, or months before, would cover them: refused. Acquired
     * on 11-04, it covers 11-04's minutes. Its book cannot be dropped while it is in the old mode (400).
     */
    @Test
    void anOldPackageReachingASettledDayIsRefused() {
        String app = "1400099004";
        account("sd-legacy", app, "legacy-unified-sample", "10.00", "2023-11-01T00:00:00+08:00");
        usage("sd-legacy-1", app, "2023-11-03T10:00:00+08:00", "BASE", "AUDIO", null, null, 600);
        settle("2023-11-03");
        admin().queryParam("from", "2023-11-03").queryParam("to", "2023-11-03").get("/v1/accounts/sd-legacy/bills")
                .then().body("total", contains("0.15"));
        String before = snapshot("sd-legacy", "2023-11-03", "2023-11-04T00:00:00+08:00");

        refused("/v1/accounts/sd-legacy/legacy-packages", "{\"kind\": \"LEGACY_VOICE\", \"minutes\": 100,"
                + " \"acquiredAt\": \"2023-11-03T08:00:00+08:00\"}", "2023-11-03 is already settled for account"
                        + " sd-legacy: an old package acquired at 2023-11-03T08:00+08:00 would change what was billed");
        refused("/v1/accounts/sd-legacy/legacy-packages", "{\"kind\": \"LEGACY_VOICE\", \"minutes\": 100,"
                + " \"acquiredAt\": \"2023-06-01T10:00:00+08:00\"}", "2023-11-03 is already settled for account"
                        + " sd-legacy: an old package acquired at 2023-06-01T10:00+08:00 would change what was billed"
                        + " (an old package covers unified minutes from its day on)");
        assertEquals(before, snapshot("sd-legacy", "2023-11-03", "2023-11-04T00:00:00+08:00"));

        admin().body("{\"kind\": \"LEGACY_VOICE\", \"minutes\": 100, \"acquiredAt\": \"2023-11-04T10:00:00+08:00\"}")
                .post("/v1/accounts/sd-legacy/legacy-packages").then().statusCode(201);
        usage("sd-legacy-2", app, "2023-11-04T12:00:00+08:00", "BASE", "AUDIO", null, null, 600);
        settle("2023-11-04");
        admin().queryParam("from", "2023-11-01").queryParam("to", "2023-11-30").get("/v1/accounts/sd-legacy/bills")
                .then().body("total", contains("0.15", "0.00"));
        admin().queryParam("date", "2023-11-03").get("/v1/accounts/sd-legacy/deductions").then()
                .body("deductions[0].postpaidMinutes", equalTo(10));

        admin().body("{\"priceBook\": null, \"at\": \"2023-11-10T10:00:00+08:00\"}")
                .post("/v1/accounts/sd-legacy/price-book").then().statusCode(400)
                .contentType("application/problem+json").body("errors.pointer", contains("/priceBook"))
                .body("errors[0].message", containsString("old billing mode on 2023-11-10"));
    }

    /** The trial covers its day from 00:00 too: granted on (or before) a settled day, refused; the day after, given. */
    @Test
    void aTrialReachingASettledDayIsRefused() {
        String app = "1400099005";
        account("sd-trial", app, null, "10.00", "2023-07-01T10:00:00+08:00");
        usage("sd-trial-1", app, "2023-12-03T10:00:00+08:00", "BASE", "VIDEO", "HD", null, 3_000);
        settle("2023-12-03");
        String before = snapshot("sd-trial", "2023-12-03", "2023-12-04T00:00:00+08:00");

        refused("/v1/accounts/sd-trial/trial", "{\"at\": \"2023-12-03T12:00:00+08:00\"}", "2023-12-03 is already"
                + " settled for account sd-trial: a trial granted at 2023-12-03T12:00+08:00 would change what was"
                + " billed");
        refused("/v1/accounts/sd-trial/trial", "{\"at\": \"2023-12-01T12:00:00+08:00\"}", "2023-12-03 is already"
                + " settled for account sd-trial: a trial granted at 2023-12-01T12:00+08:00 would change what was"
                + " billed (the trial covers its day from 00:00 and every later day)");
        assertEquals(before, snapshot("sd-trial", "2023-12-03", "2023-12-04T00:00:00+08:00"));

        admin().body("{\"at\": \"2023-12-04T10:00:00+08:00\"}").post("/v1/accounts/sd-trial/trial").then()
                .statusCode(201).body("minutes", equalTo(10000));
        admin().queryParam("date", "2023-12-03").get("/v1/accounts/sd-trial/deductions").then()
                .body("deductions[0].covered", empty()).body("deductions[0].postpaidMinutes", equalTo(50));
    }

    /**
     * No book, then "legacy-unified-sample" from 2024-01-04: 50 HD minutes on 01-03 bill 1.40 at list price, settled;
     * changing the book on 01-03, or 01-02, is refused. Changed at 01-04 08:00, the book prices all of 01-04 (50 HD
     * minutes at 15.00: 0.75); 01-03 keeps its bill, its book and its re-pricing.
     */
    @Test
    void aPriceBookChangePricesItsDayOnAndNeverASettledDay() {
        String app = "1400099006";
        account("sd-book", app, null, "10.00", "2024-01-01T00:00:00+08:00");
        usage("sd-book-1", app, "2024-01-03T10:00:00+08:00", "BASE", "VIDEO", "HD", null, 3_000);
        settle("2024-01-03");
        String before = snapshot("sd-book", "2024-01-03", "2024-01-03T12:00:00+08:00");

        refused("/v1/accounts/sd-book/price-book", "{\"priceBook\": \"legacy-unified-sample\", \"at\":"
                + " \"2024-01-03T20:00:00+08:00\"}", "2024-01-03 is already settled for account sd-book: a price-book"
                        + " change at 2024-01-03T20:00+08:00 would change what was billed");
        refused("/v1/accounts/sd-book/price-book", "{\"priceBook\": \"legacy-unified-sample\", \"at\":"
                + " \"2024-01-02T10:00:00+08:00\"}", "2024-01-03 is already settled for account sd-book: a price-book"
                        + " change at 2024-01-02T10:00+08:00 would change what was billed (a book prices its whole"
                        + " billing day and every later one)");
        assertEquals(before, snapshot("sd-book", "2024-01-03", "2024-01-03T12:00:00+08:00"));

        String change = "{\"priceBook\": \"legacy-unified-sample\", \"at\": \"2024-01-04T08:00:00+08:00\"}";
        admin().header("Idempotency-Key", "sd-book-1").body(change).post("/v1/accounts/sd-book/price-book").then()
                .statusCode(200).body("priceBook", equalTo("legacy-unified-sample"))
                .body("at", equalTo("2024-01-04T08:00:00+08:00"));
        admin().header("Idempotency-Key", "sd-book-1").body(change).post("/v1/accounts/sd-book/price-book").then()
                .statusCode(200).header("Idempotent-Replayed", "true");
        admin().queryParam("at", "2024-01-03T23:59:59+08:00").get("/v1/accounts/sd-book").then()
                .body("priceBook", nullValue());
        admin().queryParam("at", "2024-01-04T00:00:00+08:00").get("/v1/accounts/sd-book").then()
                .body("priceBook", equalTo("legacy-unified-sample"));

        usage("sd-book-2", app, "2024-01-04T10:00:00+08:00", "BASE", "VIDEO", "HD", null, 3_000);
        admin().queryParam("date", "2024-01-04").get("/v1/accounts/sd-book/deductions").then()
                .body("postpaid[0].unitPrice", equalTo("15.00")).body("postpaid[0].amount", equalTo("0.75"));
        admin().queryParam("date", "2024-01-03").get("/v1/accounts/sd-book/deductions").then()
                .body("postpaid[0].unitPrice", equalTo("28.00")).body("postpaid[0].amount", equalTo("1.40"));
        settle("2024-01-04");
        admin().queryParam("from", "2024-01-01").queryParam("to", "2024-01-31").get("/v1/accounts/sd-book/bills")
                .then().body("date", contains("2024-01-03", "2024-01-04")).body("total", contains("1.40", "0.75"))
                .body("lines.unitPrice", contains(contains("28.00"), contains("15.00")));
        admin().get("/v1/accounts/sd-book/bills/2024-01-03/" + app + "/repriced").then().statusCode(200)
                .body("storedTotal", equalTo("1.40")).body("repricedTotal", equalTo("1.40")).body("same", equalTo(true));
        admin().get("/v1/accounts/sd-book/bills/2024-01-04/" + app + "/repriced").then().statusCode(200)
                .body("repricedTotal", equalTo("0.75")).body("same", equalTo(true));

        // Back to the list prices from 01-05: a later change ends the book's days.
        admin().body("{\"priceBook\": null, \"at\": \"2024-01-05T00:00:00+08:00\"}")
                .post("/v1/accounts/sd-book/price-book").then().statusCode(200).body("priceBook", nullValue());
        admin().queryParam("at", "2024-01-04T23:00:00+08:00").get("/v1/accounts/sd-book").then()
                .body("priceBook", equalTo("legacy-unified-sample"));
        admin().get("/v1/accounts/sd-book/audit").then()
                .body("action", contains("account.created", "app.created", "balance.topped-up", "bill.settled",
                        "price-book.changed", "bill.settled", "price-book.changed"))
                .body("detail", hasItem("from billing day 2024-01-04 (at 2024-01-04T08:00+08:00): list prices → book"
                        + " legacy-unified-sample"));
    }

    @Test
    void aPriceBookChangeIsCheckedLikeEveryAccountWrite() {
        account("sd-book-input", "1400099008", null, "1.00", "2024-03-01T00:00:00+08:00");
        admin().body("{\"at\": \"2024-03-02T00:00:00+08:00\"}").post("/v1/accounts/sd-book-input/price-book").then()
                .statusCode(400).contentType("application/problem+json").body("errors.pointer", contains("/priceBook"));
        admin().body("{\"priceBook\": \"no-such-book\", \"at\": \"2024-03-02T00:00:00+08:00\"}")
                .post("/v1/accounts/sd-book-input/price-book").then().statusCode(400)
                .body("errors.pointer", contains("/priceBook"))
                .body("errors[0].message", containsString("unknown price book 'no-such-book'"));
        admin().body("{\"priceBook\": \"\", \"at\": \"tomorrow\", \"colour\": 1}")
                .post("/v1/accounts/sd-book-input/price-book").then().statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/priceBook", "/at", "/colour"));
        // A scalar of the wrong kind stops the binding where it is: named, with nothing written.
        admin().body("{\"priceBook\": 7, \"at\": \"tomorrow\", \"colour\": 1}")
                .post("/v1/accounts/sd-book-input/price-book").then().statusCode(400)
                .body("errors.pointer", contains("/priceBook")).body("errors[0].message", equalTo("must be a string"));
        admin().body("{\"priceBook\": null, \"at\": \"2024-03-02T00:00:00+08:00\"}")
                .post("/v1/accounts/nobody/price-book").then().statusCode(404);
        admin().get("/v1/accounts/sd-book-input/audit").then()
                .body("action", contains("account.created", "app.created", "balance.topped-up"));
    }
}
