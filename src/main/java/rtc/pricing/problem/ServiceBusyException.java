package rtc.pricing.problem;

/**
 * The service is saturated for this request (the database's connections or its write turn did not come in time): a
 * {@code 503} problem+json with {@code Retry-After}, never a 500, so a client retries a valid request instead of
 * giving it up. Nothing was done.
 */
public class ServiceBusyException extends RuntimeException {

    private final String slug;
    private final int retryAfterSeconds;

    public ServiceBusyException(String slug, String detail, int retryAfterSeconds) {
        super(detail);
        this.slug = slug;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String slug() {
        return slug;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
