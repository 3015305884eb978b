package rtc.pricing.http;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.Problem;

/**
 * The request body limit ({@code quarkus.http.limits.max-body-size}) answered as a 413 problem+json.
 * <p>
 * Quarkus enforces the limit itself, but with an empty body: a route of order -2
 * ({@code HttpServerCommonHandlers.enforceMaxBodySize}) ends the response with a bare 413 when the
 * {@code Content-Length} is over the limit; a body without one (chunked) is counted while RESTEasy reads it
 * ({@code VertxInputStream}), which ends the response with a bare 413 too. This filter runs just before that route
 * (order -{@value #PRIORITY}; authentication and authorization, orders -200 and -100, still come first):
 * <ul>
 * <li>a {@code Content-Length} over the limit is refused at once, before any byte of the body is read;</li>
 * <li>a chunked body is read here, counting: past the limit it is refused; otherwise it is handed on whole as the
 * routing context's body, which the (blocking) resources read instead of the connection.</li>
 * </ul>
 * Either way the answer is {@code 413 application/problem+json} and the connection is closed (HTTP/1.x), as
 * Quarkus does, so the rest of an oversized body is never read.
 */
@Singleton
public class BodyLimit {

    static final int PRIORITY = 10;
    private static final Logger LOG = Logger.getLogger(BodyLimit.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @Inject
    ObjectMapper json;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        filters.register(rc -> enforce(rc, limit), PRIORITY);
    }

    private void enforce(RoutingContext rc, long limit) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (over(length, limit)) {
                refuse(rc, limit);
            } else {
                rc.next();
            }
            return;
        }
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null || request.isEnded()) {
            rc.next(); // no body (an HTTP/2 stream without a length is left to Quarkus' own check)
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > limit) {
                refused[0] = true;
                refuse(rc, limit);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                rc.setBody(body);
                rc.next();
            }
        });
        request.resume();
    }

    private static boolean over(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }

    private void refuse(RoutingContext rc, long limit) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        boolean close = request.version() != HttpVersion.HTTP_2;
        if (response.headWritten()) {
            if (close) {
                request.connection().close();
            }
            return;
        }
        String message = "the request body is larger than " + String.format(Locale.ROOT, "%,d", limit)
                + " bytes, the service's limit; split the usage into several requests";
        Buffer problem;
        try {
            problem = Buffer.buffer(json.writeValueAsBytes(Problem.of(413, "body-too-large", "Content Too Large",
                    message, List.of(new FieldError("", message)))));
        } catch (JsonProcessingException e) {
            LOG.error("Cannot write the 413 problem", e);
            problem = Buffer.buffer();
        }
        response.setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(v -> request.connection().close());
        }
        response.end(problem);
    }
}
