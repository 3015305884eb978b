package rtc.pricing.ledger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The account's standing as of an instant, derived from its money movements (policy §6, arrears): a bill the balance
 * cannot pay starts arrears; 24 h later, without a top-up that clears them, the service stops (packages left or
 * not); a top-up that clears them restores it; after 60 days stopped, the account's resources are reclaimed.
 * Nothing of this is stored: it follows from what was recorded and the instant asked.
 */
public record AccountStatus(String status, String stopReason, OffsetDateTime arrearsSince, OffsetDateTime stoppedAt,
        OffsetDateTime reclaimedAt) {

    /** How long arrears last before the service stops. */
    public static final Duration GRACE = Duration.ofHours(24);
    /** How long a stop for arrears lasts before the resources are reclaimed. */
    public static final Duration RECLAIM_AFTER = Duration.ofDays(60);

    /** A movement of the balance: when, how much, and whether it was a bill. */
    public record Movement(OffsetDateTime at, BigDecimal amount, boolean bill) {
    }

    /** The standing at {@code at}, from the movements in time order. */
    public static AccountStatus at(List<Movement> movements, OffsetDateTime at) {
        Tracker t = new Tracker();
        for (Movement m : movements) {
            if (m.at().isAfter(at)) {
                break;
            }
            t.advance(m.at());
            t.balance = t.balance.add(m.amount());
            if (t.reclaimedAt == null) {
                if (t.balance.signum() < 0 && t.arrearsSince == null && m.bill()) {
                    t.arrearsSince = m.at();
                } else if (t.balance.signum() >= 0) {
                    t.arrearsSince = null;
                    t.stoppedAt = null;
                }
            }
        }
        t.advance(at);
        if (t.reclaimedAt != null) {
            return new AccountStatus("RECLAIMED", "ARREARS", t.arrearsSince, t.stoppedAt, t.reclaimedAt);
        }
        if (t.stoppedAt != null) {
            return new AccountStatus("STOPPED", "ARREARS", t.arrearsSince, t.stoppedAt, null);
        }
        return new AccountStatus(t.arrearsSince != null ? "ARREARS" : "ACTIVE", null, t.arrearsSince, null, null);
    }

    private static final class Tracker {
        BigDecimal balance = BigDecimal.ZERO;
        OffsetDateTime arrearsSince;
        OffsetDateTime stoppedAt;
        OffsetDateTime reclaimedAt;

        void advance(OffsetDateTime now) {
            if (arrearsSince != null && stoppedAt == null && !now.isBefore(arrearsSince.plus(GRACE))) {
                stoppedAt = arrearsSince.plus(GRACE);
            }
            if (stoppedAt != null && reclaimedAt == null && !now.isBefore(stoppedAt.plus(RECLAIM_AFTER))) {
                reclaimedAt = stoppedAt.plus(RECLAIM_AFTER);
            }
        }
    }
}
