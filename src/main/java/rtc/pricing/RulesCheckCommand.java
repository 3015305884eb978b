package rtc.pricing;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.quote.QuoteChecks;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleGate;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.rules.RuleSet;

/**
 * For analysts: checks a rules folder exactly as the reload gate would (compile, price list, documented
 * examples) without starting the server. Prints {@code file:line: message} per problem; exits 1 if the folder
 * would be refused, 0 if it would go live.
 *
 * <pre>./mvnw -q compile exec:java -Drules=rules</pre>
 */
public final class RulesCheckCommand {

    private RulesCheckCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Checks the folder named by {@code args[0]} (default {@code rules}); returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        Path folder = Path.of(args.length > 0 ? args[0] : "rules");
        ZoneId zone = ZoneId.of(System.getProperty("pricing.billing-zone", "Asia/Shanghai"));
        QuoteEngine engine = new QuoteEngine(zone, nanos -> { });
        RuleGate gate = new RuleGate(new RuleCompiler(VideoFormat.class.getClassLoader()),
                QuoteChecks.all(engine, new ObjectMapper()));
        RuleGate.Verdict verdict = gate.evaluate(folder);
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
                + rules.files().size() + " files, " + ruleCount + " rules; checks passed: compile, "
                + String.join(", ", gate.checks().stream().map(c -> c.name()).toList()));
        return 0;
    }
}
