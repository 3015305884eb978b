package rtc.pricing.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The service's own origins, for the {@link CrossSiteRequestGuard} (README "Authentication"). */
@ConfigMapping(prefix = "pricing.cross-site")
public interface OriginsConfig {

    /**
     * The origins (scheme://host[:port]) of the pages that may send writes with credentials, e.g. the public URL
     * {@code https://pricing.example.com}. Unset: localhost, 127.0.0.1 and [::1] at the port of the connection.
     */
    Optional<List<String>> allowedOrigins();
}
