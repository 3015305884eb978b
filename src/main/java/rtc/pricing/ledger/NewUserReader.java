package rtc.pricing.ledger;

import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.http.FieldReader;
import rtc.pricing.security.Passwords;
import rtc.pricing.security.Roles;
import rtc.pricing.security.UserDirectory;

/**
 * Reads POST /v1/users: {@code {"username", "password", "roles": [...], "accountId"}}, every field checked and every
 * error named by its JSON Pointer before anything is written. No message repeats the password.
 */
public final class NewUserReader extends FieldReader {

    /** Passwords: at least this many characters, and at most {@link Passwords#MAX_BYTES} bytes (UTF-8). */
    public static final int MIN_PASSWORD_CHARS = 12;

    private static final Set<String> FIELDS = Set.of("username", "password", "roles", "accountId");

    /** What the request asks for; roles in the order sent, without repetitions. */
    public record NewUser(String username, String password, Set<String> roles, String accountId) {
    }

    private NewUserReader() {
    }

    public static NewUser read(JsonNode root) {
        NewUserReader r = new NewUserReader();
        NewUser user = r.request(root);
        r.throwIfAny();
        return user;
    }

    private NewUser request(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "the request body must be a JSON object {username, password, roles, accountId}");
            return null;
        }
        known(root, "", FIELDS);
        String username = username(root.get("username"));
        String password = password(root.get("password"));
        Set<String> roles = roles(root.get("roles"));
        JsonNode sent = root.get("accountId");
        boolean accountIdSent = sent != null && !sent.isNull();
        String accountId = accountIdSent ? requiredId(root, "accountId", "") : null;
        if (roles != null && (accountId != null || !accountIdSent)) {
            boolean account = roles.contains(Roles.ACCOUNT);
            if (account && !accountIdSent) {
                error("/accountId", "is required with the role account: the account this user may read");
            } else if (!account && accountIdSent) {
                error("/accountId", "is only for users with the role account; leave it out or null");
            }
        }
        return new NewUser(username, password, roles, accountId);
    }

    private String username(JsonNode v) {
        if (v == null || v.isNull()) {
            error("/username", "is required");
            return null;
        }
        if (!v.isTextual() || !UserDirectory.USERNAME.matcher(v.textValue()).matches()) {
            error("/username", "must be 1 to 64 characters: lowercase letters a-z, digits, '.', '_' or '-', starting"
                    + " with a letter or digit");
            return null;
        }
        return v.textValue();
    }

    private String password(JsonNode v) {
        if (v == null || v.isNull()) {
            error("/password", "is required");
            return null;
        }
        if (!v.isTextual()) {
            error("/password", "must be a string");
            return null;
        }
        String p = v.textValue();
        if (p.codePointCount(0, p.length()) < MIN_PASSWORD_CHARS) {
            error("/password", "must be at least " + MIN_PASSWORD_CHARS + " characters long");
            return null;
        }
        if (!Passwords.fits(p)) {
            error("/password", "must be at most " + Passwords.MAX_BYTES + " bytes long in UTF-8 (bcrypt reads no"
                    + " further)");
            return null;
        }
        if (p.chars().anyMatch(Character::isISOControl)) {
            error("/password", "must not contain control characters");
            return null;
        }
        return p;
    }

    private Set<String> roles(JsonNode v) {
        if (v == null || v.isNull()) {
            error("/roles", "is required: a non-empty array of roles, from " + sorted(Roles.ALL));
            return null;
        }
        if (!v.isArray() || v.isEmpty()) {
            error("/roles", "must be a non-empty array of roles, from " + sorted(Roles.ALL));
            return null;
        }
        Set<String> roles = new LinkedHashSet<>();
        boolean valid = true;
        for (int i = 0; i < v.size(); i++) {
            JsonNode role = v.get(i);
            if (!role.isTextual() || !Roles.ALL.contains(role.textValue())) {
                error("/roles/" + i, "unknown role " + abbreviated(role) + "; expected one of " + sorted(Roles.ALL));
                valid = false;
            } else if (!roles.add(role.textValue())) {
                error("/roles/" + i, "\"" + role.textValue() + "\" is listed twice");
                valid = false;
            }
        }
        if (!valid) {
            return null;
        }
        if (roles.contains(Roles.ACCOUNT) && roles.size() > 1) {
            error("/roles", "the role account cannot be combined with other roles: an account user reads its own"
                    + " account only");
            return null;
        }
        return roles;
    }

    private static String abbreviated(JsonNode v) {
        String text = v.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
