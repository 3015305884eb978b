package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.SQLException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import rtc.pricing.config.PricingConfig;
import rtc.pricing.problem.ServiceBusyException;

/**
 * The ledger's database: the active one of the two built-in datasources ({@code pricing.db.kind}: "embedded", an H2
 * file, or "postgresql"), and transactions on it. Every write of the ledger is one transaction: it commits whole or
 * not at all.
 */
@ApplicationScoped
public class LedgerDatabase {

    private static final Logger LOG = Logger.getLogger(LedgerDatabase.class);

    /** Work done in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @Inject
    @Any
    Instance<AgroalDataSource> dataSources;

    @Inject
    PricingConfig config;

    private volatile DataSource active;

    /** "embedded" or "postgresql". */
    public String kind() {
        return config.db().kind();
    }

    public DataSource dataSource() {
        DataSource d = active;
        if (d == null) {
            d = dataSources.select(new DataSourceLiteral(kind())).get();
            active = d;
        }
        return d;
    }

    /**
     * The embedded database's write turn. H2 locks rows too, but under many concurrent writes to one account it
     * answers lock timeouts; the embedded database serves one process, so its writes take turns here instead, fairly
     * (in arrival order). PostgreSQL's row locks need no help.
     */
    private final ReentrantLock embeddedWrites = new ReentrantLock(true);
    private final ReentrantLock embeddedBookkeeping = new ReentrantLock(true);

    /** Runs {@code work} in a transaction (read committed); commits if it returns, rolls back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        return transaction(work);
    }

    /**
     * Runs a write in a transaction, as {@link #inTransaction}; on the embedded database one write at a time. A write
     * whose turn does not come within {@code pricing.ledger.write-wait} is answered 503 with Retry-After, not done.
     */
    public <T> T inWriteTransaction(Work<T> work) {
        return inTurn(embeddedWrites, work);
    }

    /**
     * Runs a brief write of bookkeeping rows that the writes do not lock for long (an Idempotency-Key's claim), as
     * {@link #inWriteTransaction} but in a turn of its own: a claim must not wait for the writes, or a request whose
     * key is in use could not learn it at once.
     */
    public <T> T inBookkeepingTransaction(Work<T> work) {
        return inTurn(embeddedBookkeeping, work);
    }

    private <T> T inTurn(ReentrantLock turn, Work<T> work) {
        if (!"embedded".equals(kind())) {
            return transaction(work);
        }
        try {
            if (!turn.tryLock(config.ledger().writeWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        try {
            return transaction(work);
        } finally {
            turn.unlock();
        }
    }

    private <T> T transaction(Work<T> work) {
        Connection connection;
        try {
            connection = dataSource().getConnection();
        } catch (SQLException e) {
            // No connection in time (all busy) or none at all: the request was valid, the service is saturated.
            LOG.warnf("No database connection for a request: %s", e.getMessage());
            throw busy();
        }
        try (Connection c = connection) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    private static ServiceBusyException busy() {
        return new ServiceBusyException("ledger-busy", "the ledger is busy with other requests; nothing was done, try"
                + " again shortly", 2);
    }

    /** A database failure: a 500 for the request, after its transaction was rolled back. */
    public static final class LedgerException extends RuntimeException {
        LedgerException(SQLException cause) {
            super("the ledger's database failed: " + cause.getSQLState(), cause);
        }
    }
}
