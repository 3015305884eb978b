package rtc.pricing.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import rtc.pricing.support.EmbeddedDatabase;

/** {@link ConcurrentWritesCases} on the embedded H2 database, the default run's. */
@QuarkusTest
@TestProfile(EmbeddedDatabase.class)
class ConcurrentWritesOnEmbeddedTest extends ConcurrentWritesCases {

    @Test
    void theseRunOnTheEmbeddedDatabase() {
        assertEquals("H2", database.inTransaction(c -> c.getMetaData().getDatabaseProductName()));
    }
}
