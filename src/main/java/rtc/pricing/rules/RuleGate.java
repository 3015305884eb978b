package rtc.pricing.rules;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;

/**
 * The gate every candidate rule set passes before it may serve. In order: read the folder once, within limits
 * (sources); the static allow-list (sandbox); compile; then each check. The first step that finds problems
 * refuses the candidate; later checks assume the earlier ones passed.
 *
 * <p>With an {@link IsolatedCheck}, everything that runs rule code (the checks) runs in a child JVM with its own
 * heap and a timeout, so a candidate that runs away costs the child, never the serving process; the serving
 * process then only compiles the snapshot the child accepted.
 */
public final class RuleGate {

    /** What the gate made of a rules folder: a rule set that may serve, or the problems and the step that found them. */
    public record Verdict(RuleSet ruleSet, String version, String step, List<RuleProblem> problems) {
        public boolean accepted() {
            return ruleSet != null;
        }
    }

    /** The first step: reading the folder within limits ({@link RuleSources}). */
    public static final String SOURCES_STEP = "sources";

    private final RuleCompiler compiler;
    private final List<RuleCheck> checks;
    private final IsolatedCheck isolated;

    /** A gate that runs its checks in this JVM (the analysts' command, the child JVM itself, unit tests). */
    public RuleGate(RuleCompiler compiler, List<RuleCheck> checks) {
        this(compiler, checks, null);
    }

    /** @param isolated where the checks run; null: in this JVM */
    public RuleGate(RuleCompiler compiler, List<RuleCheck> checks, IsolatedCheck isolated) {
        this.compiler = compiler;
        this.checks = List.copyOf(checks);
        this.isolated = isolated;
    }

    public List<RuleCheck> checks() {
        return checks;
    }

    public Verdict evaluate(Path folder) {
        RuleSources.Snapshot snapshot = RuleSources.read(folder, RuleSources.Limits.DEFAULT);
        Map<String, byte[]> files = snapshot.files();
        String version = RuleCompiler.version(files);
        if (!snapshot.problems().isEmpty()) {
            return new Verdict(null, version, SOURCES_STEP, snapshot.problems());
        }
        List<RuleProblem> unbalanced = Brackets.check(files);
        if (!unbalanced.isEmpty()) {
            return new Verdict(null, version, "compile", unbalanced);
        }
        List<RuleProblem> unsafe = RuleSandbox.check(files, RuleSources.Limits.DEFAULT, compiler);
        if (!unsafe.isEmpty()) {
            return new Verdict(null, version, "sandbox", unsafe);
        }
        if (isolated != null) {
            IsolatedCheck.Outcome child = isolated.check(files);
            if (!child.passed()) {
                return new Verdict(null, version, child.step(), child.problems());
            }
            // Accepted there: compile the very same bytes here, without running any rule.
            RuleCompiler.Result compiled = compiler.compile(files);
            return compiled.ok() ? new Verdict(compiled.ruleSet(), version, null, List.of())
                    : new Verdict(null, version, "compile", compiled.problems());
        }
        return checkInProcess(files, version);
    }

    private Verdict checkInProcess(Map<String, byte[]> files, String version) {
        RuleCompiler.Result compiled = compiler.compile(files);
        if (!compiled.ok()) {
            return new Verdict(null, version, "compile", compiled.problems());
        }
        for (RuleCheck check : checks) {
            List<RuleProblem> problems;
            try {
                problems = check.check(compiled.ruleSet());
            } catch (RulesDefectException | RuleBudgetExceededException e) {
                problems = List.of(new RuleProblem(null, 0, check.name() + " could not run: " + e.getMessage()));
            } catch (RuntimeException e) {
                // Named by type only: an exception's text may carry what a rule should not show.
                problems = List.of(new RuleProblem(null, 0, check.name() + " could not run ("
                        + e.getClass().getSimpleName() + ")"));
            }
            if (!problems.isEmpty()) {
                return new Verdict(null, version, check.name(), problems);
            }
        }
        return new Verdict(compiled.ruleSet(), version, null, List.of());
    }
}
