package rtc.pricing.problem;

/**
 * Something the request names does not exist, or the caller may not know that it does (another account's data):
 * {@code 404} problem+json ({@code not-found}), the same answer in both cases.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }

    /** The answer for an account that is absent or not the caller's: both must read alike. */
    public static NotFoundException account(String accountId) {
        return new NotFoundException("no account \"" + accountId + "\"");
    }
}
