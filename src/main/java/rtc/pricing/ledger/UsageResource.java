package rtc.pricing.ledger;

import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.rules.RuleSet;

/** POST /v1/usage: the usage pipeline's reports, each taken exactly once and deducted as it arrives. */
@Path("/v1/usage")
@Tag(name = "Usage", description = "The usage pipeline's reports (role billing), each taken once and deducted as it arrives.")
public class UsageResource {

    @Inject
    UsageReports reports;
    @Inject
    UsageIntake intake;
    @Inject
    IdempotentWrites writes;
    @Inject
    SecurityIdentity identity;
    @Inject
    JsonBodies bodies;

    @POST
    @Operation(operationId = "reportUsage", summary = "Report usage",
            description = "At most 10,000 reports, each ACCEPTED, DUPLICATE (its reportId was seen) or REJECTED with"
                    + " its reason; one report's rejection affects no other, so a batch holding reports that do not"
                    + " match the Report schema is still answered 200, those reports REJECTED. With an"
                    + " Idempotency-Key, a retried batch gets its first answer.",
            extensions = @Extension(name = "x-items-validated-one-by-one", value = "reports", parseValue = false))
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another request (idempotency-key-reused) or is in flight (idempotency-key-in-flight, Retry-After).")
    @RolesAllowed({"billing", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UsageReports.Batch.class)))
    @APIResponse(responseCode = "200", description = "Each report ACCEPTED, DUPLICATE or REJECTED with its reason.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UsageIntake.Answer.class)))
    public Response take(InputStream body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam(Audit.REQUEST_ID_HEADER) String requestId) throws IOException {
        JsonNode request = bodies.parse(body);
        RuleSet rules = bodies.rules(null);
        // Each report counts once by its reportId anyway; a key also answers a retried batch as it was first answered.
        // The body is bound inside the write, after the key's check: a key reused with another body is a 409 even
        // when that body is no batch, and a retry answered from the key is not bound again.
        return writes.run(idempotencyKey, identity.getPrincipal().getName(), Audit.requestId(requestId),
                "POST /v1/usage", request,
                c -> new Ledger.Written(200, intake.take(c, rules, reports.read(request, rules, bodies))));
    }
}
