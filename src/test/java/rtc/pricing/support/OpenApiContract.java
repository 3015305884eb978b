package rtc.pricing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every REST Assured exchange of the tests, checked against the OpenAPI document the service under test serves
 * ({@code /q/openapi}): the operation is found by method and path template; the response's status and media type
 * must be declared and its body must match the declared schema; a request body that the document calls invalid
 * fails the test only when the service accepted it (2xx), since tests send invalid bodies on purpose. Registered for
 * every {@code @QuarkusTest} by {@link OpenApiContractCallback}. Each checked exchange is appended to
 * {@code target/openapi-contract.log}, so a run says how many it checked.
 */
public final class OpenApiContract implements OrderedFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The served document is registered under this made-up address, so its {@code $ref}s resolve within it. */
    private static final String DOCUMENT = "https://contract.test/openapi.json";
    private static final Path LOG = Path.of("target", "openapi-contract.log");
    private static final Map<String, Contract> CONTRACTS = new ConcurrentHashMap<>();

    @Override
    public int getOrder() {
        // Last of the filters: it sees the exchange as sent and received on the wire.
        return Integer.MAX_VALUE;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (!uri.getRawPath().startsWith("/v1/")) {
            return response; // health, metrics, pages, the document itself: not described by it
        }
        Contract contract = CONTRACTS.computeIfAbsent(uri.getScheme() + "://" + uri.getRawAuthority(), Contract::load);
        List<String> failures = contract.check(request.getMethod(), uri.getRawPath(), requestBody(request),
                request.getContentType(), response);
        log(request.getMethod() + " " + uri.getRawPath() + " " + response.getStatusCode() + " "
                + (failures.isEmpty() ? "ok" : "FAIL " + failures));
        if (!failures.isEmpty()) {
            throw new AssertionError("The exchange " + request.getMethod() + " " + uri.getRawPath() + " -> "
                    + response.getStatusCode() + " does not match /q/openapi:\n  " + String.join("\n  ", failures)
                    + "\nresponse body: " + abbreviated(response.asString()));
        }
        return response;
    }

    private static String requestBody(FilterableRequestSpecification request) {
        Object body = request.getBody();
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return body == null ? null : body.toString();
    }

    private static String abbreviated(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
    }

    private static synchronized void log(String line) {
        try {
            Files.createDirectories(LOG.getParent());
            Files.writeString(LOG, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One served document: its operations by method and path template, and a validator resolving its refs. */
    static final class Contract {

        private final JsonNode document;
        private final SchemaRegistry schemas;
        private final List<Template> templates = new ArrayList<>();
        private final Map<JsonNode, Schema> compiled = new ConcurrentHashMap<>();

        private record Template(String path, Pattern pattern, int variables) {
        }

        Contract(String text) {
            this.document = closed(JSON.readTree(text));
            String checked = JSON.writeValueAsString(document);
            this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    builder -> builder.schemas(Map.of(DOCUMENT, checked)));
            document.path("paths").propertyNames().forEach(path -> {
                String regex = Pattern.compile("\\{[^}]+}").splitAsStream(path).map(Pattern::quote)
                        .reduce((a, b) -> a + "[^/]+" + b).orElse("");
                if (path.endsWith("}")) {
                    regex += "[^/]+";
                }
                templates.add(new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1));
            });
            // A literal segment wins over a variable one (/v1/rules/versions before /v1/rules/{version}).
            templates.sort(Comparator.comparingInt(Template::variables));
        }

        /**
         * The document as the tests check it: every object schema closed ({@code unevaluatedProperties: false}, which
         * sees through allOf/oneOf), so a field the service answers without declaring it fails the build. The
         * published document stays open, as api.md lets fields be added; the service must declare them first.
         */
        private static JsonNode closed(JsonNode node) {
            if (node instanceof ObjectNode object) {
                if (object.has("properties") && object.get("properties").isObject()
                        && !object.has("additionalProperties") && !object.has("unevaluatedProperties")) {
                    object.put("unevaluatedProperties", false);
                }
                object.forEach(OpenApiContract.Contract::closed);
            } else if (node != null && node.isArray()) {
                node.forEach(OpenApiContract.Contract::closed);
            }
            return node;
        }

        static Contract load(String origin) {
            try {
                HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(origin + "/q/openapi?format=json")).build(), HttpResponse.BodyHandlers.ofString());
                if (served.statusCode() != 200) {
                    throw new IllegalStateException("/q/openapi answered " + served.statusCode());
                }
                return new Contract(served.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        List<String> check(String method, String path, String requestBody, String requestType, Response response) {
            List<String> failures = new ArrayList<>();
            int status = response.getStatusCode();
            String template = templates.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst()
                    .map(Template::path).orElse(null);
            JsonNode operation = template == null ? null
                    : document.path("paths").path(template).path(method.toLowerCase());
            if (operation == null || operation.isMissingNode()) {
                // Made-up paths and methods (404, 405) are no operation; an operation the document lacks is drift.
                if (status / 100 == 2) {
                    failures.add("no operation " + method + " " + path + " in the document, yet it answered " + status);
                }
                return failures;
            }
            checkRequest(operation, requestBody, requestType, status, response, failures);
            checkResponse(operation, response, failures);
            return failures;
        }

        private void checkRequest(JsonNode operation, String body, String type, int status, Response response,
                List<String> failures) {
            JsonNode content = operation.path("requestBody").path("content");
            if (body == null || type == null || status / 100 != 2 || content.isMissingNode()) {
                return; // the request may be as invalid as the test wants when the service refused it
            }
            // A batch whose items the service judges one by one (x-items-validated-one-by-one) is answered 200 with
            // its faulty items rejected: the schema then holds for the batch only when none was.
            if (operation.has("x-items-validated-one-by-one")
                    && JSON.readTree(response.asString()).path("rejected").asInt(0) > 0) {
                return;
            }
            JsonNode media = content.path(mediaType(type));
            if (media.isMissingNode()) {
                failures.add("the request's media type " + type + " is not declared, yet it was accepted");
                return;
            }
            JsonNode schema = media.path("schema");
            validate("request body", schema, body, failures);
        }

        private void checkResponse(JsonNode operation, Response response, List<String> failures) {
            String status = Integer.toString(response.getStatusCode());
            JsonNode responses = operation.path("responses");
            JsonNode declared = responses.path(status);
            if (declared.isMissingNode()) {
                declared = responses.path(status.charAt(0) + "XX");
            }
            if (declared.isMissingNode()) {
                declared = responses.path("default");
            }
            if (declared.isMissingNode()) {
                failures.add("status " + status + " is not declared (declared: " + responses.propertyNames() + ")");
                return;
            }
            if (declared.has("$ref")) { // a shared response of components/responses
                declared = document.at(declared.get("$ref").asString().substring(1));
            }
            String body = response.asString();
            String type = response.getContentType();
            if (body.isEmpty()) {
                // Past Vert.x's own request-head limits (far above the published ones) it answers 414 and 431
                // itself with no body, before any hook of the service runs (README, "Input limits").
                boolean vertxOwn = "414".equals(status) || "431".equals(status);
                if (!declared.path("content").isMissingNode() && !vertxOwn) {
                    failures.add("status " + status + " declares a body, none was sent");
                }
                return;
            }
            JsonNode media = declared.path("content").path(mediaType(type));
            if (media.isMissingNode()) {
                failures.add("status " + status + " answered " + type + ", not declared (declared: "
                        + declared.path("content").propertyNames() + ")");
                return;
            }
            if (mediaType(type).endsWith("json") && !media.path("schema").isMissingNode()) {
                validate("response " + status, media.path("schema"), body, failures);
            }
        }

        private void validate(String what, JsonNode schema, String body, List<String> failures) {
            JsonNode instance;
            try {
                instance = JSON.readTree(body);
            } catch (RuntimeException e) {
                failures.add(what + " is not JSON: " + e.getMessage());
                return;
            }
            Schema compiledSchema = compiled.computeIfAbsent(schema, this::compile);
            for (Error error : compiledSchema.validate(instance)) {
                failures.add(what + ": " + error.getInstanceLocation() + " " + error.getMessage());
            }
        }

        /** The schema with its local refs made absolute, so they resolve in the registered document. */
        private Schema compile(JsonNode schema) {
            JsonNode absolute = absoluteRefs(schema.deepCopy());
            return schemas.getSchema(absolute);
        }

        private static JsonNode absoluteRefs(JsonNode node) {
            if (node instanceof ObjectNode object) {
                JsonNode ref = object.get("$ref");
                if (ref != null && ref.isString() && ref.asString().startsWith("#")) {
                    object.put("$ref", DOCUMENT + ref.asString());
                }
                object.properties().forEach(e -> absoluteRefs(e.getValue()));
            } else if (node != null && node.isArray()) {
                node.forEach(Contract::absoluteRefs);
            }
            return node;
        }

        private static String mediaType(String contentType) {
            int parameters = contentType.indexOf(';');
            return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase();
        }
    }
}
