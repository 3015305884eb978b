package rtc.pricing.rules;

import java.util.Collection;
import java.util.function.Consumer;

import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;

/**
 * A rule session that cannot run away: every {@link #fire()} stops at the firing cap of the budget (counted
 * over the whole session) or at its deadline, and then throws {@link RuleBudgetExceededException}. A
 * consequence that throws is reported by rule name and exception type only, never with its message (it may
 * carry data the rule should not have shown). Not thread-safe: one per request; close it.
 */
public final class BudgetedSession implements AutoCloseable {

    private final KieSession session;
    private final RuleBudget budget;
    private final long deadlineNanos;
    private long fired;
    private volatile boolean pastDeadline;

    BudgetedSession(KieSession session, RuleBudget budget, Consumer<String> firedRules) {
        this.session = session;
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + budget.deadline().toNanos();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    pastDeadline = true;
                    session.halt(); // takes effect before this match's consequence runs
                } else if (firedRules != null) {
                    firedRules.accept(event.getMatch().getRule().getName());
                }
            }
        });
    }

    public void insert(Object fact) {
        session.insert(fact);
    }

    /** Fires what is due, within what is left of the budget. */
    public void fire() {
        long cap = budget.maxFirings(session.getFactCount());
        long left = cap - fired;
        if (left <= 0) {
            throw exceeded("firings", "more than " + cap + " rule firings for " + session.getFactCount() + " facts");
        }
        int now;
        try {
            // One more than allowed: firing it means the agenda was not done when the cap was reached.
            now = session.fireAllRules((int) Math.min(Integer.MAX_VALUE - 1, left) + 1);
        } catch (ConsequenceException e) {
            throw new RulesDefectException("rule \"" + e.getMatch().getRule().getName() + "\" failed ("
                    + rootType(e) + ")");
        } catch (RuntimeException e) {
            throw new RulesDefectException("the rules failed (" + rootType(e) + ")");
        }
        if (pastDeadline) {
            throw exceeded("deadline", "the rules ran longer than " + budget.deadline().toMillis() + " ms");
        }
        fired += now;
        if (fired > cap) {
            throw exceeded("firings", "more than " + cap + " rule firings for " + session.getFactCount() + " facts");
        }
    }

    public <T> Collection<T> facts(Class<T> type) {
        @SuppressWarnings("unchecked")
        Collection<T> found = (Collection<T>) session.getObjects(new ClassObjectFilter(type));
        return found;
    }

    @Override
    public void close() {
        session.dispose();
    }

    private static RuleBudgetExceededException exceeded(String limit, String what) {
        return new RuleBudgetExceededException(limit, what + ": the rule set does more work than this request "
                + "can need, so it was stopped");
    }

    private static String rootType(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
