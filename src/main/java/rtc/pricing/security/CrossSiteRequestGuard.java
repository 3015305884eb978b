package rtc.pricing.security;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import rtc.pricing.problem.Problem;

/**
 * CSRF: a browser attaches cached Basic credentials to any request to this host, even one a foreign web page makes.
 * So a state-changing request (not GET, HEAD, OPTIONS) that carries credentials is refused when a browser could
 * have sent it cross-site without a CORS preflight — a text/plain, form or multipart body (415) — or when it says
 * it comes from elsewhere: an {@code Origin} other than this service's own, or {@code Sec-Fetch-Site} cross-site
 * or same-site (403). Requests without a body or with application/json (which needs a preflight, and no CORS is
 * allowed) pass, so do all anonymous requests: nothing is forged without credentials.
 */
public class CrossSiteRequestGuard {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** The CORS-safelisted request content types: the ones a page may send anywhere without a preflight. */
    private static final Set<String> SIMPLE_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data");
    private static final Set<String> FOREIGN_FETCH_SITES = Set.of("cross-site", "same-site");

    @ServerRequestFilter
    public Response guard(ContainerRequestContext request) {
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
        if ((origin != null && !sameOrigin(origin, request.getUriInfo().getBaseUri()))
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

    /** Scheme, host and port as the request reached us; {@code Origin: null} (opaque) is never ours. */
    static boolean sameOrigin(String origin, URI self) {
        URI o;
        try {
            o = new URI(origin.trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        return o.getScheme() != null && o.getHost() != null
                && o.getScheme().equalsIgnoreCase(self.getScheme())
                && o.getHost().equalsIgnoreCase(self.getHost())
                && port(o) == port(self);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
