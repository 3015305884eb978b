package rtc.pricing.problem;

import java.util.List;

/** The request cannot be priced as sent; answered as 400 problem+json listing every field error found. */
public class InputException extends RuntimeException {

    private final List<FieldError> errors;

    public InputException(List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).message() : errors.size() + " input errors");
        this.errors = List.copyOf(errors);
    }

    public InputException(String pointer, String message) {
        this(List.of(new FieldError(pointer, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
