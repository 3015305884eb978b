package rtc.pricing.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile on the embedded H2 database (in memory), whatever {@link TestDatabase} would pick: for the tests that
 * must hold on both databases. It restarts the service, so few tests use it.
 */
public class EmbeddedDatabase implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // H2 waits 50 ms for a row lock here (10 s by default): a write to one account that has to wait for another
        // fails at once instead of after a slow disk's seconds, so the tests see whether writes ever wait in H2.
        return Map.of("pricing.db.kind", "embedded", "quarkus.datasource.embedded.jdbc.url", "jdbc:h2:mem:ledger-"
                + "embedded;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;"
                + "LOCK_TIMEOUT=50");
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
