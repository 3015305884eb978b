package rtc.pricing.rules;

import java.nio.file.Path;
import java.util.List;

/**
 * The gate every candidate rule set passes before it may serve: compile, then each check in order. The first
 * step that finds problems refuses the candidate; later checks assume the earlier ones passed.
 */
public final class RuleGate {

    /** What the gate made of a rules folder: a rule set that may serve, or the problems and the step that found them. */
    public record Verdict(RuleSet ruleSet, String version, String step, List<RuleProblem> problems) {
        public boolean accepted() {
            return ruleSet != null;
        }
    }

    private final RuleCompiler compiler;
    private final List<RuleCheck> checks;

    public RuleGate(RuleCompiler compiler, List<RuleCheck> checks) {
        this.compiler = compiler;
        this.checks = List.copyOf(checks);
    }

    public List<RuleCheck> checks() {
        return checks;
    }

    public Verdict evaluate(Path folder) {
        RuleCompiler.Result compiled = compiler.compile(folder);
        if (!compiled.ok()) {
            return new Verdict(null, compiled.version(), "compile", compiled.problems());
        }
        for (RuleCheck check : checks) {
            List<RuleProblem> problems;
            try {
                problems = check.check(compiled.ruleSet());
            } catch (RuntimeException e) {
                problems = List.of(new RuleProblem(null, 0, check.name() + " could not run: " + e.getMessage()));
            }
            if (!problems.isEmpty()) {
                return new Verdict(null, compiled.version(), check.name(), problems);
            }
        }
        return new Verdict(compiled.ruleSet(), compiled.version(), null, List.of());
    }
}
