package rtc.pricing.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The database of every {@code @QuarkusTest}: PostgreSQL at 127.0.0.1:5432, database {@code test} (this project's
 * machines and CI have it), else the embedded H2 in memory — and it says which. With
 * {@code PRICING_TEST_REQUIRE_POSTGRESQL=true} (CI sets it) a missing PostgreSQL fails the run instead.
 */
@QuarkusTestResource(TestDatabase.class)
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String URL = System.getProperty("ledger-test.postgresql-url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("ledger-test.postgresql-user", "postgres");

    @Override
    public Map<String, String> start() {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            System.out.println("[TestDatabase] the ledger tests run on PostgreSQL " + c.getMetaData()
                    .getDatabaseProductVersion() + " at " + URL);
            return Map.of("pricing.db.kind", "postgresql",
                    "quarkus.datasource.postgresql.active", "true",
                    "quarkus.datasource.embedded.active", "false",
                    "quarkus.datasource.postgresql.jdbc.url", URL,
                    "quarkus.datasource.postgresql.username", USER);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("PRICING_TEST_REQUIRE_POSTGRESQL"))) {
                throw new IllegalStateException("PostgreSQL is required (PRICING_TEST_REQUIRE_POSTGRESQL) but " + URL
                        + " does not answer: " + e.getMessage(), e);
            }
            System.out.println("[TestDatabase] PostgreSQL does not answer at " + URL + " (" + e.getMessage()
                    + "): the ledger tests run on the embedded H2 database");
            return Map.of("pricing.db.kind", "embedded");
        }
    }

    /** Whether the tests run on PostgreSQL (for tests that say which database they ran on). */
    public static boolean onPostgresql() {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void stop() {
    }
}
