package rtc.pricing.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import rtc.pricing.problem.NotFoundException;

/** Whose account data a caller sees; another account's looks absent. */
class AccountAccessTest {

    @Test
    void anAccountUserSeesItsOwnAccountOnly() {
        SecurityIdentity acme = identity("acme-user", Roles.ACCOUNT, "acme");
        assertEquals(Optional.of("acme"), AccountAccess.boundAccount(acme));
        assertDoesNotThrow(() -> AccountAccess.requireAccess(acme, "acme"));
        NotFoundException e = assertThrows(NotFoundException.class, () -> AccountAccess.requireAccess(acme, "globex"));
        assertEquals(NotFoundException.account("globex").getMessage(), e.getMessage(),
                "the same answer as an account that does not exist");
        assertThrows(NotFoundException.class, () -> AccountAccess.requireAccess(acme, "ACME"));
        assertThrows(NotFoundException.class, () -> AccountAccess.requireAccess(acme, null));
    }

    @Test
    void anAdminSeesEveryAccount() {
        SecurityIdentity admin = identity("admin", Roles.ADMIN, null);
        assertEquals(Optional.empty(), AccountAccess.boundAccount(admin));
        assertDoesNotThrow(() -> AccountAccess.requireAccess(admin, "acme"));
        assertDoesNotThrow(() -> AccountAccess.requireAccess(admin, "globex"));
    }

    @Test
    void otherRolesAndAnAccountRoleWithoutAccountSeeNone() {
        assertThrows(NotFoundException.class,
                () -> AccountAccess.requireAccess(identity("analyst", Roles.ANALYST, null), "acme"));
        assertThrows(NotFoundException.class,
                () -> AccountAccess.requireAccess(identity("billing", Roles.BILLING, null), "acme"));
        assertThrows(NotFoundException.class,
                () -> AccountAccess.requireAccess(identity("stray", Roles.ACCOUNT, null), "acme"));
        // The attribute counts only with the role account.
        assertEquals(Optional.empty(), AccountAccess.boundAccount(identity("odd", Roles.ANALYST, "acme")));
        assertThrows(NotFoundException.class,
                () -> AccountAccess.requireAccess(identity("odd", Roles.ANALYST, "acme"), "acme"));
        assertThrows(NotFoundException.class, () -> AccountAccess.requireAccess(null, "acme"));
    }

    private static SecurityIdentity identity(String name, String role, String accountId) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name))
                .addRole(role);
        if (accountId != null) {
            b.addAttribute(AccountAccess.ACCOUNT_ID, accountId);
        }
        return b.build();
    }
}
