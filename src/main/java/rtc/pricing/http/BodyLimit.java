package rtc.pricing.http;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.Problem;

/**
 * The request body limit ({@code quarkus.http.limits.max-body-size}) answered as a 413 problem+json, and every
 * request body received whole on the event loop before anything handles the request (README "Connections").
 * <p>
 * Quarkus enforces the limit itself, but with an empty body: a route of order -2
 * ({@code HttpServerCommonHandlers.enforceMaxBodySize}) ends the response with a bare 413 when the
 * {@code Content-Length} is over the limit; a body without one (chunked) is counted while RESTEasy reads it
 * ({@code VertxInputStream}), which ends the response with a bare 413 too. This filter runs just before that route
 * (order -{@value #PRIORITY}; authentication and authorization, orders -200 and -100, still come first):
 * <ul>
 * <li>a {@code Content-Length} over the limit is refused at once, before any byte of the body is read;</li>
 * <li>any other body is read here, counting: past the limit it is refused; otherwise it is handed on whole as the
 * routing context's body, which the (blocking) resources read instead of the connection.</li>
 * </ul>
 * Either way the answer is {@code 413 application/problem+json} and the connection is closed (HTTP/1.x), as
 * Quarkus does, so the rest of an oversized body is never read.
 * <p>
 * The resources read their body as an {@code InputStream} on a worker thread; left to them, a client that sends a
 * few bytes of its body and stalls holds a worker until the read times out, and a couple of hundred such clients
 * hold them all (issue 17). Read here, a stalled body holds a buffer and no thread. It must arrive whole within
 * {@code pricing.http.body-timeout} ({@code 408} problem+json, connection closed), and {@link ClientLimits} bounds
 * how many are received at once, per client and in all.
 */
@Singleton
public class BodyLimit {

    static final int PRIORITY = 10;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @Inject
    ObjectMapper json;
    @Inject
    ClientLimits clients;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        filters.register(rc -> enforce(rc, limit), PRIORITY);
    }

    private void enforce(RoutingContext rc, long limit) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && over(length, limit)) {
            refuse(rc, limit);
            return;
        }
        boolean body = length != null ? !"0".equals(length.trim())
                : request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        // HTTP/2 (off: quarkus.http.http2=false) is left to Quarkus: its REST layer cannot take an HTTP/2 request
        // whose body was already read ("Request has already been read").
        if (!body || request.isEnded() || request.version() == HttpVersion.HTTP_2) {
            rc.next(); // no body
            return;
        }
        String client = ClientAddress.of(request);
        Problem busy = clients.bodyStarts(client);
        if (busy != null) {
            ClientLimits.refuse(rc, busy, 1, json);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        Buffer received = Buffer.buffer();
        boolean[] done = { false };
        Runnable finish = () -> {
            done[0] = true;
            clients.bodyDone(client);
        };
        long timeout = clients.bodyTimeout().toMillis();
        long timer = rc.vertx().setTimer(Math.max(1, timeout), id -> {
            if (!done[0]) {
                finish.run();
                ClientLimits.refuse(rc, Problem.of(408, "body-timeout", "Request Timeout", "the request body did not "
                        + "arrive whole within " + timeout / 1000.0 + " s; the connection is closed", null), 0, json);
            }
        });
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            if ((long) received.length() + chunk.length() > limit) {
                finish.run();
                rc.vertx().cancelTimer(timer);
                refuse(rc, limit);
            } else {
                received.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> {
            if (!done[0]) {
                finish.run();
                rc.vertx().cancelTimer(timer);
                rc.setBody(received);
                rc.next();
            }
        });
        // The connection closed before the body's end: its place is given back now, not at the timeout.
        request.exceptionHandler(e -> {
            if (!done[0]) {
                finish.run();
                rc.vertx().cancelTimer(timer);
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
        String message = "the request body is larger than " + String.format(Locale.ROOT, "%,d", limit)
                + " bytes, the service's limit; split the usage into several requests";
        ClientLimits.refuse(rc, Problem.of(413, "body-too-large", "Content Too Large", message,
                List.of(new FieldError("", message))), 0, json);
    }
}
