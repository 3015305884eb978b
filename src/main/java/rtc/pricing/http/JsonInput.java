package rtc.pricing.http;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;



/**
 * Strict reading of a small JSON object of the package endpoints and examples: every field is named in the
 * errors by its JSON Pointer, all errors are collected (unknown fields as for every request, {@link FieldReader}),
 * and {@link #done()} throws them at once.
 */
public final class JsonInput extends FieldReader {

    /** {@code node} must be an object; false (and an error) if it is not. */
    public boolean object(JsonNode node, String p, boolean required) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            if (required) {
                error(p, "is required");
            }
            return false;
        }
        if (!node.isObject()) {
            error(p, "must be an object");
            return false;
        }
        return true;
    }

    public String text(JsonNode obj, String p, String name, int maxLength) {
        JsonNode v = present(obj, p, name, true);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > maxLength) {
            error(p + "/" + name, "must be a string of 1 to " + maxLength + " characters");
            return null;
        }
        return v.textValue();
    }

    public Long integer(JsonNode obj, String p, String name, boolean required, long min, long max) {
        JsonNode v = present(obj, p, name, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            error(p + "/" + name, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return v.longValue();
    }

    public Boolean bool(JsonNode obj, String p, String name, boolean required) {
        JsonNode v = present(obj, p, name, required);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            error(p + "/" + name, "must be true or false");
            return null;
        }
        return v.booleanValue();
    }

    public LocalDate date(JsonNode obj, String p, String name, boolean required) {
        JsonNode v = present(obj, p, name, required);
        if (v == null) {
            return null;
        }
        try {
            if (v.isTextual() && v.textValue().length() == 10) {
                return LocalDate.parse(v.textValue());
            }
        } catch (DateTimeException e) {
            // reported below
        }
        error(p + "/" + name, "must be a date, YYYY-MM-DD");
        return null;
    }

    public ZonedDateTime instant(JsonNode obj, String p, String name, boolean required) {
        JsonNode v = present(obj, p, name, required);
        if (v == null) {
            return null;
        }
        try {
            if (v.isTextual()) {
                return OffsetDateTime.parse(v.textValue()).toZonedDateTime();
            }
        } catch (DateTimeException e) {
            // reported below
        }
        error(p + "/" + name, "must be an ISO-8601 date-time with an offset, e.g. 2022-02-01T08:00:00+08:00");
        return null;
    }

    public <E extends Enum<E>> E oneOf(JsonNode obj, String p, String name, Class<E> type, Set<E> allowed) {
        JsonNode v = present(obj, p, name, true);
        if (v == null) {
            return null;
        }
        for (E e : allowed) {
            if (v.isTextual() && e.name().equals(v.textValue())) {
                return e;
            }
        }
        error(p + "/" + name, "must be one of " + allowed.stream().map(Enum::name).toList());
        return null;
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws every error found, if any. */
    public void done() {
        throwIfAny();
    }

    private JsonNode present(JsonNode obj, String p, String name, boolean required) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(p + "/" + name, "is required");
            }
            return null;
        }
        return v;
    }
}
