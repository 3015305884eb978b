package rtc.pricing.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import rtc.pricing.config.PricingConfig;
import rtc.pricing.problem.ServiceBusyException;

/**
 * How many pricing requests (quotes, advice, deductions, conversions: the rule sessions of the public endpoints) run
 * at once. The rest wait their turn, in arrival order, for a bounded time and are then answered 503 with Retry-After:
 * a saturated service sheds load instead of letting every request slow down until all of them time out. The body is
 * read and checked before the turn is taken, so a slow client never holds one.
 */
@ApplicationScoped
public class Admission {

    /** The 503 answers of an endpoint that prices, as its OpenAPI describes them. */
    public static final String UNAVAILABLE = "No rule set has passed the gate yet (no-rules), or the service is"
            + " pricing as many requests as it can at once and this one waited too long (overloaded, with Retry-After);"
            + " nothing was priced.";

    private final Semaphore turns;
    private final long waitMillis;

    @Inject
    public Admission(PricingConfig config) {
        this(config.load().maxConcurrent() > 0 ? config.load().maxConcurrent()
                : 4 * Runtime.getRuntime().availableProcessors(), config.load().waitFor().toMillis());
    }

    Admission(int concurrent, long waitMillis) {
        this.turns = new Semaphore(concurrent, true);
        this.waitMillis = waitMillis;
    }

    /** Runs {@code pricing} in its turn, or answers 503 when the turn does not come in time. */
    public <T> T run(Supplier<T> pricing) {
        boolean admitted;
        try {
            admitted = turns.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new ServiceBusyException("overloaded", "the service is pricing as many requests as it can at once;"
                    + " nothing was priced, try again shortly", 1);
        }
        try {
            return pricing.get();
        } finally {
            turns.release();
        }
    }
}
