package rtc.pricing.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoint outside /v1, so no path permission covers it: only its annotation refuses, in the REST layer,
 * which is where an anonymous request meets a 401 there (AuthenticationTest).
 */
@Path("/test-probe/admin-only")
public class AnnotationOnlyProbe {

    @GET
    @Operation(hidden = true) // a test resource: not part of the published contract
    @RolesAllowed(Roles.ADMIN)
    public String probe() {
        return "ok";
    }
}
