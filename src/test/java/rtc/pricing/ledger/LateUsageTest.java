package rtc.pricing.ledger;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.Users;

/**
 * Usage reported after its day was settled (policy §6a): taken, and billed at the next settlement run by a correcting
 * bill of that day; the bill paid stays as it was. Figures by hand from the fixture's list prices: HD video 28.00 and
 * audio 7.00 per 1,000 minutes. The day is one no other test uses; other tests' late usage may be corrected by the
 * same runs, so the runs' counts are checked as at least ours.
 */
@QuarkusTest
class LateUsageTest {

    private static final String DAY = "2023-03-14";

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    private static String reports(String prefix, String app, String from, int count, String category, String tier) {
        StringBuilder out = new StringBuilder("{\"reports\": [");
        OffsetDateTime first = OffsetDateTime.parse(DAY + "T" + from + ":00+08:00");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ", ").append("{\"reportId\": \"").append(prefix).append(i)
                    .append("\", \"appId\": \"").append(app).append("\", \"interval\": \"")
                    .append(first.plusMinutes(5L * i)).append("\", \"service\": \"BASE\", \"category\": \"")
                    .append(category).append("\", \"tier\": ").append(tier == null ? "null" : "\"" + tier + "\"")
                    .append(", \"seconds\": 300}");
        }
        return out.append("]}").toString();
    }

    private static void send(String body, int accepted) {
        Users.asBilling().contentType("application/json").body(body).post("/v1/usage").then().statusCode(200)
                .body("accepted", equalTo(accepted));
    }

    @Test
    void lateUsageIsBilledByACorrectingBillAtTheNextRun() {
        admin().body("{\"accountId\": \"late-1\", \"registeredAt\": \"2023-01-01T10:00:00+08:00\", \"postpaid\":"
                + " true}").post("/v1/accounts").then().statusCode(201);
        for (String app : new String[] {"1400302001", "1400302002"}) {
            admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"2023-01-01T10:00:00+08:00\"}")
                    .post("/v1/accounts/late-1/apps").then().statusCode(201);
        }
        admin().body("{\"amount\": \"10.00\", \"at\": \"2023-01-01T10:00:00+08:00\"}")
                .post("/v1/accounts/late-1/top-ups").then().statusCode(200);

        // 10 × 300 s of HD: 50 minutes × 28.00 / 1000 = 1.40, billed and paid.
        send(reports("late-a", "1400302001", "10:00", 10, "VIDEO", "HD"), 10);
        admin().post("/v1/settlements/" + DAY).then().statusCode(200).body("bills", greaterThanOrEqualTo(1));

        // Then, late: 20 × 300 s more HD earlier that day (the day is replayed), and the other app's first usage.
        send(reports("late-b", "1400302001", "08:00", 20, "VIDEO", "HD"), 20);
        send(reports("late-c", "1400302002", "12:00", 2, "AUDIO", null), 2);

        // The next run (the next day's) bills them: the day's HD is now 150 minutes = 4.20, 2.80 more than billed;
        // the other app's 10 audio minutes are 0.07.
        String next = LocalDate.parse(DAY).plusDays(1).toString();
        admin().post("/v1/settlements/" + next).then().statusCode(200)
                .body("corrections", greaterThanOrEqualTo(2));
        String[] billed = {"[2023-03-14, 1400302001, 0, 1.40, 1.40, 3000, 50]",
            "[2023-03-14, 1400302001, 1, 2.80, 2.80, 6000, 100]", "[2023-03-14, 1400302002, 0, 0.07, 0.07, 600, 10]"};
        checkBills(billed);
        // The corrections are charged when they are made: 10.00 − 1.40 − 2.80 − 0.07.
        admin().get("/v1/accounts/late-1").then().statusCode(200).body("balance", equalTo("5.73"));
        admin().get("/v1/accounts/late-1/audit").then().statusCode(200)
                .body("action", org.hamcrest.Matchers.hasItem("bill.corrected"));

        // Running either day again charges nothing more.
        admin().post("/v1/settlements/" + DAY).then().statusCode(200);
        admin().post("/v1/settlements/" + next).then().statusCode(200);
        checkBills(billed);
        admin().get("/v1/accounts/late-1").then().statusCode(200).body("balance", equalTo("5.73"));
    }

    private static void checkBills(String[] expected) {
        var bills = admin().queryParam("from", DAY).queryParam("to", DAY).get("/v1/accounts/late-1/bills").then()
                .statusCode(200).extract().jsonPath();
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < bills.getList("$").size(); i++) {
            String b = "[" + i + "].";
            seen.add(java.util.List.of(bills.getString(b + "date"), bills.getString(b + "appId"),
                    bills.getString(b + "correction"), bills.getString(b + "total"), bills.getString(b + "paid"),
                    bills.getString(b + "lines[0].seconds"), bills.getString(b + "lines[0].minutes")).toString());
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(expected), seen);
    }

    @Test
    void onlyDaysThatEndedAndWithinTheLimitsCanBeSettled() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        admin().post("/v1/settlements/" + today).then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("day-not-ended"))
                .body("detail", containsString(today));
        for (String outside : new String[] {"+999999999-12-31", "-999999999-01-01", "2018-12-30", "9999-01-01"}) {
            admin().post("/v1/settlements/" + outside).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.pointer", contains("/date"));
        }
        admin().post("/v1/settlements/2022-02-30").then().statusCode(400);
        // Every billing day and instant of the ledger's queries is held to the same limits.
        admin().body("{\"accountId\": \"late-limits\", \"registeredAt\": \"2023-01-01T10:00:00+08:00\"}")
                .post("/v1/accounts").then().statusCode(201);
        admin().queryParam("date", "+999999999-12-31").get("/v1/accounts/late-limits/deductions").then()
                .statusCode(400).body("errors.pointer", contains("/date"));
        admin().queryParam("from", "-999999999-01-01").queryParam("to", "2023-01-01")
                .get("/v1/accounts/late-limits/bills").then().statusCode(400).body("errors.pointer", contains("/from"));
        admin().queryParam("at", "+999999999-12-31T00:00:00Z").get("/v1/accounts/late-limits").then()
                .statusCode(400).body("errors.pointer", contains("/at"));
    }
}
