package rtc.pricing.security;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import rtc.pricing.problem.Problem;

/**
 * The 401 and 403 problem documents, wherever the refusal happens: in the REST layer (an annotation such as
 * {@code @RolesAllowed}, mapped here) or in the HTTP layer (path permissions: {@link ProblemBasicAuthentication}
 * for 401, {@link HttpSecurityFailures} for 403). Quarkus' own answers there have an empty body.
 */
public class SecurityProblems {

    /** RFC 7617; the charset tells browsers how we decode the credentials. */
    public static final String CHALLENGE = "Basic realm=\"rtc-pricing\", charset=\"UTF-8\"";
    private static final String RETRY_AFTER = "Retry-After";

    static Problem unauthorized(boolean credentialsSent) {
        return Problem.of(401, "unauthorized", "Unauthorized", credentialsSent
                ? "the credentials were not accepted"
                : "this resource needs HTTP Basic credentials", null);
    }

    static Problem throttled(long retryAfterSeconds) {
        return Problem.of(429, "too-many-failed-logins", "Too Many Requests", "too many failed logins for this user "
                + "or from this client; retry after " + retryAfterSeconds + " s", null);
    }

    static Problem forbidden() {
        return Problem.of(403, "forbidden", "Forbidden", "the user has no role that allows this request", null);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge(unauthorized(false));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        Long retryAfter = e.getAttribute(LoginThrottle.RETRY_AFTER);
        if (retryAfter != null) {
            return Response.fromResponse(throttled(retryAfter).toResponse()).header(RETRY_AFTER, retryAfter).build();
        }
        return challenge(unauthorized(true));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return forbidden().toResponse();
    }

    private static Response challenge(Problem problem) {
        return Response.fromResponse(problem.toResponse()).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }

    /**
     * In the HTTP layer, an authentication failure: {@code 429} with {@code Retry-After} when the attempt was
     * throttled ({@link LoginThrottle#RETRY_AFTER}), else {@code 401} with the challenge.
     */
    static void authenticationFailed(RoutingContext context, boolean credentialsSent, ObjectMapper json) {
        Long retryAfter = context.get(LoginThrottle.RETRY_AFTER);
        if (retryAfter != null) {
            context.response().putHeader(RETRY_AFTER, Long.toString(retryAfter));
            send(context, throttled(retryAfter), json);
        } else {
            context.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE);
            send(context, unauthorized(credentialsSent), json);
        }
    }

    /** Ends the response with the problem, in the HTTP layer, where no REST mapper serializes it. */
    static void send(RoutingContext context, Problem problem, ObjectMapper json) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document always serializes", e);
        }
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
