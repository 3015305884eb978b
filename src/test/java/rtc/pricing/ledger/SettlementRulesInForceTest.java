package rtc.pricing.ledger;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.rules.RuleRegistry;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.support.RulesFolder;
import rtc.pricing.support.Users;

/**
 * A day is settled with the rule set that was serving at its end, not with the one serving when settlement runs.
 * The history says version B (single-stream audio recording at 4.5 per 1,000 minutes instead of 3.5) served from
 * 2019-02-01 and the fixture's version A again from 2019-03-01: 1,000 recorded minutes on 2019-02-10 bill 4.50 under
 * B, the same on 2019-03-10 bill 3.50 under A, and each bill priced again from storage gives its own figure.
 */
@QuarkusTest
class SettlementRulesInForceTest {

    private static final String APP = "1400077201";

    @Inject
    RuleRegistry registry;

    @Test
    void eachDayIsPricedByTheRulesInForceOnIt() {
        RuleSet a = registry.current().orElseThrow();
        Path edited = RulesFolder.copyOfFixture("in-force", false);
        RulesFolder.replace(edited.resolve("recording.drl"), "\"3.5\"", "\"4.5\"");
        RuleSet b = RulesCheckCommand.compiler().compile(edited).ruleSet();
        registry.history().record(b, OffsetDateTime.parse("2019-02-01T00:00:00+08:00").toInstant());
        registry.history().record(a, OffsetDateTime.parse("2019-03-01T00:00:00+08:00").toInstant());

        Users.asAdmin().contentType("application/json").body("{\"accountId\": \"in-force\", \"registeredAt\":"
                + " \"2019-10-20T10:00:00+08:00\"}").post("/v1/accounts").then().statusCode(201);
        Users.asAdmin().contentType("application/json").body("{\"appId\": \"" + APP + "\", \"createdAt\":"
                + " \"2019-10-20T10:00:00+08:00\"}").post("/v1/accounts/in-force/apps").then().statusCode(201);
        for (String day : new String[] {"2019-02-10", "2019-03-10"}) {
            Users.asBilling().contentType("application/json").body("{\"reports\": [{\"reportId\": \"in-force-" + day
                    + "\", \"appId\": \"" + APP + "\", \"interval\": \"" + day + "T10:00:00+08:00\", \"service\":"
                    + " \"RECORDING\", \"category\": \"AUDIO\", \"tier\": null, \"mode\": \"SINGLE\", \"seconds\":"
                    + " 60000}]}").post("/v1/usage").then().statusCode(200)
                    .body("reports[0].status", equalTo("ACCEPTED"));
        }
        Users.asAdmin().post("/v1/settlements/2019-02-10").then().statusCode(200)
                .body("rulesVersion", equalTo(b.version()));
        Users.asAdmin().post("/v1/settlements/2019-03-10").then().statusCode(200)
                .body("rulesVersion", equalTo(a.version()));
        Users.asAdmin().queryParam("from", "2019-02-01").queryParam("to", "2019-03-31")
                .get("/v1/accounts/in-force/bills").then().statusCode(200)
                .body("date", contains("2019-02-10", "2019-03-10")).body("total", contains("4.50", "3.50"))
                .body("rulesVersion", contains(b.version(), a.version()));
        Users.asAdmin().get("/v1/accounts/in-force/bills/2019-02-10/" + APP + "/repriced").then().statusCode(200)
                .body("repricedTotal", equalTo("4.50")).body("same", equalTo(true));
    }
}
