package rtc.pricing;

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
        Path folder = Path.of(args.length > 0 ? args[0] : "rules");
        ZoneId zone = ZoneId.of(System.getProperty("pricing.billing-zone", "Asia/Shanghai"));
        QuoteEngine engine = new QuoteEngine(zone, nanos -> { });
        RuleGate gate = new RuleGate(new RuleCompiler(VideoFormat.class.getClassLoader()),
                QuoteChecks.all(engine, new ObjectMapper()));
        RuleGate.Verdict verdict = gate.evaluate(folder);
        if (!verdict.accepted()) {
            for (RuleProblem p : verdict.problems()) {
                System.out.println(p);
            }
            System.out.println("REFUSED at the " + verdict.step() + " step: " + verdict.problems().size()
                    + " problem(s) in " + folder.toAbsolutePath().normalize());
            System.exit(1);
        }
        RuleSet rules = verdict.ruleSet();
        int ruleCount = rules.files().stream().mapToInt(f -> f.rules().size()).sum();
        System.out.println("OK " + folder.toAbsolutePath().normalize() + " version " + rules.version() + ": "
                + rules.files().size() + " files, " + ruleCount + " rules; checks passed: compile, "
                + String.join(", ", gate.checks().stream().map(c -> c.name()).toList()));
        System.exit(0);
    }
}
