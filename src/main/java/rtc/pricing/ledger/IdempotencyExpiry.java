package rtc.pricing.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Forgets Idempotency-Keys past their time to live (pricing.ledger.idempotency-ttl), every hour. */
@ApplicationScoped
public class IdempotencyExpiry {

    private static final Logger LOG = Logger.getLogger(IdempotencyExpiry.class);

    @Inject
    IdempotentWrites writes;

    @Scheduled(every = "1h", delayed = "5m", identity = "idempotency-expiry",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forget() {
        int forgotten = writes.forgetExpired();
        if (forgotten > 0) {
            LOG.infof("Forgot %d Idempotency-Keys past their time to live", forgotten);
        }
    }
}
