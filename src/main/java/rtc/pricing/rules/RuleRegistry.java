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
import rtc.pricing.config.PricingConfig;

/**
 * Holds the rule set that serves and replaces it, atomically, only with a candidate the gate accepted.
 * Reloads are serialized; a refused candidate leaves the serving rules untouched and is reported as
 * {@code lastError}: kept, with its time, until the next refusal, and marked resolved once a later version goes
 * live or the folder is back to what serves. A folder with a file the sources step refuses (a link leading
 * outside, text that is not UTF-8…) is never what serves, even when the files it could read are.
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
    /**
     * The last refusal and whether the folder still holds it (nothing went live since, nor was it reverted): one
     * immutable value, so a reader never sees one refusal with the other's state.
     */
    private volatile Refusal refusal;

    /** A refused report and whether it still stands. */
    public record Refusal(Report report, boolean pending) {
    }

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

    /** The last refusal, kept until the next one, with whether it still stands: read at once. */
    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(refusal);
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
            resolve();
            report = new Report(Outcome.APPLIED, verdict.version(), Instant.now(), trigger, null, List.of());
            LOG.infof("Rules %s from %s are live (%s; compiled and checked in %d ms)", verdict.version(),
                    folder().toAbsolutePath(), trigger, millis);
        } else {
            report = new Report(Outcome.REFUSED, verdict.version(), Instant.now(), trigger, verdict.step(),
                    verdict.problems());
            refusal = new Refusal(report, true);
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
        FolderState now = folderState();
        if (current != null && now.servesAs(current)) {
            return unchanged(current.version(), trigger);
        }
        return reload(trigger);
    }

    /**
     * Reloads only if the folder's content differs from what serves and from the last refused content, so a
     * burst of file events, or a broken file left as it is, costs one check.
     */
    public synchronized Report reloadIfChanged(String trigger) {
        FolderState now = folderState();
        RuleSet current = serving.get();
        Refusal error = refusal;
        if (current != null && now.servesAs(current)) {
            return unchanged(now.version(), trigger);
        }
        if (error != null && error.pending() && now.wasRefusedAs(error.report())) {
            return record(new Report(Outcome.UNCHANGED, now.version(), Instant.now(), trigger, null, List.of()));
        }
        return reload(trigger);
    }

    /**
     * What the folder holds: the version of the files that could be read, and the problems of the sources step
     * (files it refuses, which that version leaves out). A refused file counts however the rest compares.
     */
    private record FolderState(String version, List<RuleProblem> refused) {

        /** The folder is what serves: the same files, and none refused (else a lone refused file would pass). */
        boolean servesAs(RuleSet serving) {
            return refused.isEmpty() && version.equals(serving.version());
        }

        /** The folder is still what {@code report} refused: the same files and the same refused ones. */
        boolean wasRefusedAs(Report report) {
            List<RuleProblem> sources = RuleGate.SOURCES_STEP.equals(report.step()) ? report.problems() : List.of();
            return version.equals(report.version()) && refused.equals(sources);
        }
    }

    private FolderState folderState() {
        RuleSources.Snapshot snapshot = RuleSources.read(folder(), RuleSources.Limits.DEFAULT);
        return new FolderState(RuleCompiler.version(snapshot.files()), snapshot.problems());
    }

    private Report unchanged(String version, String trigger) {
        Refusal error = refusal;
        if (error != null && error.pending()) {
            LOG.infof("Rules folder is back to the serving version %s; the refusal of %s is resolved", version,
                    error.report().version());
            resolve();
        }
        return record(new Report(Outcome.UNCHANGED, version, Instant.now(), trigger, null, List.of()));
    }

    private void resolve() {
        Refusal r = refusal;
        if (r != null && r.pending()) {
            refusal = new Refusal(r.report(), false);
        }
    }

    private Report record(Report report) {
        meters.counter("pricing.rules.reloads", "outcome", report.outcome().name().toLowerCase()).increment();
        return report;
    }
}
