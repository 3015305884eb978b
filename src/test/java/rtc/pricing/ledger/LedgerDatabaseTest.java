package rtc.pricing.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.support.TestDatabase;

/** The ledger runs on PostgreSQL where it answers (this project's machines, CI), migrated by Flyway at start. */
@QuarkusTest
class LedgerDatabaseTest {

    @Inject
    LedgerDatabase database;

    @Test
    void runsOnPostgresqlWhereItAnswersMigratedAtStart() {
        assertEquals(TestDatabase.onPostgresql() ? "postgresql" : "embedded", database.kind());
        String product = database.inTransaction(c -> c.getMetaData().getDatabaseProductName());
        assertEquals(TestDatabase.onPostgresql() ? "PostgreSQL" : "H2", product);
        String applied = database.inTransaction(c -> {
            try (ResultSet r = c.createStatement().executeQuery(
                    "select min(version) from flyway_schema_history where success")) {
                r.next();
                return r.getString(1);
            }
        });
        assertEquals("1", applied);
    }

    @Test
    void theDatabaseIsPartOfReadiness() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"));
    }
}
