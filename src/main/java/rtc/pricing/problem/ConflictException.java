package rtc.pricing.problem;

/** The request is valid but contradicts what is recorded (e.g. a name taken): {@code 409} problem+json. */
public class ConflictException extends RuntimeException {

    private final String slug;

    /** @param slug the problem type's last path segment, e.g. {@code user-exists} */
    public ConflictException(String slug, String detail) {
        super(detail);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
