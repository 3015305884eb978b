package rtc.pricing.ledger;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.TestDatabase;
import rtc.pricing.support.Users;

/** POST /v1/usage: exactly once, each report on its own, deducted as it arrives, backfilled by a later purchase. */
@QuarkusTest
class UsageIntakeTest {

    @Inject
    LedgerDatabase database;
    @Inject
    UsageIntake intake;
    @Inject
    rtc.pricing.rules.RuleRegistry registry;

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    private static void account(String id, String app, boolean postpaid) {
        admin().body("{\"accountId\": \"" + id + "\", \"registeredAt\": \"2022-05-01T10:00:00+08:00\", \"postpaid\": "
                + postpaid + "}").post("/v1/accounts").then().statusCode(201);
        admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/" + id + "/apps").then().statusCode(201);
        admin().body("{\"amount\": \"1000.00\", \"at\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/" + id + "/top-ups").then().statusCode(200);
    }

    private static String report(String id, String app, String interval, String category, String tier, int seconds) {
        return "{\"reportId\": \"" + id + "\", \"appId\": \"" + app + "\", \"interval\": \"" + interval
                + "\", \"service\": \"BASE\", \"category\": \"" + category + "\", \"tier\": "
                + (tier == null ? "null" : "\"" + tier + "\"") + ", \"seconds\": " + seconds + "}";
    }

    @Test
    void eachReportCountsOnceAndIsJudgedOnItsOwn() {
        account("u1", "1400001001", true);
        String first = report("u1-r1", "1400001001", "2022-06-01T10:00:00+08:00", "VIDEO", "HD", 30);
        Users.asBilling().contentType("application/json").body("{\"reports\": [" + first + "]}").post("/v1/usage")
                .then().statusCode(200).body("reports.status", contains("ACCEPTED")).body("accepted", equalTo(1));
        Users.asBilling().contentType("application/json").body("{\"reports\": [" + first + ", "
                + report("u1-r2", "1400009999", "2022-06-01T10:00:00+08:00", "AUDIO", null, 30) + ", "
                + report("u1-r3", "1400001001", "2022-06-01T10:00:00+08:00", "VIDEO", "XGA", 30) + ", "
                + report("u1-r4", "1400001001", "2022-06-01T10:03:00+08:00", "AUDIO", null, 30) + ", "
                + report("u1-r5", "1400001001", "2022-06-01T10:05:00+08:00", "VIDEO", "HD", 31) + "]}")
                .post("/v1/usage").then().statusCode(200)
                .body("reports.status", contains("DUPLICATE", "REJECTED", "REJECTED", "REJECTED", "ACCEPTED"))
                .body("reports[1].reason", containsString("belongs to no account"))
                .body("reports[2].reason", containsString("tier XGA"))
                .body("reports[3].reason", containsString("5-minute"));
        // 30 s + 31 s of HD in one day: ⌈61/60⌉ = 2 minutes, no package: 2 postpaid minutes.
        admin().queryParam("date", "2022-06-01").get("/v1/accounts/u1/deductions").then().statusCode(200)
                .body("deductions.minutes", contains(1, 1)).body("postpaid[0].minutes", equalTo(2))
                .body("postpaid[0].amount", equalTo("0.056"));
    }

    /**
     * A body that is no batch is refused whole (400, every fault with its pointer); a report that cannot be bound
     * is rejected on its own with its reasons, the others taken. The words are the API's: they are pinned here.
     */
    @Test
    void aBodyThatIsNoBatchIsRefusedWholeAndAnUnreadableReportOnlyItself() {
        String[][] refused = {
                {"[]", "", "the request body must be a JSON object {\"reports\": […]}"},
                {"{\"reports\": [], \"report\": 1}", "/report", "unknown field; did you mean \"reports\"?",
                        "/reports", "must be an array of 1 to 10000 reports"},
                {"{\"reports\": []}", "/reports", "must be an array of 1 to 10000 reports"},
                {"{\"reports\": null}", "/reports", "must be an array of 1 to 10000 reports"},
                {"{\"reports\": {}}", "/reports", "must be an array"}};
        for (String[] r : refused) {
            List<String> pointers = new ArrayList<>(), messages = new ArrayList<>();
            for (int i = 1; i < r.length; i += 2) {
                pointers.add(r[i]);
                messages.add(r[i + 1]);
            }
            Users.asBilling().contentType("application/json").body(r[0]).post("/v1/usage").then().statusCode(400)
                    .body("type", containsString("invalid-input"))
                    .body("errors.pointer", contains(pointers.toArray()))
                    .body("errors.message", contains(messages.toArray()));
        }
        account("u7", "1400007001", true);
        String good = report("u7-r1", "1400007001", "2022-06-01T10:00:00+08:00", "AUDIO", null, 30);
        String base = "\"reportId\": \"u7-x\", \"appId\": \"1400007001\", \"interval\": \"2022-06-01T10:00:00+08:00\"";
        Users.asBilling().contentType("application/json").body("{\"reports\": [" + String.join(", ", good, "7",
                "{" + base + ", \"service\": \"BASE\", \"category\": \"AUDIO\", \"seconds\": 1, \"room\": 1}",
                "{\"reportId\": 5, \"appId\": \"1400007001\"}",
                "{" + base + ", \"service\": \"LIVE\", \"category\": \"AUDIO\", \"seconds\": 1}",
                "{" + base + ", \"service\": \"BASE\", \"category\": \"DATA\", \"seconds\": 1}",
                "{" + base + ", \"service\": \"BASE\", \"category\": \"VIDEO\", \"seconds\": 1}",
                "{" + base + ", \"service\": \"BASE\", \"category\": \"AUDIO\", \"tier\": \"HD\", \"seconds\": 1}",
                "{" + base + ", \"service\": \"BASE\", \"category\": \"AUDIO\", \"mode\": \"MIXED\", \"seconds\": 1}",
                "{" + base + ", \"service\": \"BASE\", \"category\": \"AUDIO\", \"seconds\": -1}",
                "{\"reportId\": \"u7-x\", \"appId\": \"1400007001\", \"interval\": \"2022-06-01 10:00\","
                        + " \"service\": \"BASE\", \"category\": \"AUDIO\", \"seconds\": 1}",
                "{\"reportId\": \"u7-x\", \"appId\": \"1400007001\", \"interval\": \"2010-06-01T10:00:00+08:00\","
                        + " \"service\": \"BASE\", \"category\": \"AUDIO\", \"seconds\": 1}",
                "{\"reportId\": \"u7-x\", \"appId\": \"\", \"service\": \"BASE\"}") + "]}")
                .post("/v1/usage").then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0)).body("rejected", equalTo(12))
                .body("reports.reportId", contains("u7-r1", null, "u7-x", null, "u7-x", "u7-x", "u7-x", "u7-x",
                        "u7-x", "u7-x", "u7-x", "u7-x", "u7-x"))
                .body("reports.reason", contains(null,
                        "a report is an object {reportId, appId, interval, service, …}",
                        "unknown field room; expected one of [appId, category, codec, interval, mode, reportId,"
                                + " seconds, service, tier]",
                        // A scalar of the wrong kind stops the report's binding where it is.
                        "reportId must be a string",
                        "service must be one of [BASE, RECORDING, TRANSCODING]",
                        "category must be AUDIO or VIDEO",
                        "VIDEO needs a tier",
                        "AUDIO has no tier",
                        "mode belongs to RECORDING reports, codec to TRANSCODING ones",
                        "seconds must be a whole number from 0 to 1000000000",
                        "interval must be an ISO-8601 date-time with an offset",
                        "interval is outside the dates this service handles",
                        "appId must be a non-empty string of at most 128 characters; category is required;"
                                + " interval is required; seconds is required"));
    }

    @Test
    void aRetriedBatchWithItsIdempotencyKeyGetsTheFirstAnswerAgain() {
        account("u6", "1400006001", true);
        String batch = "{\"reports\": [" + report("u6-r1", "1400006001", "2022-06-01T10:00:00+08:00", "AUDIO", null,
                90) + "]}";
        Users.asBilling().contentType("application/json").header("Idempotency-Key", "batch-u6").body(batch)
                .post("/v1/usage").then().statusCode(200).body("reports.status", contains("ACCEPTED"));
        // The retry answers ACCEPTED, as the first time, not DUPLICATE; and nothing is counted twice.
        Users.asBilling().contentType("application/json").header("Idempotency-Key", "batch-u6").body(batch)
                .post("/v1/usage").then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("reports.status", contains("ACCEPTED"));
        Users.asBilling().contentType("application/json").body(batch).post("/v1/usage").then().statusCode(200)
                .body("reports.status", contains("DUPLICATE"));
        Users.asBilling().contentType("application/json").header("Idempotency-Key", "batch-u6")
                .body("{\"reports\": []}").post("/v1/usage").then().statusCode(409)
                .body("type", containsString("idempotency-key-reused"));
        admin().queryParam("date", "2022-06-01").get("/v1/accounts/u6/deductions").then().statusCode(200)
                .body("postpaid[0].minutes", equalTo(2));
    }

    @Test
    void aPackageBoughtLaterTheSameDayCoversTheMorningsMinutes() {
        account("u2", "1400002001", true);
        Users.asBilling().contentType("application/json").body("{\"reports\": ["
                + report("u2-r1", "1400002001", "2022-06-01T00:00:00+08:00", "VIDEO", "HD", 30) + "]}")
                .post("/v1/usage").then().statusCode(200);
        admin().queryParam("date", "2022-06-01").get("/v1/accounts/u2/deductions").then()
                .body("deductions[0].postpaidMinutes", equalTo(1));
        String p = admin().body("{\"thousandMinutes\": 25, \"paidAt\": \"2022-06-01T09:00:00+08:00\"}")
                .post("/v1/accounts/u2/packages").then().statusCode(201).extract().path("packageId");
        admin().queryParam("date", "2022-06-01").get("/v1/accounts/u2/deductions").then()
                .body("deductions[0].covered[0].packageId", equalTo(p))
                .body("deductions[0].covered[0].packageMinutes", equalTo(4))
                .body("deductions[0].covered[0].backfill", equalTo(true))
                .body("postpaid.size()", equalTo(0));
        admin().get("/v1/accounts/u2").then().body("packages[0].used", equalTo(4));
    }

    /** In the old billing mode every base minute is one unified minute per app and day, priced by the book. */
    @Test
    void anOldModeAccountsMinutesAreUnifiedAndPricedByItsBook() {
        admin().body("{\"accountId\": \"u5\", \"registeredAt\": \"2019-05-01T10:00:00+08:00\","
                + " \"priceBook\": \"legacy-unified-sample\"}").post("/v1/accounts").then().statusCode(201);
        admin().body("{\"appId\": \"1400005001\", \"createdAt\": \"2019-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/u5/apps").then().statusCode(201);
        // 30 s of audio and 30 s of HD in one interval: one unified count, 60 s = 1 minute at 15.00: 0.015.
        Users.asBilling().contentType("application/json").body("{\"reports\": ["
                + report("u5-r1", "1400005001", "2022-06-01T10:00:00+08:00", "AUDIO", null, 30) + ", "
                + report("u5-r2", "1400005001", "2022-06-01T10:00:00+08:00", "VIDEO", "HD", 30) + "]}")
                .post("/v1/usage").then().statusCode(200).body("accepted", equalTo(2));
        admin().queryParam("date", "2022-06-01").get("/v1/accounts/u5/deductions").then()
                .body("deductions.minutes", contains(1, 0)).body("postpaid[0].category", equalTo("UNIFIED"))
                .body("postpaid[0].amount", equalTo("0.015"));
        admin().post("/v1/settlements/2022-06-01").then().statusCode(200);
        admin().queryParam("from", "2022-06-01").queryParam("to", "2022-06-01").get("/v1/accounts/u5/bills").then()
                .body("[0].lines[0].category", equalTo("UNIFIED")).body("[0].total", equalTo("0.015"));
    }

    /**
     * Eight clients send the same 200 reports (one audio minute each) in different orders and batches, retrying
     * what failed: the account's 100-minute package covers exactly 100, the other 100 are postpaid, and each report
     * is stored once.
     */
    @Test
    void concurrentClientsThatRetryNeverOverdrawNorDoubleCount() throws Exception {
        account("u3", "1400003001", true);
        String p = admin().body("{\"thousandMinutes\": 0.1, \"paidAt\": \"2022-05-31T09:00:00+08:00\"}")
                .post("/v1/accounts/u3/packages").then().statusCode(201).extract().path("packageId");
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            reports.add(report("u3-" + i, "1400003001", isoAt(i), "AUDIO", null, 60));
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            long seed = client;
            done.add(clients.submit(() -> {
                List<String> mine = new ArrayList<>(reports);
                Collections.shuffle(mine, new Random(seed));
                for (int from = 0; from < mine.size(); from += 25) {
                    String body = "{\"reports\": [" + String.join(", ", mine.subList(from, from + 25)) + "]}";
                    for (int attempt = 0; attempt < 10; attempt++) {
                        int status = Users.asBilling().contentType("application/json").body(body).post("/v1/usage")
                                .then().extract().statusCode();
                        if (status == 200) {
                            break;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        admin().get("/v1/accounts/u3").then().body("packages[0].packageId", equalTo(p))
                .body("packages[0].used", equalTo(100)).body("packages[0].remaining", equalTo(0));
        assertEquals(200L, count("select count(*) from usage_report where account_id = 'u3'"));
        assertEquals(100L, count("select coalesce(sum(minutes), 0) from postpaid_day where account_id = 'u3'"));
        System.out.println("[UsageIntakeTest] concurrency checked on " + (TestDatabase.onPostgresql() ? "PostgreSQL"
                : "H2"));
    }

    /**
     * Reports sent in order extend their day; the result is the day's replay from 00:00: the same package use,
     * the same postpaid minutes, whichever way the day was taken.
     */
    @Test
    void extendingADayGivesWhatReplayingItWholeGives() throws Exception {
        account("u4", "1400004001", false);
        admin().body("{\"appId\": \"1400004002\", \"createdAt\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/u4/apps").then().statusCode(201);
        admin().body("{\"thousandMinutes\": 0.5, \"paidAt\": \"2022-05-31T09:00:00+08:00\"}")
                .post("/v1/accounts/u4/packages").then().statusCode(201);
        Random random = new Random(11);
        String[] tiers = {null, "SD", "HD", "FHD", "2K", "4K"};
        long extendedBefore = intake.extendedAndReplayed()[0];
        for (int i = 0; i < 24; i++) {
            StringBuilder batch = new StringBuilder("{\"reports\": [");
            for (String app : new String[] {"1400004001", "1400004002"}) {
                for (int k = 0; k < 2; k++) {
                    String tier = tiers[random.nextInt(tiers.length)];
                    batch.append(batch.length() > 13 ? ", " : "").append(report("u4-" + i + "-" + app + "-" + k, app,
                            isoAt(i), tier == null ? "AUDIO" : "VIDEO", tier, random.nextInt(400)));
                }
            }
            Users.asBilling().contentType("application/json").body(batch.append("]}").toString()).post("/v1/usage")
                    .then().statusCode(200).body("accepted", equalTo(4));
        }
        String extended = snapshot("u4");
        // The first batch replays the day (nothing taken yet), the 23 after it extend it.
        assertEquals(23, intake.extendedAndReplayed()[0] - extendedBefore);
        RuleSetHolder.rules = registry.current().orElseThrow();
        database.inTransaction(c -> {
            intake.deduct(c, RuleSetHolder.rules, "u4", java.time.LocalDate.parse("2022-06-01"));
            return null;
        });
        String replayed = snapshot("u4");
        assertEquals(replayed, extended);
        org.junit.jupiter.api.Assertions.assertTrue(extended.contains("postpaid"), extended); // the package ran out
    }

    private static final class RuleSetHolder {
        static rtc.pricing.rules.RuleSet rules;
    }

    private String snapshot(String account) {
        return database.inTransaction(c -> {
            StringBuilder out = new StringBuilder();
            for (String sql : new String[] {
                    "select package_id, used from package where account_id = '" + account + "' order by package_id",
                    "select billing_date, package_id, minutes from package_day_use where account_id = '" + account
                            + "' order by billing_date, package_id",
                    "select 'postpaid', billing_date, app_id, category, tier, minutes from postpaid_day where"
                            + " account_id = '" + account + "' order by billing_date, app_id, category, tier"}) {
                try (ResultSet r = c.createStatement().executeQuery(sql)) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= n; i++) {
                            out.append(r.getString(i)).append(i < n ? " " : "\n");
                        }
                    }
                }
            }
            return out.toString();
        });
    }

    private static String isoAt(int interval) {
        java.time.ZonedDateTime t = java.time.ZonedDateTime.parse("2022-06-01T00:00:00+08:00")
                .plusMinutes(5L * interval);
        return t.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private long count(String sql) {
        return database.inTransaction(c -> {
            try (ResultSet r = c.createStatement().executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}
