package rtc.pricing.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as the test users of application.properties ({@code %test.pricing.…}). */
public final class Users {

    public static final String ADMIN_PASSWORD = "test-admin-secret";
    public static final String ANALYST_PASSWORD = "test-analyst-secret";
    /** A user with the role billing only: neither admin nor analyst. */
    public static final String BILLING_PASSWORD = "test-billing-secret";

    private Users() {
    }

    public static RequestSpecification asAdmin() {
        return as("admin", ADMIN_PASSWORD);
    }

    public static RequestSpecification asAnalyst() {
        return as("analyst", ANALYST_PASSWORD);
    }

    public static RequestSpecification asBilling() {
        return as("billing", BILLING_PASSWORD);
    }

    /**
     * Credentials sent with the first request, not after a challenge. JSON by default: rest-assured would give a
     * bodiless POST a form content type, which no reload accepts (CSRF guard).
     */
    public static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password).contentType("application/json");
    }
}
