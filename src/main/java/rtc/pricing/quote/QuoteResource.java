package rtc.pricing.quote;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.problem.NoRulesException;
import rtc.pricing.rules.RuleRegistry;
import rtc.pricing.rules.RuleSet;

/** POST /v1/quotes: what does this usage cost, and why. Stateless. */
@Path("/v1/quotes")
public class QuoteResource {

    @Inject
    QuoteEngine engine;
    @Inject
    RuleRegistry registry;
    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = QuoteRequestSchema.class)))
    public Quote quote(String body) throws JsonProcessingException {
        // Parsed here rather than bound by the framework, so every malformed body gets our problem+json.
        QuoteInput input = QuoteRequestReader.read(json.readTree(body == null ? "" : body));
        // Taken once: the whole quote is priced by this rule set even if a reload swaps it meanwhile.
        RuleSet rules = registry.current().orElseThrow(() -> new NoRulesException(
                "no rule set has passed the gate yet; see GET /v1/rules"));
        return engine.quote(input, rules);
    }
}
