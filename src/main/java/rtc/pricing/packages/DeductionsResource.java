package rtc.pricing.packages;

import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.http.Admission;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.Problem;

/** POST /v1/deductions: replay an account's base-service usage against its packages. Stateless. */
@Path("/v1/deductions")
@Tag(name = "Pricing")
public class DeductionsResource {

    @Inject
    DeductionEngine engine;
    @Inject
    JsonBodies bodies;
    @Inject
    Admission admission;
    @Inject
    QuoteLimits limits;

    @POST
    @Operation(operationId = "replayDeductions", summary = "Replay deductions",
            description = "Replays an account's base-service usage against its packages, as the ledger deducts it: each entry's deductions, the packages afterwards, the postpaid lines and the events. Stateless, public.")
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeductionRequest.class)))
    @APIResponse(responseCode = "200", description = "Each entry's deductions, the packages afterwards, the postpaid "
            + "lines per day, app and item, and the account's events.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Deductions.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (invalid-input, errors[] with a JSON Pointer per "
            + "offending field) or malformed JSON. Nothing is deducted.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = Admission.UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Deductions deduct(InputStream body) throws IOException {
        JsonNode request = bodies.parse(body);
        DeductionInput input = bodies.bind(request, DeductionRequest.class, "{account, packages, usage, rulesVersion}")
                .input(engine.zone(), limits, request);
        return admission.run(() -> engine.replay(input, bodies.rules(request.get("rulesVersion"))));
    }
}
