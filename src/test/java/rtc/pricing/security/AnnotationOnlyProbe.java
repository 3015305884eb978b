package rtc.pricing.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * Test-only endpoint outside /v1, so no path permission covers it: only its annotation refuses, in the REST layer,
 * which is where an anonymous request meets a 401 there (AuthenticationTest).
 */
@Path("/test-probe/admin-only")
public class AnnotationOnlyProbe {

    @GET
    @RolesAllowed(Roles.ADMIN)
    public String probe() {
        return "ok";
    }
}
