package rtc.pricing.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code errors} lists input errors ({pointer, message}) or rule problems
 * ({file, line, message}).
 */
@JsonInclude(Include.NON_NULL)
@Schema(name = "Problem", description = "An RFC 9457 problem document (application/problem+json). The type is "
        + Problem.TYPES + "<slug>, or about:blank for a plain HTTP error (an unknown path, a method not allowed, an"
        + " unexpected failure).", requiredProperties = { "type", "title", "status" })
public record Problem(
        @Schema(description = "What went wrong, as a URI: " + Problem.TYPES + "<slug> or about:blank. The slugs: "
                + Problem.SLUGS + ".", format = "uri", examples = Problem.TYPES + "invalid-input") String type,
        @Schema(description = "A short summary of the problem type, the same for every occurrence.",
                examples = "Invalid input") String title,
        @Schema(description = "The HTTP status of this answer.", minimum = "400", maximum = "599", examples = "400")
        int status,
        @Schema(description = "What went wrong with this request, for a person.",
                examples = "/usage/0/minutes: must be a whole number from 0") String detail,
        @Schema(description = "Input errors (400: invalid-input, malformed-json, unreadable-body), each naming the "
                + "field by JSON Pointer, or rule problems (422: rules-refused), each naming the file and line; "
                + "absent otherwise.", type = SchemaType.ARRAY, implementation = ProblemError.class)
        List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPES = "https://rtc-pricing.example/problems/";
    /** Every problem type the service answers, for the document (grep Problem.of and ConflictException). */
    static final String SLUGS = "invalid-input, malformed-json, unreadable-body (400); unauthorized (401); forbidden,"
            + " cross-site-request (403); not-found, unknown-rules-version (404); body-timeout (408); account-exists,"
            + " app-exists, user-exists, trial-refused, purchase-refused, insufficient-balance,"
            + " legacy-package-refused, conversion-refused, refund-refused, day-settled, day-not-ended,"
            + " idempotency-key-reused, idempotency-key-in-flight (409); body-too-large (413); cross-site-request"
            + " (415); rules-refused (422); too-many-failed-logins, too-many-connections, too-many-uploads (429);"
            + " uri-too-long (414); headers-too-large (431); rules-defect, rules-budget-exceeded, arithmetic-overflow"
            + " (500); no-rules, rules-busy, overloaded, busy, ledger-busy (503)";

    public static Problem of(int status, String slug, String title, String detail, List<?> errors) {
        return new Problem(slug == null ? "about:blank" : TYPES + slug, title, status, detail, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** One entry of {@code errors}: its shape only, for the document. */
    @Schema(name = "ProblemError", oneOf = { FieldError.class, RuleProblemRef.class })
    private interface ProblemError {
    }

    /** The rules' own {@code RuleProblem} schema (this layer cannot name the class). */
    @Schema(ref = "RuleProblem")
    private interface RuleProblemRef {
    }
}
