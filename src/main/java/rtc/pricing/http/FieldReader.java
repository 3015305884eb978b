package rtc.pricing.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;

/**
 * What every request reader does: collect input errors with their JSON Pointers (at most
 * {@link QuoteLimits#MAX_REPORTED_ERRORS} listed), refuse unknown fields with a hint, and read ids, enums and
 * flags the same way on every endpoint.
 */
public abstract class FieldReader {

    protected final List<FieldError> errors = new ArrayList<>();
    protected int unreported;

    /** Throws the collected errors as one input error, if there are any. */
    protected void throwIfAny() {
        if (!errors.isEmpty()) {
            if (unreported > 0) {
                errors.add(new FieldError("", QuoteLimits.count(unreported) + " more errors not listed"));
            }
            throw new InputException(errors);
        }
    }

    /** Names every member of {@code node} (at {@code p}) not in {@code fields}, with a hint when one is close. */
    public void known(JsonNode node, String p, Set<String> fields) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.contains(name)) {
                if (errors.size() >= QuoteLimits.MAX_REPORTED_ERRORS) {
                    unreported++;
                } else {
                    error(p + "/" + escape(name), "unknown field" + hint(name, fields));
                }
            }
        }
    }

    protected static String hint(String name, Set<String> fields) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        if (name.length() <= 64) {
            for (String f : fields) {
                int d = f.equalsIgnoreCase(name) ? 0 : name.length() >= 4 ? distance(name, f) : Integer.MAX_VALUE;
                if (d < bestDistance || (d == bestDistance && best != null && f.compareTo(best) < 0)) {
                    best = f;
                    bestDistance = d;
                }
            }
        }
        return bestDistance <= 2 ? "; did you mean \"" + best + "\"?" : "; expected one of " + sorted(fields);
    }

    /** Levenshtein distance, case-insensitive (names are short: at most 64 × 13 steps). */
    protected static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT), y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1], current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[y.length()];
    }

    /** A member name as a JSON Pointer reference token (RFC 6901). */
    protected static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    protected String requiredId(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            error(p + "/" + field, "is required");
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            error(p + "/" + field, "must be a non-empty string");
            return null;
        }
        return idLength(v.textValue(), p + "/" + field);
    }

    /** See {@link Ids#PATH_ID}. */
    public static final Pattern PATH_ID = Ids.PATH_ID;

    protected String requiredPathId(JsonNode node, String field, String p) {
        String id = requiredId(node, field, p);
        if (id != null && !PATH_ID.matcher(id).matches()) {
            error(p + "/" + field, Ids.PATH_ID_MESSAGE);
            return null;
        }
        return id;
    }

    protected String optionalId(JsonNode node, String field, String p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            error(p + "/" + field, "must be a string");
            return null;
        }
        return idLength(v.textValue(), p + "/" + field);
    }

    protected String idLength(String id, String pointer) {
        if (id.length() > QuoteLimits.MAX_ID_LENGTH) {
            error(pointer, "must be at most " + QuoteLimits.MAX_ID_LENGTH + " characters long (got "
                    + QuoteLimits.count(id.length()) + ")");
            return null;
        }
        return id;
    }

    protected String enumText(JsonNode node, String field, String p, Set<String> allowed, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(p + "/" + field, "is required; one of " + sorted(allowed));
            }
            return null;
        }
        if (!v.isTextual() || !allowed.contains(v.textValue())) {
            error(p + "/" + field, "unknown value " + v + "; expected one of " + sorted(allowed));
            return null;
        }
        return v.textValue();
    }

    protected boolean optionalBoolean(JsonNode node, String field, String p, boolean absent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            error(p + "/" + field, "must be true or false");
            return absent;
        }
        return v.booleanValue();
    }

    protected static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    public void error(String pointer, String message) {
        if (errors.size() < QuoteLimits.MAX_REPORTED_ERRORS) {
            errors.add(new FieldError(pointer, message));
        } else {
            unreported++;
        }
    }
}
