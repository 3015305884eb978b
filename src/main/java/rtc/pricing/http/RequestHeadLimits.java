package rtc.pricing.http;

import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import rtc.pricing.problem.Problem;

/**
 * The published limits of a request's head, answered as problem+json: a request line over
 * {@value #MAX_REQUEST_LINE} characters is {@code 414}, headers over {@value #MAX_HEADER_BYTES} bytes {@code 431}.
 * Vert.x answers its own limits with an empty body before any handler runs (Quarkus sets no hook for it), so its
 * limits are set higher ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) and these,
 * the published ones, are checked here, first of all filters; only a head past Vert.x's own is still answered bare.
 */
@Singleton
public class RequestHeadLimits {

    public static final int MAX_REQUEST_LINE = 4_096;
    public static final int MAX_HEADER_BYTES = 20 * 1024;
    static final int PRIORITY = 300;

    @Inject
    ObjectMapper json;

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // As sent: METHOD SP request-target SP HTTP/1.1
        long line = request.method().name().length() + 1L + request.uri().length() + 9;
        if (line > MAX_REQUEST_LINE) {
            ClientLimits.refuse(rc, Problem.of(414, "uri-too-long", "URI Too Long", "the request line is "
                    + String.format(Locale.ROOT, "%,d", line) + " characters, more than the "
                    + String.format(Locale.ROOT, "%,d", MAX_REQUEST_LINE) + " the service reads", null), 0, json);
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            headers += h.getKey().length() + h.getValue().length() + 4; // name: value CRLF
        }
        if (headers > MAX_HEADER_BYTES) {
            ClientLimits.refuse(rc, Problem.of(431, "headers-too-large", "Request Header Fields Too Large",
                    "the request's headers take " + String.format(Locale.ROOT, "%,d", headers) + " bytes, more than"
                    + " the " + String.format(Locale.ROOT, "%,d", MAX_HEADER_BYTES) + " the service reads", null), 0,
                    json);
            return;
        }
        rc.next();
    }
}
