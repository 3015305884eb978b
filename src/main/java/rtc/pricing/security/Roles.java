package rtc.pricing.security;

/** The roles api.md names. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String ANALYST = "analyst";

    private Roles() {
    }
}
