package rtc.pricing.ledger;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.http.FieldErrors;
import rtc.pricing.http.Ids;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.security.Passwords;
import rtc.pricing.security.Roles;
import rtc.pricing.security.UserDirectory;

/**
 * The body of POST /v1/users. No message repeats the password.
 */
@Schema(name = "NewUser", description = "A user of the database: its name, password, roles and, for the role "
        + "account, the account it may read.")
public record NewUserRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = UserDirectory.USERNAME_REGEX, message = "must be 1 to 64 characters: lowercase letters a-z, digits, '.', '_' or "
                + "'-', starting with a letter or digit")
        @Schema(examples = "ops-dashboard") String username,
        @NotNull(message = "is required")
        @Size(min = MIN_PASSWORD_CHARS, message = "must be at least " + MIN_PASSWORD_CHARS + " characters long")
        @Schema(description = "at least " + MIN_PASSWORD_CHARS + " characters and at most " + Passwords.MAX_BYTES
                + " bytes in UTF-8, no control characters; never answered", examples = "correct horse battery")
        String password,
        @NotEmpty(message = "is required: a non-empty array of roles, from " + Roles.LISTED)
        @Schema(description = "one or more of " + Roles.LISTED + "; account alone")
        List<@NotNull(message = "unknown role null; expected one of " + Roles.LISTED)
            @Pattern(regexp = Roles.PATTERN, message = "unknown role; expected one of " + Roles.LISTED) String> roles,
        @Size(min = 1, max = QuoteLimits.MAX_ID_LENGTH, message = "must be 1 to " + QuoteLimits.MAX_ID_LENGTH
                + " characters long")
        @Pattern(regexp = Ids.PATH_ID_REGEX, message = Ids.PATH_ID_MESSAGE)
        @Schema(description = "the account a user with the role account may read; only with that role",
                nullable = true, examples = "acme")
        String accountId) {

    /** Passwords: at least this many characters, and at most {@link Passwords#MAX_BYTES} bytes (UTF-8). */
    public static final int MIN_PASSWORD_CHARS = 12;

    /** The roles in the order sent; the checks across fields (and the password's bytes), all errors at once. */
    Set<String> checked() {
        FieldErrors errors = new FieldErrors();
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS) {
            errors.add("/password", "must be at least " + MIN_PASSWORD_CHARS + " characters long");
        } else if (!Passwords.fits(password)) {
            errors.add("/password", "must be at most " + Passwords.MAX_BYTES + " bytes long in UTF-8 (bcrypt reads no"
                    + " further)");
        } else if (password.chars().anyMatch(Character::isISOControl)) {
            errors.add("/password", "must not contain control characters");
        }
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < roles.size(); i++) {
            if (!set.add(roles.get(i))) {
                errors.add("/roles/" + i, "\"" + roles.get(i) + "\" is listed twice");
            }
        }
        boolean account = set.contains(Roles.ACCOUNT);
        if (account && set.size() > 1) {
            errors.add("/roles", "the role account cannot be combined with other roles: an account user reads its own"
                    + " account only");
        } else if (account && accountId == null) {
            errors.add("/accountId", "is required with the role account: the account this user may read");
        } else if (!account && accountId != null) {
            errors.add("/accountId", "is only for users with the role account; leave it out or null");
        }
        errors.throwIfAny();
        return set;
    }
}
