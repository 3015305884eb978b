package rtc.pricing;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service configuration, prefix {@code pricing} (env {@code PRICING_…}). */
@ConfigMapping(prefix = "pricing")
public interface PricingConfig {

    Rules rules();

    /** The zone whose calendar days are billing days (policy §3). */
    @WithDefault("Asia/Shanghai")
    ZoneId billingZone();

    interface Rules {
        /** The rules folder; env PRICING_RULES_DIR. */
        @WithDefault("rules")
        String dir();

        /** Reload when files in the folder change. */
        @WithDefault("true")
        boolean watch();

        /** Quiet time after the last change before reloading, so an editor's burst of writes loads once. */
        @WithDefault("PT0.5S")
        Duration debounce();
    }
}
