package rtc.pricing.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import rtc.pricing.support.Users;

/** POST /v1/users, logins of the database's users, their audit rows, and account scoping (AccountProbe). */
@QuarkusTest
class UsersResourceTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String PASSWORD = "correct horse battery";

    @Inject
    LedgerDatabase db;
    @Inject
    ObjectMapper json;

    @BeforeEach
    void accounts() {
        account("acme");
        account("globex");
    }

    // --- creating users, logging in ---

    @Test
    void anAdminCreatesAnAccountUserWhoLogsInWithBcrypt() {
        String name = fresh("acme-reader");
        String body = create(Map.of("username", name, "password", PASSWORD, "roles", List.of("account"),
                "accountId", "acme"))
                .then().statusCode(201).contentType("application/json")
                .body("username", equalTo(name))
                .body("roles", equalTo(List.of("account")))
                .body("accountId", equalTo("acme"))
                .body("createdAt", notNullValue())
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("passwordHash")))
                .extract().asString();
        assertFalse(body.contains(PASSWORD), body);
        assertFalse(body.contains("$2a$"), body);

        String stored = storedHash(name);
        assertTrue(stored.startsWith("$2a$04$"), "bcrypt at the test cost: " + stored);
        assertFalse(stored.contains(PASSWORD));

        Users.as(name, PASSWORD).get("/test-probe/accounts/acme").then().statusCode(200)
                .body(equalTo("account acme as " + name + " bound to acme"));
        // Again: the remembered password, same answer.
        Users.as(name, PASSWORD).get("/test-probe/accounts/acme").then().statusCode(200);
        unauthorized(Users.as(name, PASSWORD + "!").get("/test-probe/accounts/acme"));
        unauthorized(Users.as(name, "").get("/test-probe/accounts/acme"));
        unauthorized(Users.as(name.toUpperCase(), PASSWORD).get("/test-probe/accounts/acme"));
    }

    @Test
    void aDatabaseUserHasTheRolesItWasGiven() {
        String name = fresh("analyst");
        create(Map.of("username", name, "password", PASSWORD, "roles", List.of("analyst", "billing")))
                .then().statusCode(201).body("roles", equalTo(List.of("analyst", "billing")))
                .body("accountId", nullValue());
        Users.as(name, PASSWORD).get("/v1/rules").then().statusCode(200);
        // Not admin: neither the admin probe nor user creation.
        problem(Users.as(name, PASSWORD).get("/test-probe/admin-only"), 403);
        problem(Users.as(name, PASSWORD).body(user(fresh("x"), List.of("analyst"), null)).post("/v1/users"), 403);
        // Nor an account user: the account endpoints' roles refuse it before any account is looked at.
        problem(Users.as(name, PASSWORD).get("/test-probe/accounts/acme"), 403);
    }

    @Test
    void theConfiguredUsersStillLogIn() {
        Users.asAdmin().get("/test-probe/admin-only").then().statusCode(200);
        Users.asAnalyst().get("/v1/rules").then().statusCode(200);
        unauthorized(Users.as("admin", "test-admin-secreT").get("/v1/rules"));
    }

    // --- audit ---

    @Test
    void everyCreationIsAuditedWithTheRequestIdAndNoPassword() throws Exception {
        String name = fresh("audited");
        create(Map.of("username", name, "password", PASSWORD, "roles", List.of("account"), "accountId", "acme"),
                "req-" + name).then().statusCode(201);
        Map<String, String> row = auditOf(name);
        assertEquals("admin", row.get("actor"));
        assertEquals("user.created", row.get("action"));
        assertEquals("acme", row.get("account_id"));
        assertEquals("req-" + name, row.get("request_id"));
        assertTrue(row.get("at") != null, "when");
        assertEquals(Map.of("username", name, "roles", List.of("account"), "accountId", "acme"),
                json.readValue(row.get("detail"), Map.class));
        assertFalse(row.get("detail").contains(PASSWORD));

        String other = fresh("audited");
        create(Map.of("username", other, "password", PASSWORD, "roles", List.of("billing"))).then().statusCode(201);
        Map<String, String> generated = auditOf(other);
        assertNull(generated.get("account_id"));
        assertTrue(generated.get("request_id").matches("[0-9a-f-]{36}"), "a generated id: " + generated);
    }

    @Test
    void aMalformedRequestIdIsRefusedAndNothingIsWritten() {
        String name = fresh("badid");
        Response answer = Users.asAdmin().header("X-Request-Id", "x".repeat(65))
                .body(user(name, List.of("analyst"), null)).post("/v1/users");
        problem(answer, 400).body("detail", containsString("X-Request-Id"));
        unauthorized(Users.as(name, PASSWORD).get("/v1/rules"));
    }

    // --- refusals ---

    @Test
    void invalidInputNamesEachFieldAndWritesNothing() {
        String name = fresh("invalid");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("analyst"), "role", "admin"),
                "/role");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("superuser")), "/roles/0");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("analyst", "analyst")), "/roles/1");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of()), "/roles");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", "analyst"), "/roles");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("account", "analyst"),
                "accountId", "acme"), "/roles");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("account")), "/accountId");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("analyst"), "accountId", "acme"),
                "/accountId");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("account"), "accountId", ""),
                "/accountId");
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("account"),
                "accountId", "a".repeat(129)), "/accountId");
        invalid(Map.of("username", name, "password", "too-short", "roles", List.of("analyst")), "/password");
        invalid(Map.of("username", name, "password", "p".repeat(73), "roles", List.of("analyst")), "/password");
        invalid(Map.of("username", name, "password", "é".repeat(37), "roles", List.of("analyst")), "/password");
        invalid(Map.of("username", name, "password", PASSWORD + "\n", "roles", List.of("analyst")), "/password");
        invalid(Map.of("username", name, "password", 123456789012L, "roles", List.of("analyst")), "/password");
        invalid(Map.of("username", "Upper", "password", PASSWORD, "roles", List.of("analyst")), "/username");
        invalid(Map.of("username", "a:b", "password", PASSWORD, "roles", List.of("analyst")), "/username");
        invalid(Map.of("username", "", "password", PASSWORD, "roles", List.of("analyst")), "/username");
        invalid(Map.of("username", "u".repeat(65), "password", PASSWORD, "roles", List.of("analyst")), "/username");
        invalid(Map.of(), "/username", "/password", "/roles");
        // An account that does not exist.
        invalid(Map.of("username", name, "password", PASSWORD, "roles", List.of("account"), "accountId", "initech"),
                "/accountId");

        // Several at once, each named; the password is never echoed.
        String body = Users.asAdmin().body(Map.of("username", "Bad Name", "password", "short-secret",
                "roles", List.of("root"), "extra", 1)).post("/v1/users")
                .then().statusCode(400).extract().asString();
        assertFalse(body.contains("short-secret"), body);

        // Not JSON, or not one document.
        problem(Users.asAdmin().body("{\"username\": ").post("/v1/users"), 400);
        problem(Users.asAdmin().body(user(name, List.of("analyst"), null) + " {}").post("/v1/users"), 400);
        problem(Users.asAdmin().body("{\"username\": \"a\", \"username\": \"b\"}").post("/v1/users"), 400)
                .body("errors.pointer", hasItem("/username"));

        unauthorized(Users.as(name, PASSWORD).get("/v1/rules"));
        assertNull(storedHash(name), "nothing was written");
    }

    @Test
    void aTakenNameIs409AndLeavesTheFirstUserAlone() {
        String name = fresh("twice");
        create(Map.of("username", name, "password", PASSWORD, "roles", List.of("analyst"))).then().statusCode(201);
        int audits = auditCount(name);
        problem(create(Map.of("username", name, "password", PASSWORD + "-2", "roles", List.of("account"),
                "accountId", "acme")), 409).body("type", containsString("user-exists"))
                .body("detail", containsString(name));
        Users.as(name, PASSWORD).get("/v1/rules").then().statusCode(200);
        unauthorized(Users.as(name, PASSWORD + "-2").get("/v1/rules"));
        assertEquals(audits, auditCount(name), "a refused creation is not audited");
        // The configuration's users are taken too, admin first.
        for (String configured : new String[] { "admin", "analyst", "billing" }) {
            problem(create(Map.of("username", configured, "password", PASSWORD, "roles", List.of("admin"))), 409)
                    .body("type", containsString("user-exists"));
        }
        Users.asAdmin().get("/test-probe/admin-only").then().statusCode(200);
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswerTheFirstCreationAgainAndAnotherBodyIs409() {
        String name = fresh("idem");
        Map<String, ?> body = Map.of("username", name, "password", PASSWORD, "roles", List.of("analyst"));
        String first = Users.asAdmin().header("Idempotency-Key", "u-" + name).body(body).post("/v1/users").then()
                .statusCode(201).extract().asString();
        Users.asAdmin().header("Idempotency-Key", "u-" + name).body(body).post("/v1/users").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body(equalTo(first));
        assertEquals(1, auditCount(name), "created once");
        problem(Users.asAdmin().header("Idempotency-Key", "u-" + name).body(Map.of("username", name, "password",
                PASSWORD, "roles", List.of("admin"))).post("/v1/users"), 409)
                .body("type", containsString("idempotency-key-reused"));
        // Without the key, the same request is a second creation: the name is taken.
        problem(create(body), 409).body("type", containsString("user-exists"));
        Users.as(name, PASSWORD).get("/v1/rules").then().statusCode(200);
    }

    @Test
    void onlyAnAdminCreatesUsers() {
        String body = user(fresh("nope"), List.of("admin"), null);
        unauthorizedWithoutCredentials(given().contentType("application/json").body(body).post("/v1/users"));
        unauthorized(Users.as("admin", "wrong").body(body).post("/v1/users"));
        problem(Users.asAnalyst().body(body).post("/v1/users"), 403);
        problem(Users.asBilling().body(body).post("/v1/users"), 403);
        String acmeUser = fresh("acme");
        create(Map.of("username", acmeUser, "password", PASSWORD, "roles", List.of("account"), "accountId", "acme"))
                .then().statusCode(201);
        problem(Users.as(acmeUser, PASSWORD).body(body).post("/v1/users"), 403);
    }

    // --- account scoping ---

    @Test
    void anotherAccountsDataLooksAbsent() {
        String acmeUser = fresh("acme");
        create(Map.of("username", acmeUser, "password", PASSWORD, "roles", List.of("account"), "accountId", "acme"))
                .then().statusCode(201);
        problem(Users.as(acmeUser, PASSWORD).get("/test-probe/accounts/globex"), 404)
                .body("type", containsString("not-found"))
                .body("detail", equalTo("no account \"globex\""));
        problem(Users.as(acmeUser, PASSWORD).get("/test-probe/accounts/initech"), 404)
                .body("detail", equalTo("no account \"initech\""));
        Users.as(acmeUser, PASSWORD).get("/test-probe/accounts/acme").then().statusCode(200);
        Users.asAdmin().get("/test-probe/accounts/globex").then().statusCode(200)
                .body(equalTo("account globex as admin"));
    }

    // --- helpers ---

    private static String fresh(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    private String user(String name, List<String> roles, String accountId) {
        try {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("username", name);
            m.put("password", PASSWORD);
            m.put("roles", roles);
            m.put("accountId", accountId);
            return json.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response create(Map<String, ?> body) {
        return Users.asAdmin().body(body).post("/v1/users");
    }

    private static Response create(Map<String, ?> body, String requestId) {
        return Users.asAdmin().header("X-Request-Id", requestId).body(body).post("/v1/users");
    }

    private static void invalid(Map<String, ?> body, String... pointers) {
        ValidatableResponse answer = problem(create(body), 400).body("type", containsString("invalid-input"));
        for (String pointer : pointers) {
            answer.body("errors.pointer", hasItem(pointer));
        }
    }

    private static void unauthorized(Response response) {
        problem(response, 401).body("detail", equalTo("the credentials were not accepted"))
                .header("WWW-Authenticate", containsString("Basic realm="));
    }

    private static void unauthorizedWithoutCredentials(Response response) {
        problem(response, 401).header("WWW-Authenticate", containsString("Basic realm="));
    }

    private static ValidatableResponse problem(Response response, int status) {
        return response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("detail", notNullValue())
                .body(not(containsString("$2a$")));
    }

    private void account(String id) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into account (account_id, registered_at,"
                    + " trial_exhausted_action, created_at) select ?, current_timestamp, 'POSTPAID', current_timestamp"
                    + " where not exists (select 1 from account where account_id = ?)")) {
                s.setString(1, id);
                s.setString(2, id);
                return s.executeUpdate();
            }
        });
    }

    private String storedHash(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("select password_hash from ledger_user where username = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    private Map<String, String> auditOf(String name) {
        List<Map<String, String>> rows = db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("select account_id, at, actor, action, detail, request_id"
                    + " from audit where action = 'user.created' and detail like ?")) {
                s.setString(1, "%\"username\":\"" + name + "\"%");
                try (ResultSet r = s.executeQuery()) {
                    List<Map<String, String>> found = new ArrayList<>();
                    while (r.next()) {
                        Map<String, String> row = new java.util.HashMap<>();
                        for (String column : List.of("account_id", "at", "actor", "action", "detail", "request_id")) {
                            row.put(column, r.getString(column));
                        }
                        found.add(row);
                    }
                    return found;
                }
            }
        });
        assertEquals(1, rows.size(), "one audit row for " + name + ": " + rows);
        return rows.get(0);
    }

    private int auditCount(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("select count(*) from audit where detail like ?")) {
                s.setString(1, "%\"username\":\"" + name + "\"%");
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }
}
