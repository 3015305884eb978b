package rtc.pricing.http;

import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.NoRulesException;
import rtc.pricing.rules.RuleHistory;
import rtc.pricing.rules.RuleRegistry;
import rtc.pricing.rules.RuleSet;

/**
 * What every JSON endpoint does with its body before its own reader looks at it: strict JSON (one document,
 * nothing after it, each key once per object), read from the stream, and the rule set it asks for.
 */
@ApplicationScoped
public class JsonBodies {

    @Inject
    ObjectMapper json;
    @Inject
    RuleRegistry registry;
    @Inject
    SecurityIdentity identity;
    @Inject
    Validator validator;

    /** Limits of every body's shape (api.md lists them): levels of nesting, digits of a number, length of a name. */
    public static final int MAX_NESTING = 16;
    public static final int MAX_NUMBER_DIGITS = 64;
    public static final int MAX_NAME_LENGTH = 1_000;

    private ObjectReader strict;
    private BodyBinder binder;

    @PostConstruct
    void strictReader() {
        // Bodies nest a few levels and hold short numbers and names: far tighter bounds than Jackson's defaults keep
        // a hostile document's cost at its size (no deep recursion, no 1,000-digit number parsed).
        JsonFactory bounded = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxNumberLength(MAX_NUMBER_DIGITS).maxNameLength(MAX_NAME_LENGTH)
                .build()).build();
        // Decimals as the digits sent (a quantity of 25.5 thousand minutes is 25.5, never a double's approximation).
        strict = new ObjectMapper(bounded).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        binder = new BodyBinder(validator);
    }

    /**
     * The parsed body bound to its request record and valid ({@link BodyBinder}), or a 400 listing every field error;
     * {@code whatItIs} completes "the request body must be a JSON object …".
     */
    public <T> T bind(JsonNode body, Class<T> type, String whatItIs) {
        return binder.bind(body, type, whatItIs);
    }

    /**
     * The body as a tree; a malformed body is an input error (or malformed-json) with where it went wrong. The
     * bytes must be UTF-8 ({@link Utf8Input}): a fault is an input error at the value the parser was reading.
     */
    public JsonNode parse(InputStream body) throws IOException {
        JsonParser parser = null;
        try {
            parser = strict.createParser(new Utf8Input(body == null ? InputStream.nullInputStream() : body, "the body"));
            JsonNode tree = strict.readTree(parser);
            return tree == null ? MissingNode.getInstance() : tree; // an empty body, as readTree(InputStream) says
        } catch (Utf8Input.Malformed e) {
            String pointer = parser == null ? "" : pointer(parser);
            throw new InputException(pointer, (pointer.isEmpty() ? "the body holds" : "holds")
                    + " bytes that are not UTF-8: " + e.getMessage() + "; JSON bodies are UTF-8 (RFC 8259)");
        } catch (MismatchedInputException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
                throw new InputException("", "unexpected data after the JSON document" + at(e.getLocation())
                        + ": the body must hold exactly one JSON object");
            }
            throw e;
        } catch (StreamConstraintsException e) {
            throw new InputException(parser == null ? "" : pointer(parser), "exceeds the limits of a body: at most "
                    + MAX_NESTING + " levels of nesting, " + MAX_NUMBER_DIGITS + " characters in a number, "
                    + MAX_NAME_LENGTH + " in a field's name");
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    && e.getProcessor() != null) {
                // The parser stopped on the repeated key: its context is the key's own pointer.
                JsonStreamContext key = e.getProcessor().getParsingContext();
                String pointer = key.pathAsPointer().toString();
                String name = key.getCurrentName();
                throw new InputException(pointer, "duplicate key" + (name == null ? "" : " \"" + name + "\"")
                        + ": each field may appear once per object");
            }
            throw e;
        } finally {
            if (parser != null) {
                parser.close();
            }
        }
    }

    /**
     * The JSON Pointer of the value the parser stopped in: a string is decoded while it is the current token, a
     * value is read while its key is (the context names either); elsewhere (in a key, at an object's or array's
     * start) the fault is placed at the enclosing object or array.
     */
    private static String pointer(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
            return context.pathAsPointer().toString();
        }
        JsonStreamContext container = context.getParent();
        return context.inRoot() || container == null ? "" : container.pathAsPointer().toString();
    }

    /**
     * The serving rules, or the past version the request names in {@code rulesVersion} (to price usage again as
     * it was priced). Taken once per request: the whole answer comes from one rule set even if a reload swaps it.
     * A past version is for authenticated callers with a role only (401 without credentials, 403 without a role):
     * it is no longer what the gate vouches for (a version can be reverted for doing harm), and compiling one costs
     * the service seconds. The serving version, named or not, is public.
     */
    public RuleSet rules(JsonNode version) {
        if (version == null || version.isNull()) {
            return serving();
        }
        if (!version.isTextual() || !RuleHistory.isVersion(version.textValue())) {
            throw new InputException("/rulesVersion", "must be a rules version: 16 hexadecimal digits, as in a "
                    + "quote's rulesVersion");
        }
        String named = version.textValue();
        RuleSet now = registry.current().orElse(null);
        if (now != null && now.version().equals(named)) {
            return now;
        }
        if (!registry.history().contains(named)) {
            throw new InputException("/rulesVersion", "no rule set with version " + named + " has served here");
        }
        if (identity.isAnonymous()) {
            throw new UnauthorizedException("a past rules version is priced for authenticated callers only");
        }
        if (identity.getRoles().isEmpty()) {
            throw new ForbiddenException("a past rules version is priced for users with a role only");
        }
        return registry.version(named).orElseThrow(() -> new InputException("/rulesVersion",
                "no rule set with version " + named + " has served here"));
    }

    private RuleSet serving() {
        return registry.current().orElseThrow(() -> new NoRulesException(
                "no rule set has passed the gate yet; see GET /v1/rules"));
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
