package rtc.pricing.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.format.DateTimeParseException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;


/**
 * A string that is an ISO-8601 date-time with an offset, as {@link Timestamps} reads it (null is valid: required is
 * {@code @NotNull}'s to say). A constraint rather than a check after binding, so that a malformed instant is listed
 * with every other error of the body; whether it lies within the dates the service handles depends on a clock and
 * is checked after binding.
 */
@Documented
@Constraint(validatedBy = DateTimeWithOffset.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface DateTimeWithOffset {

    /** Longest text read: longer is no date-time, and is not handed to the parser. */
    int MAX_LENGTH = 64;

    String message() default "must be an ISO-8601 date-time with an offset, e.g. 2022-06-01T09:00:00+08:00";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<DateTimeWithOffset, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.length() > MAX_LENGTH) {
                return false;
            }
            try {
                Timestamps.epochSecond(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
