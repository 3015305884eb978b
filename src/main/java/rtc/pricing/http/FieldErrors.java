package rtc.pricing.http;

import java.util.ArrayList;
import java.util.List;

import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;

/**
 * The cross-field checks of a bound request (what one field's constraint cannot say: an interval's order, a field
 * that depends on another), collected and thrown at once as one input error, at most
 * {@link QuoteLimits#MAX_REPORTED_ERRORS} listed.
 */
public final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();
    private int unreported;

    public void add(String pointer, String message) {
        if (errors.size() < QuoteLimits.MAX_REPORTED_ERRORS) {
            errors.add(new FieldError(pointer, message));
        } else {
            unreported++;
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            List<FieldError> all = new ArrayList<>(errors);
            if (unreported > 0) {
                all.add(new FieldError("", QuoteLimits.count(unreported) + " more errors not listed"));
            }
            throw new InputException(all);
        }
    }
}
