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
import rtc.pricing.problem.Problem;

/** POST /v1/legacy-conversions: what old-mode packages convert to in general minutes. Stateless. */
@Path("/v1/legacy-conversions")
@Tag(name = "Pricing")
public class LegacyConversionResource {

    @Inject
    AccountPolicy policy;
    @Inject
    JsonBodies bodies;
    @Inject
    Admission admission;

    @POST
    @Operation(operationId = "convertLegacyPackagesPreview", summary = "Convert old packages (what-if)",
            description = "What old-mode packages convert to in general minutes, by the rules' factors. Stateless, public; nothing is recorded.")
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LegacyConversions.Request.class)))
    @APIResponse(responseCode = "200", description = "Each package with its factor and general minutes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LegacyConversions.Answer.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (invalid-input, errors[] by JSON Pointer: an "
            + "unknown field, a kind that is not an old-mode package, remaining not a whole number from 0, "
            + "expiresOn not YYYY-MM-DD, a repeated packageId) or malformed JSON (malformed-json).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = Admission.UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LegacyConversions.Answer convert(InputStream body) throws IOException {
        JsonNode request = bodies.parse(body);
        var packages = bodies.bind(request, LegacyConversions.Request.class, "{packages, rulesVersion}").checked();
        return admission.run(() -> LegacyConversions.answer(policy, bodies.rules(request.get("rulesVersion")),
                packages));
    }
}
