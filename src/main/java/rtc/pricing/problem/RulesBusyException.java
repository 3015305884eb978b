package rtc.pricing.problem;

/** A past rules version is being compiled for another request: try again shortly (503 with Retry-After). */
public class RulesBusyException extends RuntimeException {
    public RulesBusyException(String message) {
        super(message);
    }
}
