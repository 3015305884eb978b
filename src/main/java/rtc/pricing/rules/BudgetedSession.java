package rtc.pricing.rules;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;

/**
 * A rule session that cannot run away. Its rules run on a thread of their own, started for each {@link #fire()},
 * while the caller watches that thread's CPU time, its allocations and the clock:
 * <ul>
 * <li>between firings the session stops itself at the firing cap (counted over the whole session), at the CPU
 * time of its budget, or at its memory budget;</li>
 * <li>a single consequence that runs past the budget (it cannot be halted between firings) has its thread
 * stopped, and with the thread goes everything it allocated. The session is then dropped, never used again.</li>
 * </ul>
 * Either way {@link #fire()} throws {@link RuleBudgetExceededException}. CPU time is the thread's own, so a
 * request that waits for a core on a busy machine is not stopped for the wait; the wall clock of the budget is a
 * far larger backstop. A consequence that throws is reported by rule name and exception type only, never with
 * its message (it may carry data the rule should not have shown). Facts inserted are handed to the session on
 * the rules' thread at the next {@link #fire()} or {@link #facts}, since inserting evaluates rule conditions.
 * Not thread-safe: one per request; close it.
 */
public final class BudgetedSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BudgetedSession.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** HotSpot's bean counts the bytes each thread allocates; without it only CPU time and the clock bound memory. */
    private static final com.sun.management.ThreadMXBean ALLOCATIONS =
            THREADS instanceof com.sun.management.ThreadMXBean hotspot && hotspot.isThreadAllocatedMemorySupported()
                    ? hotspot : null;
    private static final boolean CPU_TIME = THREADS.isThreadCpuTimeSupported();
    /** How often the rules' thread looks at its budget between firings. */
    private static final long LOOK_NANOS = 1_000_000;
    /** How often the caller looks at the rules' thread while it runs. */
    private static final long WATCH_MILLIS = 20;
    private static final AtomicLong THREAD_NUMBER = new AtomicLong();
    /** The name of every thread that runs rules, followed by a number. */
    public static final String THREAD_PREFIX = "rule-session-";
    /**
     * The threads that run rules, kept for reuse: starting a thread for every run cost more than a small quote (and
     * the engine's per-thread caches started cold each time). A stopped thread is not reused: the stop leaves its
     * run by an exception, which ends the pool's thread, and the pool starts another when one is needed.
     */
    private static final ThreadPoolExecutor RULE_THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, THREAD_PREFIX + THREAD_NUMBER.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final KieSession session;
    private final RuleBudget budget;
    private final Consumer<String> firedRules;
    private final long startedNanos = System.nanoTime();
    private final List<Object> pending = new ArrayList<>();
    /** CPU time and bytes the rules used in the runs before the current one. */
    private long cpuBefore;
    private long allocatedBefore;
    private long fired;
    /** Set when a run's thread was stopped: the session's state is then unknown and it is never touched again. */
    private RuleBudgetExceededException broken;

    /** What the rules' thread of one run reports, read by the caller after the thread has ended. */
    private final class Run implements Runnable {
        final boolean fire;
        final long cap;
        final Object lock = new Object();
        final ClassLoader loader;
        /** Counted down when the run has left this session's code, however it ended. */
        final CountDownLatch ended = new CountDownLatch(1);
        /** The pool's thread running it, once it started. */
        volatile Thread thread;
        volatile long cpuStart = -1;
        volatile long allocatedStart = -1;
        /** What the run used, known to the thread itself at its end, or last seen by the caller if stopped. */
        volatile long cpuUsed;
        volatile long allocatedUsed;
        boolean finished;
        boolean stopped;
        volatile Over overBudget;
        int firedNow;
        RuntimeException failure;
        /** The heap ran out under the rules: the session's state is unknown, as after a stop. */
        boolean outOfMemory;

        Run(boolean fire, long cap, ClassLoader loader) {
            this.fire = fire;
            this.cap = cap;
            this.loader = loader;
        }

        @Override
        public void run() {
            try {
                Thread.currentThread().setContextClassLoader(loader);
                thread = Thread.currentThread();
                runRules();
            } finally {
                ended.countDown();
            }
        }

        private void runRules() {
            allocatedStart = allocated(Thread.currentThread());
            cpuStart = cpuTime();
            try {
                pending.forEach(session::insert);
                pending.clear();
                if (fire) {
                    // One more than allowed: firing it means the agenda was not done when the cap was reached.
                    firedNow = session.fireAllRules((int) Math.min(Integer.MAX_VALUE - 1, cap) + 1);
                }
            } catch (ConsequenceException e) {
                failure = new RulesDefectException("rule \"" + e.getMatch().getRule().getName() + "\" failed ("
                        + rootType(e) + ")");
            } catch (RuntimeException e) {
                failure = new RulesDefectException("the rules failed (" + rootType(e) + ")");
            } catch (OutOfMemoryError e) {
                // Most likely one allocation larger than the heap, which fails at once and leaves the heap as it was.
                outOfMemory = true;
                failure = exceeded("memory", "the rules asked for more memory than the heap has");
            } finally {
                cpuUsed = cpuTime() - cpuStart;
                allocatedUsed = allocated(Thread.currentThread()) - allocatedStart;
                synchronized (lock) {
                    finished = true; // from here on the caller no longer stops this thread
                }
            }
        }

        /** When the budget was last looked at, before a firing (wall clock, nanoseconds). */
        private long lastLook = System.nanoTime();

        /**
         * Checked before each firing, on the rules' thread: halts between firings once over budget. Looked at once a
         * millisecond at most (CPU time and allocation cannot grow faster than the clock allows), since reading the
         * thread's counters costs more than a small firing.
         */
        void beforeFiring() {
            long now = System.nanoTime();
            if (now - lastLook < LOOK_NANOS) {
                return;
            }
            lastLook = now;
            Over over = overBudget(Thread.currentThread(), this);
            if (over != null) {
                overBudget = over;
                session.halt(); // takes effect before this match's consequence runs
            }
        }
    }

    /** A limit of the budget that was passed: {@code deadline} (CPU time), {@code memory} or {@code wall-clock}. */
    private record Over(String limit, String message) {
    }

    private volatile Run running;

    BudgetedSession(KieSession session, RuleBudget budget, Consumer<String> firedRules) {
        this.session = session;
        this.budget = budget;
        this.firedRules = firedRules;
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                Run run = running;
                if (run != null) {
                    run.beforeFiring();
                    if (run.overBudget != null) {
                        return;
                    }
                }
                if (firedRules != null) {
                    firedRules.accept(event.getMatch().getRule().getName());
                }
            }
        });
    }

    public void insert(Object fact) {
        pending.add(fact);
    }

    /** Fires what is due, within what is left of the budget. */
    public void fire() {
        long cap = budget.maxFirings(factCount());
        long left = cap - fired;
        if (left <= 0) {
            throw exceeded("firings", "more than " + cap + " rule firings for " + factCount() + " facts");
        }
        Run run = run(true, left);
        fired += run.firedNow;
        if (fired > cap) {
            throw exceeded("firings", "more than " + cap + " rule firings for " + factCount() + " facts");
        }
    }

    public <T> Collection<T> facts(Class<T> type) {
        if (broken != null) {
            throw broken;
        }
        if (!pending.isEmpty()) {
            run(false, 0);
        }
        @SuppressWarnings("unchecked")
        Collection<T> found = (Collection<T>) session.getObjects(new ClassObjectFilter(type));
        return found;
    }

    @Override
    public void close() {
        if (broken == null) {
            session.dispose();
        } // else: its thread was stopped mid-work; disposing could wait for a firing that never ends
    }

    private long factCount() {
        return session.getFactCount() + pending.size();
    }

    /** Runs the pending inserts (and the rules, if {@code fire}) on a thread of their own, watched from here. */
    private Run run(boolean fire, long cap) {
        if (broken != null) {
            throw broken;
        }
        Run run = new Run(fire, cap, Thread.currentThread().getContextClassLoader());
        running = run;
        try {
            RULE_THREADS.execute(run);
            watch(run);
        } finally {
            running = null;
        }
        cpuBefore += Math.max(0, run.cpuUsed);
        allocatedBefore += Math.max(0, run.allocatedUsed);
        if (run.stopped) {
            throw broken;
        }
        if (run.outOfMemory) {
            broken = (RuleBudgetExceededException) run.failure;
        }
        if (run.overBudget != null) {
            throw exceeded(run.overBudget.limit(), run.overBudget.message());
        }
        if (run.failure != null) {
            throw run.failure;
        }
        return run;
    }

    /**
     * Waits for the rules' thread. Past the budget plus a grace (the rules had their chance to halt between
     * firings) the thread is stopped: {@link Thread#stop()} is the only way to end Java code that does not ask
     * whether to end, and here it is safe enough. The thread runs nothing but this session's rules, whose state
     * is thrown away with it; the allow-list keeps rules away from locks, files and shared objects; and the stop
     * is only sent while the run has not finished, so it never lands in the code after it.
     */
    private void watch(Run run) {
        long graceNanos = Math.max(budget.deadline().toNanos() / 2, 200_000_000L);
        boolean interrupted = false;
        while (run.ended.getCount() > 0) {
            try {
                if (run.ended.await(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // the rules' thread is still bounded; keep watching it
            }
            Thread thread = run.thread;
            if (thread == null || run.cpuStart < 0) {
                continue;
            }
            Over over = overBudget(thread, run);
            if (over == null) {
                continue;
            }
            if (run.overBudget == null) {
                run.overBudget = over;
                session.halt(); // the next firing boundary ends the run quietly
            }
            // Past the grace, or out of memory or time altogether: the consequence running now does not end.
            boolean farOver = !over.limit().equals("deadline")
                    || cpuBefore + cpuTimeOf(thread, run) > budget.deadline().toNanos() + graceNanos;
            if (farOver) {
                run.cpuUsed = cpuTimeOf(thread, run);
                run.allocatedUsed = allocatedOf(thread, run);
                if (stop(thread, run)) {
                    broken = exceeded(over.limit(), over.message());
                    awaitEnd(thread, run);
                    LOG.warnf("Stopped the thread of a rule session that ran past its budget (%s)", over.message());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread unless its run has finished (then the stop would land in the code after the rules). */
    @SuppressWarnings({"deprecation", "removal"})
    private static boolean stop(Thread thread, Run run) {
        synchronized (run.lock) {
            if (run.finished) {
                return false;
            }
            run.stopped = true;
            thread.stop();
            return true;
        }
    }

    /**
     * A stopped thread ends at its next safepoint: wait for it, so no rule work outlives its request. Engine code
     * that caught the stop and went on is stopped again.
     */
    private static void awaitEnd(Thread thread, Run run) {
        boolean interrupted = false;
        while (run.ended.getCount() > 0) {
            try {
                if (run.ended.await(500, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            stop(thread, run);
        }
        // The stop ends the pool's thread too (never reused after a stop): wait for that, so nothing outlives it.
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The limit the session has passed, or null while it is within its budget. */
    private Over overBudget(Thread thread, Run run) {
        if (CPU_TIME && cpuBefore + cpuTimeOf(thread, run) > budget.deadline().toNanos()) {
            return new Over("deadline", "the rules used more than " + budget.deadline().toMillis()
                    + " ms of CPU time");
        }
        if (allocatedBefore + allocatedOf(thread, run) > budget.maxAllocatedBytes()) {
            return new Over("memory", "the rules allocated more than " + (budget.maxAllocatedBytes() >> 20) + " MB");
        }
        // Without a CPU clock (not on HotSpot) the deadline is counted on the wall clock, as it was.
        java.time.Duration wall = CPU_TIME ? budget.wallClock() : budget.deadline();
        if (System.nanoTime() - startedNanos > wall.toNanos()) {
            return new Over(CPU_TIME ? "wall-clock" : "deadline", "the rules ran longer than " + wall.toMillis()
                    + " ms");
        }
        return null;
    }

    private static long cpuTimeOf(Thread thread, Run run) {
        if (!CPU_TIME || run.cpuStart < 0) {
            return 0;
        }
        long now = thread == Thread.currentThread() ? cpuTime() : THREADS.getThreadCpuTime(thread.getId());
        return now < 0 ? 0 : now - run.cpuStart; // -1: the thread has ended, its time is no longer known
    }

    private static long cpuTime() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    private static long allocatedOf(Thread thread, Run run) {
        if (ALLOCATIONS == null || run.allocatedStart < 0) {
            return 0;
        }
        long now = allocated(thread);
        return now < 0 ? 0 : now - run.allocatedStart;
    }

    private static long allocated(Thread thread) {
        return ALLOCATIONS == null ? 0 : ALLOCATIONS.getThreadAllocatedBytes(thread.getId());
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
