package rtc.pricing.quote;

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

import rtc.pricing.http.Admission;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.Problem;

/** POST /v1/quotes: what does this usage cost, and why. Stateless. */
@Path("/v1/quotes")
@Tag(name = "Pricing", description = "Public, stateless pricing: quotes, package prices and advice, deductions and old-package conversions. No account data is read.")
public class QuoteResource {

    @Inject
    QuoteEngine engine;
    @Inject
    JsonBodies bodies;
    @Inject
    Admission admission;
    @Inject
    QuoteLimits limits;

    @POST
    @Operation(operationId = "createQuote", summary = "Price usage",
            description = "Prices rooms (base service), recordings and transcodings with the serving rules (or a past rulesVersion): daily settlement lines, who produced the seconds, items and total. Stateless, public.")
    @SecurityRequirements
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = QuoteRequest.class)))
    @APIResponse(responseCode = "200", description = "Priced: daily settlement lines, attribution and total. Money "
            + "is an exact decimal string in CNY; unitPrice is CNY per 1,000 minutes.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Quote.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (type invalid-input, errors[] with a JSON Pointer "
            + "per offending field, at most 1,000), malformed JSON (malformed-json) or a body that could not be read "
            + "(unreadable-body). Nothing is priced.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than 8 MiB (body-too-large).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", description = "The serving rules cannot price this request (rules-defect), "
            + "ran over their budget (rules-budget-exceeded), or a figure exceeds exact arithmetic "
            + "(arithmetic-overflow).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = Admission.UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Quote quote(InputStream body) throws IOException {
        // Parsed here rather than bound by the framework, so every malformed body gets our problem+json; parsed from
        // the stream (no copy of the body as a String); the whole request is bound, validated and checked
        // (QuoteRequest, the published QuoteLimits) before anything is priced.
        QuoteRequest request = bodies.bind(bodies.parse(body), QuoteRequest.class, QuoteRequest.WHAT);
        QuoteInput input = request.checked(limits);
        return admission.run(() -> engine.quote(input, bodies.rules(TextNode.valueOf(request.rulesVersion()))));
    }
}
