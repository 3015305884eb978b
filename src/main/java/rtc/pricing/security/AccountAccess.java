package rtc.pricing.security;

import java.util.Optional;

import io.quarkus.security.identity.SecurityIdentity;
import rtc.pricing.problem.NotFoundException;

/**
 * Whose account data a caller may see (api.md "Accounts"): an {@code admin} every account's; a user with the role
 * {@code account} only that of the account it is bound to. Anything else looks absent: the same {@code 404} as an
 * account that does not exist ({@link NotFoundException#account}), never a {@code 403} that would confirm it exists.
 * The endpoint's {@code @RolesAllowed} says which roles may call it at all; this says which account's data.
 */
public final class AccountAccess {

    /** The identity attribute holding an {@code account} user's account id (set by DirectoryIdentityProvider). */
    public static final String ACCOUNT_ID = "rtc.pricing.accountId";

    private AccountAccess() {
    }

    /** The account the caller is bound to: present for a user with the role {@code account}, else empty. */
    public static Optional<String> boundAccount(SecurityIdentity who) {
        if (who == null || who.isAnonymous() || !who.hasRole(Roles.ACCOUNT)) {
            return Optional.empty();
        }
        return Optional.ofNullable(who.<String>getAttribute(ACCOUNT_ID));
    }

    /** Whether {@code who} may see the data of {@code accountId}. */
    public static boolean mayAccess(SecurityIdentity who, String accountId) {
        if (who == null || who.isAnonymous()) {
            return false;
        }
        if (who.hasRole(Roles.ADMIN)) {
            return true;
        }
        return accountId != null && boundAccount(who).map(accountId::equals).orElse(false);
    }

    /**
     * Lets an {@code admin} through, and an {@code account} user to its own account; anyone else (another
     * account's user, or a role bound to no account) gets the 404 of an absent account.
     *
     * @throws NotFoundException as for an account that does not exist
     */
    public static void requireAccess(SecurityIdentity who, String accountId) {
        if (!mayAccess(who, accountId)) {
            throw NotFoundException.account(accountId);
        }
    }
}
