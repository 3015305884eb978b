package rtc.pricing.gate;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.drools.compiler.kproject.models.KieModuleModelImpl;
import org.kie.api.KieServices;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.gate.PackageExampleKinds;
import rtc.pricing.gate.QuoteChecks;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.IsolatedCheck;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleGate;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.rules.RuleSet;

/**
 * For analysts: checks a rules folder exactly as the reload gate would (sources, sandbox, compile, catalogue,
 * documented examples, invariant sweep) without starting the server. Prints {@code file:line: message} per
 * problem; exits 1 if the folder would be refused, 0 if it would go live.
 *
 * <pre>./mvnw -q compile exec:java -Drules=rules</pre>
 *
 * The service runs the same class in a child JVM ({@code --verdict folder}) to check candidates away from
 * the serving process; then it prints one machine-readable verdict line instead.
 */
public final class RulesCheckCommand {

    private RulesCheckCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Checks the folder named by the last argument (default {@code rules}); returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        boolean verdictLine = args.length > 0 && args[0].equals("--verdict");
        Path folder = Path.of(args.length > (verdictLine ? 1 : 0) ? args[args.length - 1] : "rules");
        RuleGate gate = inProcessGate(ZoneId.of(System.getProperty("pricing.billing-zone", "Asia/Shanghai")),
                budgetFromProperties());
        RuleGate.Verdict verdict = gate.evaluate(folder);
        if (verdictLine) {
            out.println(IsolatedCheck.verdictLine(new ObjectMapper(), verdict));
            return verdict.accepted() ? 0 : 1;
        }
        if (!verdict.accepted()) {
            for (RuleProblem p : verdict.problems()) {
                out.println(p);
            }
            out.println("REFUSED at the " + verdict.step() + " step: " + verdict.problems().size()
                    + " problem(s) in " + folder.toAbsolutePath().normalize());
            return 1;
        }
        RuleSet rules = verdict.ruleSet();
        int ruleCount = rules.files().stream().mapToInt(f -> f.rules().size()).sum();
        out.println("OK " + folder.toAbsolutePath().normalize() + " version " + rules.version() + ": "
                + rules.files().size() + " files, " + ruleCount + " rules; checks passed: sources, sandbox, compile, "
                + String.join(", ", gate.checks().stream().map(c -> c.name()).toList()));
        return 0;
    }

    /** The gate with every check, running them in this JVM. */
    public static RuleGate inProcessGate(ZoneId zone, RuleBudget budget) {
        QuoteEngine engine = new QuoteEngine(zone, budget, nanos -> { });
        return new RuleGate(compiler(), checks(engine, zone, budget));
    }

    /**
     * The service's gate: checks run in a child JVM (this class, {@code --verdict}) within {@code timeout} and
     * {@code maxHeap}, with the same zone and rule budget as the service.
     */
    public static RuleGate isolatedGate(ZoneId zone, RuleBudget budget, Duration timeout, String maxHeap,
            QuoteEngine engine) {
        IsolatedCheck isolated = new IsolatedCheck(new IsolatedCheck.Settings(timeout, maxHeap, Map.of(
                "pricing.billing-zone", zone.getId(),
                "pricing.rules.budget.base-firings", String.valueOf(budget.baseFirings()),
                "pricing.rules.budget.firings-per-fact", String.valueOf(budget.firingsPerFact()),
                "pricing.rules.budget.deadline", budget.deadline().toString())),
                RulesCheckCommand.class.getName(), RulesCheckCommand.class, KieServices.class,
                KieModuleModelImpl.class, ObjectMapper.class);
        return new RuleGate(compiler(), checks(engine, zone, budget), isolated);
    }

    /** Every check of the gate: the quote side's, with the package examples replayed beside the quote ones. */
    private static java.util.List<rtc.pricing.rules.RuleCheck> checks(QuoteEngine engine, ZoneId zone,
            RuleBudget budget) {
        ObjectMapper json = new ObjectMapper();
        return QuoteChecks.all(engine, json, zone, Clock.systemUTC(), exampleKinds(zone, budget, json));
    }

    /** Every kind of documented example besides quotes: the package side's and the ledger's. */
    public static java.util.List<rtc.pricing.gate.ExampleKind> exampleKinds(ZoneId zone, RuleBudget budget,
            ObjectMapper json) {
        java.util.List<rtc.pricing.gate.ExampleKind> kinds = new java.util.ArrayList<>(
                PackageExampleKinds.all(zone, budget, json));
        kinds.add(new rtc.pricing.gate.StandingExamples(budget));
        kinds.add(new rtc.pricing.gate.AdviceExamples(zone, budget, json));
        return kinds;
    }

    /** The service's compiler: the rules compile against the fact classes of rtc.pricing.facts, and may use them whole. */
    public static RuleCompiler compiler() {
        return new RuleCompiler(VideoFormat.class);
    }

    private static RuleBudget budgetFromProperties() {
        RuleBudget d = RuleBudget.DEFAULT;
        return new RuleBudget(Integer.getInteger("pricing.rules.budget.base-firings", d.baseFirings()),
                Integer.getInteger("pricing.rules.budget.firings-per-fact", d.firingsPerFact()),
                Duration.parse(System.getProperty("pricing.rules.budget.deadline", d.deadline().toString())));
    }
}
