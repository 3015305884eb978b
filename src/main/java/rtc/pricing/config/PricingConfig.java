package rtc.pricing.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service configuration, prefix {@code pricing} (env {@code PRICING_…}). */
@ConfigMapping(prefix = "pricing")
public interface PricingConfig {

    Rules rules();

    /** The zone whose calendar days are billing days (policy §3). */
    @WithDefault("Asia/Shanghai")
    ZoneId billingZone();

    /**
     * Password of the built-in user {@code admin} (role admin); env PRICING_ADMIN_PASSWORD. When unset the service
     * generates one at start and logs it once.
     */
    Optional<String> adminPassword();

    /** Further users, e.g. {@code pricing.users.alice.password=…} and {@code pricing.users.alice.roles=analyst}. */
    Map<String, User> users();

    Security security();

    /** The ledger's database. */
    Db db();

    /** The ledger's writes. */
    Ledger ledger();

    /** Load shedding of the pricing endpoints (rtc.pricing.http.Admission). */
    Load load();

    interface Load {
        /** Pricing requests run at once; 0: four per core. */
        @WithDefault("0")
        int maxConcurrent();

        /** How long a pricing request waits for its turn before it is answered 503 with Retry-After. */
        @WithDefault("PT10S")
        Duration waitFor();
    }

    interface Ledger {
        /** How long an Idempotency-Key is remembered after its first request; after that it is a new key. */
        @WithDefault("PT24H")
        Duration idempotencyTtl();

        /**
         * How long a key's first request may run before a retry with that key may take it over (its first request is
         * taken to have died with its process); a write that finds its key taken over rolls back.
         */
        @WithDefault("PT2M")
        Duration idempotencyLease();

        /**
         * How long a write waits for its turn (the embedded database takes one write at a time) or for a database
         * connection before it is answered 503 with Retry-After.
         */
        @WithDefault("PT30S")
        Duration writeWait();
    }

    interface Db {
        /**
         * Which built-in datasource is active: "embedded" (H2 file under data/) or "postgresql" (the profile
         * {@code postgresql} sets it, with its datasource).
         */
        @WithDefault("embedded")
        String kind();
    }

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

        /**
         * Where every rule set that served is kept, by version, so past usage can be priced again as it was
         * (GET /v1/rules/{version}, a quote's rulesVersion). Relative to the working directory.
         */
        @WithDefault("data/rules-history")
        String historyDir();

        /** The work one rule session may do (a quote, or one example or sweep date at the gate). */
        Budget budget();

        /** Where and within what the gate checks a candidate. */
        Check check();
    }

    interface Budget {
        /** Firings any session may do, whatever its size. */
        @WithDefault("1000")
        int baseFirings();

        /** Further firings per fact in the session. */
        @WithDefault("20")
        int firingsPerFact();

        /** CPU time the rules of one session may use (the thread's own, not elapsed time: see RuleBudget). */
        @WithDefault("PT3S")
        Duration deadline();
    }

    interface Check {
        /** Run the checks in a child JVM, so a runaway candidate cannot hurt the serving process. */
        @WithDefault("true")
        boolean isolated();

        /** How long the child may take. */
        @WithDefault("PT60S")
        Duration timeout();

        /** The child's heap limit (-Xmx). */
        @WithDefault("256m")
        String maxHeap();
    }

    interface User {
        String password();

        @WithDefault("analyst")
        Set<String> roles();
    }

    interface Security {
        /**
         * bcrypt cost (log2 of the rounds, 4 to 31) of the password hashes made from now on; a stored hash keeps the
         * cost it was made with. 12 takes about a third of a second of one core; a verified password is remembered
         * (rtc.pricing.security.Passwords), so a user pays it once, not at every request. Tests lower it.
         */
        @WithDefault("12")
        int bcryptCost();
    }
}
