package rtc.pricing.ledger;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.ResultSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.rules.RuleRegistry;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.support.Users;

/**
 * A crash in the middle of a write leaves nothing of it: the batch's reports, their deductions and the package
 * counters commit together or not at all; a settlement that stopped half-way is run again and charges only what it
 * had not charged.
 */
@QuarkusTest
class LedgerCrashTest {

    @Inject
    LedgerDatabase database;
    @Inject
    UsageIntake intake;
    @Inject
    UsageReports reports;
    @Inject
    rtc.pricing.http.JsonBodies bodies;
    @Inject
    Settlement settlement;
    @Inject
    RuleRegistry registry;

    private static RequestSpecification admin() {
        return Users.asAdmin().contentType("application/json");
    }

    private static void account(String id, String app) {
        admin().body("{\"accountId\": \"" + id + "\", \"registeredAt\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts").then().statusCode(201);
        admin().body("{\"appId\": \"" + app + "\", \"createdAt\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/" + id + "/apps").then().statusCode(201);
        admin().body("{\"amount\": \"100.00\", \"at\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/" + id + "/top-ups").then().statusCode(200);
        admin().body("{\"thousandMinutes\": 1, \"paidAt\": \"2022-05-01T10:00:00+08:00\"}")
                .post("/v1/accounts/" + id + "/packages").then().statusCode(201);
    }

    @Test
    void aBatchThatCrashesAfterItsDeductionsLeavesNothing() throws Exception {
        account("crash1", "1400088001");
        RuleSet rules = registry.current().orElseThrow();
        var body = new ObjectMapper().readTree("{\"reports\": [{\"reportId\": \"crash1-r1\", \"appId\": \"1400088001\","
                + " \"interval\": \"2022-06-01T10:00:00+08:00\", \"service\": \"BASE\", \"category\": \"AUDIO\","
                + " \"seconds\": 600}]}");
        UsageBatch batch = reports.read(body, rules, bodies);
        assertThrows(IllegalStateException.class, () -> database.inTransaction(c -> {
            intake.take(c, rules, batch);
            throw new IllegalStateException("the process dies before the commit");
        }));
        assertEquals(0L, count("select count(*) from usage_report where account_id = 'crash1'"));
        assertEquals(0L, count("select count(*) from package_day_use where account_id = 'crash1'"));
        admin().get("/v1/accounts/crash1").then().body("packages[0].used", equalTo(0));

        // Sent again, it is new: taken once, deducted once.
        database.inTransaction(c -> intake.take(c, rules, batch));
        database.inTransaction(c -> intake.take(c, rules, batch));
        admin().get("/v1/accounts/crash1").then().body("packages[0].used", equalTo(10));
    }

    @Test
    void aSettlementRunAgainAfterStoppingHalfWayChargesOnlyWhatItHadNot() throws Exception {
        account("crash2", "1400088002");
        account("crash3", "1400088003");
        for (String app : new String[] {"1400088002", "1400088003"}) {
            // 1,100 audio minutes: the 1,000-minute package covers 1,000, 100 are postpaid: 0.70.
            Users.asBilling().contentType("application/json").body("{\"reports\": [{\"reportId\": \"crash-" + app
                    + "\", \"appId\": \"" + app + "\", \"interval\": \"2022-06-02T10:00:00+08:00\", \"service\":"
                    + " \"BASE\", \"category\": \"AUDIO\", \"seconds\": 66000}]}").post("/v1/usage").then()
                    .statusCode(200);
        }
        RuleSet rules = registry.current().orElseThrow();
        // The first run died after settling crash2 only: its bill and payment committed together.
        Settlement.Run first = settlementOf(rules, "crash2");
        assertEquals(1, first.bills());
        Settlement.Run again = settlement.settle(database, Settlement.Rules.fixed(rules), java.time.LocalDate.parse("2022-06-02"));
        assertEquals(1, again.bills());
        assertEquals(1, again.alreadySettled());
        admin().queryParam("at", "2022-06-03T01:00:00+08:00").get("/v1/accounts/crash2").then()
                .body("balance", equalTo("92.30"));
        admin().queryParam("at", "2022-06-03T01:00:00+08:00").get("/v1/accounts/crash3").then()
                .body("balance", equalTo("92.30"));
        assertEquals(1L, count("select count(*) from bill where account_id = 'crash2'"));
        assertEquals(1L, count("select count(*) from money_movement where account_id = 'crash3' and kind = 'BILL'"));
    }

    /** Settles one account's day the way a run does, as if the run had stopped right after it. */
    private Settlement.Run settlementOf(RuleSet rules, String account) {
        return database.inTransaction(c -> settlement.settleOne(c, rules, account,
                java.time.LocalDate.parse("2022-06-02")));
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
