package rtc.pricing.security;

import java.util.Set;

/** The roles api.md names. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String ANALYST = "analyst";
    /** The usage pipeline: POST /v1/usage. */
    public static final String BILLING = "billing";
    /** A customer's user, bound to one account ({@link AccountAccess}); never combined with another role. */
    public static final String ACCOUNT = "account";

    public static final Set<String> ALL = Set.of(ADMIN, ANALYST, BILLING, ACCOUNT);

    /** {@link #ALL} as a pattern and in words, for request constraints (annotations take constants only). */
    public static final String PATTERN = "^(" + ACCOUNT + "|" + ADMIN + "|" + ANALYST + "|" + BILLING + ")$";
    public static final String LISTED = "[" + ACCOUNT + ", " + ADMIN + ", " + ANALYST + ", " + BILLING + "]";

    private Roles() {
    }
}
