package rtc.pricing.problem;

/**
 * The request is well formed but what is recorded, or the policy, refuses it (a name taken, a second trial, a
 * purchase the legacy rule forbids, a refund past its deadline, an Idempotency-Key reused with another body):
 * {@code 409} problem+json, with the reason and the rule that decided, if one did.
 */
public class ConflictException extends RuntimeException {

    private final String slug;
    private final String rule;

    /** @param slug the problem type's last path segment, e.g. {@code user-exists} */
    public ConflictException(String slug, String detail) {
        this(slug, detail, null);
    }

    public ConflictException(String slug, String reason, String rule) {
        super(reason);
        this.slug = slug;
        this.rule = rule;
    }

    public String slug() {
        return slug;
    }

    /** The rule that refused, or null. */
    public String rule() {
        return rule;
    }
}
