package rtc.pricing.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import rtc.pricing.PricingConfig;

/** Wires the user directory; built at start, so a generated admin password is logged once, before any request. */
@ApplicationScoped
public class SecurityBeans {

    private static final Logger LOG = Logger.getLogger(SecurityBeans.class);

    @Produces
    @Singleton
    @Startup
    UserDirectory userDirectory(PricingConfig config) {
        return InMemoryUserDirectory.fromConfig(config, LOG::warn);
    }
}
