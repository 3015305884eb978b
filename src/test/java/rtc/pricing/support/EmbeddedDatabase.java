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
        return Map.of("pricing.db.kind", "embedded");
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
