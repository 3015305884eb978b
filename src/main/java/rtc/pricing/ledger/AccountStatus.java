package rtc.pricing.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.ArrearsPolicy;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * The account's standing as of an instant, derived from its money movements (policy §6, arrears) with the periods
 * the rules state ({@link ArrearsPolicy}, rules/arrears.drl): a bill the balance cannot pay starts arrears; after
 * the stop period, without a top-up that clears them, the service stops (packages left or not); a top-up that clears
 * them restores it; after the reclaim period stopped, the account's resources are reclaimed. Nothing of this is
 * stored: it follows from what was recorded and the instant asked.
 */
public record AccountStatus(String status, String stopReason, OffsetDateTime arrearsSince, OffsetDateTime stoppedAt,
        OffsetDateTime reclaimedAt) {

    /** A movement of the balance: when, how much, and whether it was a bill. */
    public record Movement(OffsetDateTime at, BigDecimal amount, boolean bill) {
    }

    /** The account's standing at {@code at}, from its money movements recorded up to then. */
    public static AccountStatus of(Connection c, String accountId, OffsetDateTime at, ArrearsPolicy policy)
            throws SQLException {
        return at(movements(c, java.util.Set.of(accountId), at).getOrDefault(accountId, List.of()), at, policy);
    }

    /**
     * The money movements of several accounts up to {@code until}, each account's in time order, in one query per
     * 1,000 accounts (an account without any: absent).
     */
    public static java.util.Map<String, List<Movement>> movements(Connection c, java.util.Set<String> accounts,
            OffsetDateTime until) throws SQLException {
        java.util.Map<String, List<Movement>> out = new java.util.HashMap<>();
        KeyQueries.forEach(c, "select account_id, at, amount, kind from money_movement where at <= ? and account_id in "
                + KeyQueries.KEYS + " order by account_id, at, movement_id", accounts, List.of(until), r -> out
                        .computeIfAbsent(r.getString(1), a -> new ArrayList<>()).add(new Movement(
                                r.getObject(2, OffsetDateTime.class), r.getBigDecimal(3), "BILL".equals(r.getString(4)))));
        return out;
    }

    /** What arrears do, as the one rule of arrears.drl that states it says. */
    public static ArrearsPolicy policy(RuleSet rules, RuleBudget budget) {
        List<ArrearsPolicy> policies = RuleCatalogue.of(rules, budget).stated(ArrearsPolicy.class);
        if (policies.size() != 1) {
            throw new RulesDefectException(policies.size() + " rules state what arrears do"
                    + " (ArrearsPolicy.of(stopAfter, reclaimAfter, kcontext)); exactly one must");
        }
        return policies.get(0);
    }

    /** The standing at {@code at}, from the movements in time order. */
    public static AccountStatus at(List<Movement> movements, OffsetDateTime at, ArrearsPolicy policy) {
        Tracker t = new Tracker(policy);
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
        final ArrearsPolicy policy;
        BigDecimal balance = BigDecimal.ZERO;
        OffsetDateTime arrearsSince;
        OffsetDateTime stoppedAt;
        OffsetDateTime reclaimedAt;

        Tracker(ArrearsPolicy policy) {
            this.policy = policy;
        }

        void advance(OffsetDateTime now) {
            if (arrearsSince != null && stoppedAt == null && !now.isBefore(arrearsSince.plus(policy.stopAfter()))) {
                stoppedAt = arrearsSince.plus(policy.stopAfter());
            }
            if (stoppedAt != null && reclaimedAt == null && !now.isBefore(stoppedAt.plus(policy.reclaimAfter()))) {
                reclaimedAt = stoppedAt.plus(policy.reclaimAfter());
            }
        }
    }
}
