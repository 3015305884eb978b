package rtc.pricing.ledger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import rtc.pricing.support.Users;

/**
 * Each role against each ledger endpoint: who may call it, and what the others get — 401 without credentials, 403
 * for a role the endpoint does not name, 404 for an account user asking about another account. The status of an
 * allowed call only shows it got past authorization (a 400 for an empty body counts as allowed).
 */
@QuarkusTest
class LedgerAuthorizationTest {

    private static final String OWN = "authz-own";
    private static final String OTHER = "authz-other";
    private static final String PASSWORD = "authz-password-1";

    private record Call(String method, String path) {
    }

    private void accounts() {
        for (String id : new String[] {OWN, OTHER}) {
            Users.asAdmin().contentType("application/json").body("{\"accountId\": \"" + id
                    + "\", \"registeredAt\": \"2022-05-01T10:00:00+08:00\"}").post("/v1/accounts");
        }
        Users.asAdmin().contentType("application/json").body("{\"username\": \"authz-account\", \"password\": \""
                + PASSWORD + "\", \"roles\": [\"account\"], \"accountId\": \"" + OWN + "\"}").post("/v1/users");
    }

    private static List<Call> adminOnly(String account) {
        return List.of(new Call("POST", "/v1/accounts"), new Call("POST", "/v1/accounts/" + account + "/apps"),
                new Call("POST", "/v1/accounts/" + account + "/trial"),
                new Call("POST", "/v1/accounts/" + account + "/packages"),
                new Call("POST", "/v1/accounts/" + account + "/packages/none/refund"),
                new Call("POST", "/v1/accounts/" + account + "/top-ups"),
                new Call("POST", "/v1/accounts/" + account + "/postpaid"),
                new Call("POST", "/v1/accounts/" + account + "/price-book"),
                new Call("GET", "/v1/accounts/" + account + "/audit"),
                new Call("POST", "/v1/settlements/2022-06-01"), new Call("POST", "/v1/users"));
    }

    private static List<Call> accountReads(String account) {
        return List.of(new Call("GET", "/v1/accounts/" + account),
                new Call("GET", "/v1/accounts/" + account + "/deductions?date=2022-06-01"),
                new Call("GET", "/v1/accounts/" + account + "/bills?from=2022-06-01&to=2022-06-30"));
    }

    private static int status(Supplier<RequestSpecification> who, Call call) {
        RequestSpecification r = who.get().contentType("application/json").body("{}");
        return call.method().equals("GET") ? r.get(call.path()).statusCode() : r.post(call.path()).statusCode();
    }

    @Test
    void eachRoleGetsWhatItsRoleAllows() {
        accounts();
        Map<String, Supplier<RequestSpecification>> roles = Map.of(
                "anonymous", () -> given(),
                "analyst", Users::asAnalyst,
                "billing", Users::asBilling,
                "account", () -> Users.as("authz-account", PASSWORD),
                "admin", Users::asAdmin);
        List<String> wrong = new ArrayList<>();
        roles.forEach((role, who) -> {
            for (Call call : adminOnly(OWN)) {
                int got = status(who, call);
                boolean ok = switch (role) {
                    case "anonymous" -> got == 401;
                    case "admin" -> got != 401 && got != 403;
                    default -> got == 403;
                };
                if (!ok) {
                    wrong.add(role + " " + call + " → " + got);
                }
            }
            for (Call call : accountReads(OWN)) {
                int got = status(who, call);
                boolean ok = switch (role) {
                    case "anonymous" -> got == 401;
                    case "admin", "account" -> got == 200;
                    default -> got == 403;
                };
                if (!ok) {
                    wrong.add(role + " " + call + " → " + got);
                }
            }
            for (Call call : accountReads(OTHER)) {
                int got = status(who, call);
                boolean ok = switch (role) {
                    case "anonymous" -> got == 401;
                    case "admin" -> got == 200;
                    case "account" -> got == 404;
                    default -> got == 403;
                };
                if (!ok) {
                    wrong.add(role + " " + call + " → " + got);
                }
            }
            int usage = status(who, new Call("POST", "/v1/usage"));
            boolean ok = switch (role) {
                case "anonymous" -> usage == 401;
                case "billing", "admin" -> usage == 400; // allowed: the empty body is refused as input
                default -> usage == 403;
            };
            if (!ok) {
                wrong.add(role + " POST /v1/usage → " + usage);
            }
        });
        assertEquals(List.of(), wrong);
    }
}
