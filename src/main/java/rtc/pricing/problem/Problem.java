package rtc.pricing.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code errors} lists input errors ({pointer, message}) or rule problems
 * ({file, line, message}).
 */
@JsonInclude(Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://rtc-pricing.example/problems/";

    public static Problem of(int status, String slug, String title, String detail, List<?> errors) {
        return new Problem(slug == null ? "about:blank" : TYPES + slug, title, status, detail, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
