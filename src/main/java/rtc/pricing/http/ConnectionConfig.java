package rtc.pricing.http;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The connection limits (README "Connections"), prefix {@code pricing.http}: {@link ClientLimits}, {@link BodyLimit}. */
@ConfigMapping(prefix = "pricing.http")
public interface ConnectionConfig {

    /** Connections one client may hold open; more are answered 429 and closed. */
    @WithDefault("256")
    int maxConnectionsPerClient();

    /** Request bodies being received from one client at once; more are answered 429 and closed. */
    @WithDefault("16")
    int maxBodiesPerClient();

    /** Request bodies being received at once in all (each up to the body limit, held in memory); more: 503. */
    @WithDefault("64")
    int maxBodies();

    /** A request body must arrive whole within this time from its headers; else 408 and the connection closed. */
    @WithDefault("PT60S")
    Duration bodyTimeout();
}
