package rtc.pricing.advice;

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

import com.fasterxml.jackson.databind.node.TextNode;

import rtc.pricing.config.PricingConfig;
import rtc.pricing.http.Admission;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.Problem;

/** POST /v1/package-advice: which package to buy for a month of usage. Stateless, public; the rules price. */
@Path("/v1/package-advice")
@Tag(name = "Pricing")
public class PackageAdviceResource {

    @Inject
    PackageAdvice advice;
    @Inject
    JsonBodies bodies;
    @Inject
    Admission admission;
    @Inject
    QuoteLimits limits;
    @Inject
    PricingConfig config;

    @POST
    @Operation(operationId = "advisePackages", summary = "Advise which package to buy",
            description = "For a month of usage (per item, or a quote request): the general minutes needed, the postpaid price and at most 10 options, the cheapest total first. Stateless, public.")
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PackageAdviceRequest.class)))
    @APIResponse(responseCode = "200", description = "The general minutes needed, the postpaid price of the month "
            + "and at most 10 options, the cheapest total first (postpaid only always among them).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Advice.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (invalid-input, errors[] with a JSON Pointer per "
            + "offending field; in the quote form under /quote) or malformed JSON. Nothing is priced.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", description = "The serving rules cannot price it (rules-defect) or ran over "
            + "their budget (rules-budget-exceeded).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = Admission.UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Advice advise(InputStream body) throws IOException {
        PackageAdviceRequest request = bodies.bind(bodies.parse(body), PackageAdviceRequest.class,
                PackageAdviceRequest.WHAT);
        AdviceRequest input = request.checked(config.billingZone(), limits);
        return admission.run(() -> advice.advise(input, bodies.rules(TextNode.valueOf(request.rulesVersion())), null));
    }
}
