package rtc.pricing.quote;

import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import rtc.pricing.problem.InputException;
import rtc.pricing.problem.NoRulesException;
import rtc.pricing.problem.Problem;
import rtc.pricing.rules.RuleHistory;
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
    @Inject
    QuoteLimits limits;

    /** Strict JSON: one document (nothing after it), each key once per object. Unknown fields: the reader. */
    private ObjectReader strict;

    @PostConstruct
    void strictReader() {
        strict = json.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = QuoteRequestSchema.class)))
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
    @APIResponse(responseCode = "503", description = "No rule set has passed the gate yet (no-rules).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Quote quote(InputStream body) throws IOException {
        // Parsed here rather than bound by the framework, so every malformed body gets our problem+json; parsed from
        // the stream (no copy of the body as a String); the whole request is read and checked (QuoteRequestReader,
        // the published QuoteLimits) before anything is priced.
        JsonNode request = parse(body == null ? InputStream.nullInputStream() : body);
        QuoteInput input = QuoteRequestReader.read(request, limits);
        // Taken once: the whole quote is priced by this rule set even if a reload swaps it meanwhile.
        return engine.quote(input, rules(request.get("rulesVersion")));
    }

    /** The serving rules, or the past version the request names (to price usage again as it was priced). */
    private RuleSet rules(JsonNode version) {
        if (version == null || version.isNull()) {
            return registry.current().orElseThrow(() -> new NoRulesException(
                    "no rule set has passed the gate yet; see GET /v1/rules"));
        }
        if (!version.isTextual() || !RuleHistory.isVersion(version.textValue())) {
            throw new InputException("/rulesVersion", "must be a rules version: 16 hexadecimal digits, as in a "
                    + "quote's rulesVersion");
        }
        return registry.version(version.textValue()).orElseThrow(() -> new InputException("/rulesVersion",
                "no rule set with version " + version.textValue() + " has served here"));
    }

    private JsonNode parse(InputStream body) throws IOException {
        try {
            return strict.readTree(body);
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
                throw new InputException("", "unexpected data after the JSON document" + at(e.getLocation())
                        + ": the body must hold exactly one JSON object");
            }
            throw e;
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    && e.getProcessor() != null) {
                JsonParser parser = e.getProcessor();
                // The parser stopped on the repeated key: its context is the key's own pointer.
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                String name = parser.getParsingContext().getCurrentName();
                throw new InputException(pointer, "duplicate key" + (name == null ? "" : " \"" + name + "\"")
                        + ": each field may appear once per object");
            }
            throw e;
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
