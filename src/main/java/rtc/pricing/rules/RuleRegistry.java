package rtc.pricing.rules;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import rtc.pricing.PricingConfig;

/**
 * Holds the rule set that serves and replaces it, atomically, only with a candidate the gate accepted.
 * Reloads are serialized; a refused candidate leaves the serving rules untouched and is reported as
 * {@code lastError}: kept, with its time, until the next refusal, and marked resolved once a later version goes
 * live or the folder is back to what serves.
 */
@ApplicationScoped
public class RuleRegistry {

    private static final Logger LOG = Logger.getLogger(RuleRegistry.class);

    public enum Outcome { APPLIED, REFUSED, UNCHANGED }

    /** The result of one reload attempt. */
    public record Report(Outcome outcome, String version, Instant at, String trigger, String step,
            List<RuleProblem> problems) {
    }

    private final AtomicReference<RuleSet> serving = new AtomicReference<>();
    private volatile Report lastError;
    /** Whether the folder still holds the refused content (nothing went live since, nor was it reverted). */
    private volatile boolean lastErrorPending;

    @Inject
    RuleGate gate;
    @Inject
    PricingConfig config;
    @Inject
    MeterRegistry meters;
    @Inject
    RuleHistory history;

    void onStart(@Observes StartupEvent event) {
        reload("startup");
    }

    public Path folder() {
        return Path.of(config.rules().dir());
    }

    public Optional<RuleSet> current() {
        return Optional.ofNullable(serving.get());
    }

    /** The rule set of a version that served at some time: the serving one, or one from the history. */
    public Optional<RuleSet> version(String version) {
        RuleSet now = serving.get();
        if (now != null && now.version().equals(version)) {
            return Optional.of(now);
        }
        return history.ruleSet(version);
    }

    public RuleHistory history() {
        return history;
    }

    /** The last refusal, kept until the next one (see {@link #lastErrorResolved()}). */
    public Optional<Report> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Whether a version went live after the last refusal, or the folder went back to what serves. */
    public boolean lastErrorResolved() {
        return !lastErrorPending;
    }

    /** Compiles and checks the folder now; serves the result if the gate accepts it. */
    public synchronized Report reload(String trigger) {
        long started = System.nanoTime();
        RuleGate.Verdict verdict = gate.evaluate(folder());
        long millis = (System.nanoTime() - started) / 1_000_000;
        Report report;
        if (verdict.accepted()) {
            serving.set(verdict.ruleSet());
            history.record(verdict.ruleSet());
            lastErrorPending = false;
            report = new Report(Outcome.APPLIED, verdict.version(), Instant.now(), trigger, null, List.of());
            LOG.infof("Rules %s from %s are live (%s; compiled and checked in %d ms)", verdict.version(),
                    folder().toAbsolutePath(), trigger, millis);
        } else {
            report = new Report(Outcome.REFUSED, verdict.version(), Instant.now(), trigger, verdict.step(),
                    verdict.problems());
            lastError = report;
            lastErrorPending = true;
            RuleSet still = serving.get();
            LOG.errorf("Rules %s refused at %s (%s); %s keeps serving:%n  %s", verdict.version(), verdict.step(),
                    trigger, still == null ? "no rule set" : "version " + still.version(),
                    String.join("\n  ", verdict.problems().stream().map(RuleProblem::toString).toList()));
        }
        return record(report);
    }

    /**
     * On demand: checks the folder now unless it holds exactly what serves. A refused version is checked again
     * (its refusal may have been a passing one, such as a check that ran out of time on a busy machine).
     */
    public synchronized Report reloadNow(String trigger) {
        RuleSet current = serving.get();
        if (current != null && currentVersion().equals(current.version())) {
            return unchanged(current.version(), trigger);
        }
        return reload(trigger);
    }

    /**
     * Reloads only if the folder's content differs from what serves and from the last refused content, so a
     * burst of file events, or a broken file left as it is, costs one check.
     */
    public synchronized Report reloadIfChanged(String trigger) {
        String version = currentVersion();
        RuleSet current = serving.get();
        Report error = lastError;
        if (current != null && version.equals(current.version())) {
            return unchanged(version, trigger);
        }
        if (error != null && lastErrorPending && version.equals(error.version())) {
            return record(new Report(Outcome.UNCHANGED, version, Instant.now(), trigger, null, List.of()));
        }
        return reload(trigger);
    }

    private String currentVersion() {
        return RuleCompiler.version(RuleSources.read(folder(), RuleSources.Limits.DEFAULT).files());
    }

    private Report unchanged(String version, String trigger) {
        Report error = lastError;
        if (error != null && lastErrorPending) {
            LOG.infof("Rules folder is back to the serving version %s; the refusal of %s is resolved", version,
                    error.version());
            lastErrorPending = false;
        }
        return record(new Report(Outcome.UNCHANGED, version, Instant.now(), trigger, null, List.of()));
    }

    private Report record(Report report) {
        meters.counter("pricing.rules.reloads", "outcome", report.outcome().name().toLowerCase()).increment();
        return report;
    }
}
