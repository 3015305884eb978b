package rtc.pricing.http;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import rtc.pricing.problem.Problem;

/**
 * The answers every operation shares, added to the OpenAPI document once here rather than on each resource method
 * ({@code mp.openapi.filter}): the refusals that happen before or around any resource (authentication, roles,
 * cross-site writes, body limits, client limits, saturation, unexpected failures), as components/responses each
 * operation refers to; every 4xx/5xx without a body declared gets the problem+json one; every operation needs HTTP
 * Basic unless it says {@code security: []} ({@code @SecurityRequirements()}, the public ones).
 */
public class OpenApiConventions implements OASFilter {

    /** A money field's description and pattern: an exact decimal string in CNY, never a JSON number. */
    public static final String MONEY = "Decimal string, CNY (exact, never a JSON number).";
    public static final String DECIMAL = "^-?[0-9]+(\\.[0-9]+)?$";
    /** An instant as answered: ISO-8601 with an offset, in the billing zone. */
    public static final String INSTANT = "date-time";

    /** The HTTP Basic scheme's name in components/securitySchemes (quarkus.smallrye-openapi.security-scheme-name). */
    public static final String BASIC = "basic";

    private static final String RETRY_AFTER = "Retry-After";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private record Shared(String code, String name, String description, Map<String, String> headers) {
    }

    /** For every operation. */
    private static final List<Shared> EVERYWHERE = List.of(
            new Shared("400", "InvalidInput", "Invalid input (invalid-input, errors[] naming each offending field or"
                    + " query parameter by JSON Pointer, or a malformed header), malformed JSON (malformed-json) or a"
                    + " body that could not be read (unreadable-body). Nothing was done.", Map.of()),
            new Shared("401", "Unauthorized", "Credentials are needed and were not sent, or were sent and not"
                    + " accepted (unauthorized). Wrong credentials are refused on public operations too.",
                    Map.of("WWW-Authenticate", "The HTTP Basic challenge (RFC 7617).")),
            new Shared("414", "UriTooLong", "The request line is longer than the published limit (uri-too-long);"
                    + " past the HTTP layer's own, higher limit, with no body.", Map.of()),
            new Shared("431", "HeadersTooLarge", "The request's headers are larger than the published limit"
                    + " (headers-too-large); past the HTTP layer's own, higher limit, with no body.", Map.of()),
            new Shared("429", "TooManyRequests", "Too many failed logins for this user or from this client"
                    + " (too-many-failed-logins), or this client holds too many connections (too-many-connections)"
                    + " or uploads (too-many-uploads).", Map.of(RETRY_AFTER, "Seconds to wait before retrying.")),
            new Shared("500", "InternalError", "The service failed on this request: the rules cannot price it"
                    + " (rules-defect), ran over their budget (rules-budget-exceeded), a figure exceeds exact"
                    + " arithmetic (arithmetic-overflow), or an unexpected failure (about:blank), logged.", Map.of()),
            new Shared("503", "Unavailable", "No rule set has passed the gate yet (no-rules), a past rules version"
                    + " is being loaded (rules-busy), or the service is saturated (overloaded, busy, ledger-busy);"
                    + " nothing was done.", Map.of(RETRY_AFTER, "Seconds to wait before retrying (saturation and"
                            + " rules-busy).")));

    /** For operations that need a user: a user without the role. Also any credentialed write from another origin. */
    private static final Shared FORBIDDEN = new Shared("403", "Forbidden", "The user has no role that allows this"
            + " request (forbidden), or a write with credentials came from another origin (cross-site-request).",
            Map.of());

    private static final Shared UNSUPPORTED_MEDIA_TYPE = new Shared("415", "UnsupportedMediaType", "The body is not"
            + " application/json (about:blank), or a write with credentials was sent as a form or text"
            + " (cross-site-request).", Map.of());

    /** For operations that take a body. */
    private static final List<Shared> WITH_BODY = List.of(
            new Shared("408", "BodyTimeout", "The request body did not arrive in time (body-timeout).", Map.of()),
            new Shared("413", "BodyTooLarge", "The body is larger than " + QuoteLimits.MAX_BODY_BYTES
                    + " bytes (body-too-large).", Map.of()),
            UNSUPPORTED_MEDIA_TYPE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents()
                : openAPI.getComponents();
        openAPI.setComponents(components);
        for (Shared shared : EVERYWHERE) {
            components.addResponse(shared.name(), response(shared));
        }
        components.addResponse(FORBIDDEN.name(), response(FORBIDDEN));
        for (Shared shared : WITH_BODY) { // UnsupportedMediaType among them
            components.addResponse(shared.name(), response(shared));
        }
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(OpenApiConventions::nullInEnumeration);
        }
        // Protected unless an operation says otherwise (security: [] on the public ones).
        openAPI.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(BASIC)));
        if (openAPI.getPaths() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            writesOnlyTakeIdempotencyKeys(path);
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getOperations().entrySet()) {
                Operation operation = entry.getValue();
                APIResponses responses = operation.getResponses();
                boolean isPublic = operation.getSecurity() != null && operation.getSecurity().isEmpty();
                boolean write = entry.getKey() != PathItem.HttpMethod.GET;
                EVERYWHERE.forEach(shared -> refer(responses, shared));
                if (!isPublic || write) {
                    refer(responses, FORBIDDEN);
                }
                if (operation.getRequestBody() != null) {
                    WITH_BODY.forEach(shared -> refer(responses, shared));
                } else if (write) {
                    refer(responses, UNSUPPORTED_MEDIA_TYPE); // a credentialed write sent with a form or text body
                }
                responses.getAPIResponses().forEach((code, response) -> {
                    if (response.getRef() == null && code.charAt(0) >= '4' && response.getContent() == null) {
                        response.setContent(problem());
                    }
                });
            }
        }
    }

    /**
     * A resource's header fields ({@code @HeaderParam} on a field) are declared for the whole path, reads included;
     * the Idempotency-Key belongs to writes only (api.md: every write takes one), so it moves to them.
     */
    private static void writesOnlyTakeIdempotencyKeys(PathItem path) {
        if (path.getParameters() == null) {
            return;
        }
        List<Parameter> key = path.getParameters().stream()
                .filter(p -> IDEMPOTENCY_KEY.equalsIgnoreCase(p.getName())).toList();
        if (key.isEmpty()) {
            return;
        }
        path.setParameters(path.getParameters().stream().filter(p -> !key.contains(p)).toList());
        path.getOperations().forEach((method, operation) -> {
            if (method != PathItem.HttpMethod.GET) {
                List<Parameter> all = new java.util.ArrayList<>(key);
                if (operation.getParameters() != null) {
                    all.addAll(operation.getParameters());
                }
                operation.setParameters(all);
            }
        });
    }

    /**
     * A nullable field with an enumeration ({@code @Schema(nullable = true, enumeration = …)}) is given type
     * [string, null] but an enum without null, which JSON Schema would refuse for null: null joins the enum.
     */
    private static void nullInEnumeration(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getEnumeration() != null && schema.getType() != null
                && schema.getType().contains(Schema.SchemaType.NULL) && !schema.getEnumeration().contains(null)) {
            List<Object> values = new java.util.ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(OpenApiConventions::nullInEnumeration);
        }
        nullInEnumeration(schema.getItems());
    }

    /** An operation's own description of a status wins over the shared one. */
    private static void refer(APIResponses responses, Shared shared) {
        if (!responses.hasAPIResponse(shared.code())) {
            responses.addAPIResponse(shared.code(), OASFactory.createAPIResponse().ref(shared.name()));
        }
    }

    private static APIResponse response(Shared shared) {
        APIResponse response = OASFactory.createAPIResponse().description(shared.description()).content(problem());
        shared.headers().forEach((name, description) -> response.addHeader(name, OASFactory.createHeader()
                .description(description).schema(OASFactory.createSchema().addType(
                        RETRY_AFTER.equals(name) ? Schema.SchemaType.INTEGER : Schema.SchemaType.STRING))));
        return response;
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("Problem")));
    }
}
