package rtc.pricing.http;

import java.util.regex.Pattern;

/**
 * Ids that become path segments ({@code /v1/accounts/{id}}, {@code …/{appId}/…}): 1 to
 * {@value QuoteLimits#MAX_ID_LENGTH} letters, digits, '.', '_' or '-', starting with a letter or digit. So never
 * {@code .} or {@code ..} (which a path resolves away) and nothing that needs percent-encoding. The constants are
 * compile-time ones, for request records' constraints; anchored, as a JSON Schema pattern is a search, not a match.
 */
public final class Ids {

    public static final String PATH_ID_REGEX = "^[A-Za-z0-9][A-Za-z0-9._-]{0," + (QuoteLimits.MAX_ID_LENGTH - 1)
            + "}$";
    public static final String PATH_ID_MESSAGE = "must be letters A-Z or a-z, digits, '.', '_' or '-', starting with a"
            + " letter or digit: it names a resource in paths";
    public static final Pattern PATH_ID = Pattern.compile(PATH_ID_REGEX);
    /** Text that is not blank: at least one character other than white space (a regex of Java and ECMA alike). */
    public static final String NOT_BLANK = "^[\\s\\S]*\\S[\\s\\S]*$";

    private Ids() {
    }
}
