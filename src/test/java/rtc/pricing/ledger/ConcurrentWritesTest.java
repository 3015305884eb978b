package rtc.pricing.ledger;

import io.quarkus.test.junit.QuarkusTest;

/** {@link ConcurrentWritesCases} on the tests' database: PostgreSQL where it answers (CI), else H2. */
@QuarkusTest
class ConcurrentWritesTest extends ConcurrentWritesCases {
}
