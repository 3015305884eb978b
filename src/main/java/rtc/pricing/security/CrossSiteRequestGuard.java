package rtc.pricing.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;

import rtc.pricing.problem.Problem;

/**
 * CSRF: a browser attaches cached Basic credentials to any request to this host, even one a foreign web page makes.
 * So a state-changing request (not GET, HEAD, OPTIONS) that carries credentials is refused when a browser could
 * have sent it cross-site without a CORS preflight — a text/plain, form or multipart body (415) — or when it says
 * it comes from elsewhere: an {@code Origin} other than this service's own, or {@code Sec-Fetch-Site} cross-site
 * or same-site (403). Requests without a body or with application/json (which needs a preflight, and no CORS is
 * allowed) pass, so do all anonymous requests: nothing is forged without credentials.
 * <p>
 * The service's own origins are configured ({@code pricing.cross-site.allowed-origins}), never taken from the request:
 * its {@code Host} is whatever name the page's address resolved through, so a page served from a name the
 * attacker controls and rebound to this service's address (DNS rebinding) has an {@code Origin} equal to its
 * {@code Host}. Unconfigured, they are the loopback names at the port the connection arrived on (the socket's, not
 * the {@code Host}'s): http or https, {@code localhost}, {@code 127.0.0.1}, {@code [::1]}.
 */
@Singleton
public class CrossSiteRequestGuard {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** The CORS-safelisted request content types: the ones a page may send anywhere without a preflight. */
    private static final Set<String> SIMPLE_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data");
    private static final Set<String> FOREIGN_FETCH_SITES = Set.of("cross-site", "same-site");

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    /** Looked up at the first request: REST filters are built at static init, before runtime configuration. */
    @Inject
    Instance<OriginsConfig> origins;

    private volatile Set<String> configured;

    /** A wrong origin in the configuration stops the start, as other configuration errors do. */
    void check(@Observes StartupEvent start) {
        configured();
    }

    private Set<String> configured() {
        Set<String> c = configured;
        if (c == null) {
            c = origins.get().allowedOrigins().orElse(List.of()).stream().map(o -> {
                String n = normalized(o);
                if (n == null) {
                    throw new IllegalStateException("pricing.cross-site.allowed-origins: \"" + o + "\" is not an"
                            + " origin (scheme://host[:port], e.g. https://pricing.example.com)");
                }
                return n;
            }).collect(Collectors.toUnmodifiableSet());
            configured = c;
        }
        return c;
    }

    @ServerRequestFilter
    public Response guard(ContainerRequestContext request, HttpServerRequest http) {
        if (SAFE_METHODS.contains(request.getMethod()) || request.getSecurityContext().getUserPrincipal() == null) {
            return null;
        }
        String type = essence(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (SIMPLE_TYPES.contains(type)) {
            return Problem.of(415, "cross-site-request", "Unsupported Media Type", "a request with credentials that"
                    + " changes something is sent without a body or as application/json; " + type
                    + " is refused, since any web page can send it", null).toResponse();
        }
        String origin = request.getHeaderString("Origin");
        String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        if ((origin != null && !allowed(origin, http.localAddress() == null ? -1 : http.localAddress().port()))
                || (fetchSite != null && FOREIGN_FETCH_SITES.contains(fetchSite.trim().toLowerCase(Locale.ROOT)))) {
            return Problem.of(403, "cross-site-request", "Forbidden",
                    "a request with credentials that changes something is refused from another origin", null)
                    .toResponse();
        }
        return null;
    }

    private static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code origin} is one of the service's own: configured, else loopback at {@code localPort}. */
    boolean allowed(String origin, int localPort) {
        String o = normalized(origin);
        if (o == null) {
            return false; // Origin: null (opaque), or not an origin
        }
        Set<String> configured = configured();
        if (!configured.isEmpty()) {
            return configured.contains(o);
        }
        URI uri = URI.create(o);
        return LOOPBACK.contains(uri.getHost()) && uri.getPort() == localPort;
    }

    /** scheme://host:port, lower case, the port explicit; null for what is no http(s) origin. */
    static String normalized(String origin) {
        URI o;
        try {
            o = new URI(origin.trim());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        String scheme = o.getScheme() == null ? null : o.getScheme().toLowerCase(Locale.ROOT);
        if (o.getHost() == null || !("http".equals(scheme) || "https".equals(scheme)) || o.getUserInfo() != null
                || !(o.getRawPath() == null || o.getRawPath().isEmpty() || "/".equals(o.getRawPath()))
                || o.getRawQuery() != null || o.getRawFragment() != null) {
            return null;
        }
        int port = o.getPort() >= 0 ? o.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + o.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
