package rtc.pricing.problem;

/**
 * The serving rules did more work than a request's budget allows (firing cap or deadline) and were stopped.
 * {@code limit} is {@code firings} or {@code deadline}; the message names no input and no rule internals.
 */
public class RuleBudgetExceededException extends RuntimeException {

    private final String limit;

    public RuleBudgetExceededException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    public String limit() {
        return limit;
    }
}
