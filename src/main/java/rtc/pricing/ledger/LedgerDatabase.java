package rtc.pricing.ledger;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import rtc.pricing.config.PricingConfig;

/**
 * The ledger's database: the active one of the two built-in datasources ({@code pricing.db.kind}: "embedded", an H2
 * file, or "postgresql"), and transactions on it. Every write of the ledger is one transaction: it commits whole or
 * not at all.
 */
@ApplicationScoped
public class LedgerDatabase {

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

    /** Runs {@code work} in a transaction (read committed); commits if it returns, rolls back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource().getConnection()) {
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

    /** A database failure: a 500 for the request, after its transaction was rolled back. */
    public static final class LedgerException extends RuntimeException {
        LedgerException(SQLException cause) {
            super("the ledger's database failed: " + cause.getSQLState(), cause);
        }
    }
}
