package rtc.pricing.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;

/** Test-only stand-in for an account endpoint: roles as the account endpoints have them, then AccountAccess. */
@Path("/test-probe/accounts/{accountId}")
public class AccountProbe {

    @Inject
    SecurityIdentity caller;

    @GET
    @Operation(hidden = true) // a test resource: not part of the published contract
    @RolesAllowed({ Roles.ADMIN, Roles.ACCOUNT })
    public String read(@PathParam("accountId") String accountId) {
        AccountAccess.requireAccess(caller, accountId);
        return "account " + accountId + " as " + caller.getPrincipal().getName()
                + AccountAccess.boundAccount(caller).map(a -> " bound to " + a).orElse("");
    }
}
