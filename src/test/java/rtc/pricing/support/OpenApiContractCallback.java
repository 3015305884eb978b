package rtc.pricing.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts {@link OpenApiContract} among REST Assured's global filters before each test of every {@code @QuarkusTest}
 * (a Quarkus callback, so it runs where the test's own REST Assured lives), once.
 */
public class OpenApiContractCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(OpenApiContract.class::isInstance)) {
            RestAssured.filters(new OpenApiContract());
        }
    }
}
