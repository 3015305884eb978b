package rtc.pricing.http;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import rtc.pricing.problem.Problem;

/**
 * What one client may hold at once (README "Connections"), so that a few clients cannot take the service from the
 * others: open connections, counted from their first request (a filter of order -{@value #PRIORITY}: after CORS,
 * before authentication, so a client over its share never costs a bcrypt), and request bodies being received
 * ({@link BodyLimit} reads them on the event loop and asks here first), per client and in all. Over a limit the
 * request is refused at once — {@code 429} for a client over its share, {@code 503} when the service's total is
 * reached, both problem+json with {@code Retry-After} — and the connection is closed, so nothing more is read from
 * it. A client is its {@link ClientAddress}.
 */
@Singleton
public class ClientLimits {

    static final int PRIORITY = 250;
    private static final Logger LOG = Logger.getLogger(ClientLimits.class);

    private final int maxConnectionsPerClient;
    private final int maxBodiesPerClient;
    private final int maxBodies;
    private final Duration bodyTimeout;
    private final ObjectMapper json;

    /** The counted connections and their client: a connection counts once, however many requests it carries. */
    private final ConcurrentMap<HttpConnection, String> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> connectionsPerClient = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> bodiesPerClient = new ConcurrentHashMap<>();
    private final AtomicInteger bodies = new AtomicInteger();

    @Inject
    public ClientLimits(ConnectionConfig config, ObjectMapper json) {
        this.maxConnectionsPerClient = config.maxConnectionsPerClient();
        this.maxBodiesPerClient = config.maxBodiesPerClient();
        this.maxBodies = config.maxBodies();
        this.bodyTimeout = config.bodyTimeout();
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, PRIORITY);
    }

    private void admit(RoutingContext rc) {
        HttpConnection connection = rc.request().connection();
        // Only a connection whose end we can observe is counted, else its place would never be given back.
        if (!(connection instanceof ConnectionBase base) || connections.containsKey(connection)) {
            rc.next();
            return;
        }
        String client = ClientAddress.of(rc.request());
        if (!take(connectionsPerClient, client, maxConnectionsPerClient)) {
            refuse(rc, Problem.of(429, "too-many-connections", "Too Many Requests", "this client has "
                    + maxConnectionsPerClient + " connections open, the most the service keeps for one client; "
                    + "send further requests on those, or close some", null), 1);
            return;
        }
        connections.put(connection, client);
        base.closeFuture().onComplete(closed -> {
            if (connections.remove(connection) != null) {
                give(connectionsPerClient, client);
            }
        });
        rc.next();
    }

    /**
     * Takes a place for a body about to be received from {@code client}: null when granted (give it back with
     * {@link #bodyDone}), else the refusal.
     */
    Problem bodyStarts(String client) {
        if (!take(bodiesPerClient, client, maxBodiesPerClient)) {
            return Problem.of(429, "too-many-uploads", "Too Many Requests", "this client is sending "
                    + maxBodiesPerClient + " request bodies at once, the most the service receives from one client;"
                    + " retry when one of them has arrived", null);
        }
        if (bodies.incrementAndGet() > maxBodies) {
            bodies.decrementAndGet();
            give(bodiesPerClient, client);
            return Problem.of(503, "busy", "Service Unavailable", "the service is receiving " + maxBodies
                    + " request bodies at once, its most; retry shortly", null);
        }
        return null;
    }

    void bodyDone(String client) {
        bodies.decrementAndGet();
        give(bodiesPerClient, client);
    }

    Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** Counts for tests: the connections and the bodies in flight counted now for {@code client}. */
    int connectionsOf(String client) {
        return connectionsPerClient.getOrDefault(client, 0);
    }

    int bodiesOf(String client) {
        return bodiesPerClient.getOrDefault(client, 0);
    }

    private static boolean take(ConcurrentMap<String, Integer> counts, String client, int max) {
        boolean[] taken = { false };
        counts.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            taken[0] = now < max;
            return taken[0] ? Integer.valueOf(now + 1) : n;
        });
        return taken[0];
    }

    private static void give(ConcurrentMap<String, Integer> counts, String client) {
        counts.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1); // no entry stays for a gone client
    }

    private void refuse(RoutingContext rc, Problem problem, int retryAfterSeconds) {
        refuse(rc, problem, retryAfterSeconds, json);
    }

    /**
     * Answers {@code problem} and closes the connection (HTTP/1.x) once it is written: the rest of the request's
     * body is never read. {@code retryAfterSeconds} 0 sends no {@code Retry-After}.
     */
    static void refuse(RoutingContext rc, Problem problem, int retryAfterSeconds, ObjectMapper json) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        boolean close = request.version() != HttpVersion.HTTP_2;
        if (response.headWritten() || response.ended() || response.closed()) {
            if (close) {
                request.connection().close();
            }
            return;
        }
        Buffer body;
        try {
            body = Buffer.buffer(json.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            LOG.error("Cannot write the " + problem.status() + " problem", e);
            body = Buffer.buffer();
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (retryAfterSeconds > 0) {
            response.putHeader("Retry-After", String.format(Locale.ROOT, "%d", retryAfterSeconds));
        }
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(v -> request.connection().close());
        }
        response.end(body);
    }
}
