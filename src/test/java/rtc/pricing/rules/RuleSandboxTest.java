package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.support.RulesFolder;

/**
 * The sandbox refuses rule code that reaches beyond the allow-list, at the file and line of the offending token,
 * and passes the tests' rules (the fixture) and ordinary rule code untouched. The live folder passes the sandbox
 * with the rest of the gate in RulesCheckCommandTest. Hostile cases are the ones an adversarial review
 * ran against the service.
 */
class RuleSandboxTest {

    /** The service's compiler: its fact classes are the API the sandbox lets rules use. */
    private static final RuleCompiler COMPILER = RulesCheckCommand.compiler();
    private static final String FILE = "evil.drl";
    /** The line {@link #rhs} puts its code on, and the line {@link #lhs} puts its pattern on. */
    private static final int RHS_LINE = 8;
    private static final int LHS_LINE = 6;

    /** A rule whose consequence is {@code code}, on line {@value #RHS_LINE}. */
    private static String rhs(String code) {
        return """
                package pricing;
                import rtc.pricing.facts.*;

                rule "evil"
                when
                    $f : VideoFormat()
                then
                """ + "    " + code + "\nend\n";
    }

    /** A rule whose when part is {@code pattern}, on line {@value #LHS_LINE}. */
    private static String lhs(String pattern) {
        return """
                package pricing;
                import rtc.pricing.facts.*;

                rule "evil"
                when
                """ + "    " + pattern + "\nthen\n    insert(new PriceList());\nend\n";
    }

    private static List<RuleProblem> check(String drl) {
        return check(drl, RuleSources.Limits.DEFAULT);
    }

    private static List<RuleProblem> check(String drl, RuleSources.Limits limits) {
        return RuleSandbox.check(Map.of(FILE, drl.getBytes(StandardCharsets.UTF_8)), limits, COMPILER);
    }

    /** Line 0 means a problem of the whole folder (no file). */
    private static void assertRefused(List<RuleProblem> problems, int line, String gist) {
        String file = line == 0 ? null : FILE;
        assertTrue(problems.stream().anyMatch(p -> java.util.Objects.equals(file, p.file()) && p.line() == line
                && p.message().contains(gist)), () -> "expected " + file + ":" + line + " \"" + gist + "\" in " + problems);
    }

    @Test
    void theFixtureRulesPass() {
        RuleSources.Snapshot rules = RuleSources.read(RulesFolder.FIXTURE, RuleSources.Limits.DEFAULT);
        assertEquals(List.of(), rules.problems());
        assertTrue(rules.files().keySet().stream().filter(f -> f.endsWith(".drl")).count() >= 5, "the fixture rules were read");
        assertEquals(List.of(), RuleSandbox.check(rules.files(), RuleSources.Limits.DEFAULT, COMPILER));
    }

    @Test
    void ordinaryRuleCodePasses() {
        String drl = """
                package pricing;
                import java.math.BigDecimal;
                import java.math.RoundingMode;
                import java.time.*;
                import java.util.List;
                import java.util.ArrayList;
                import rtc.pricing.facts.*;

                declare Discount
                    item : BillingItem @key
                    percent : BigDecimal
                end

                function BigDecimal half(BigDecimal amount) {
                    return amount.divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
                }

                function BigDecimal quarter(BigDecimal amount) {
                    return half(half(amount)); // calls another function, not in a cycle
                }

                rule "A rule with some ordinary code" salience 10 no-loop
                when
                    $u : ItemUsage(seconds > 0, item.category == Category.AUDIO, date.isAfter(LocalDate.of(2022, 6, 1)))
                    $p : Price(item == $u.item, perThousandMinutes > 0)
                    eval($u.seconds() < 86400L * 31)
                then
                    long minutes = ($u.seconds() + 59) / 60;
                    List<String> tiers = new ArrayList<>(List.of("SD", "HD"));
                    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
                    seen.put(kcontext.getRule().getName(), tiers.size());
                    String name = kcontext.getRule().getName();
                    if (minutes > 1 && !name.isEmpty()) {
                        BigDecimal amount = quarter($p.perThousandMinutes().multiply(BigDecimal.valueOf(minutes)));
                        insert(Adjustment.of(null, amount.max(BigDecimal.ZERO), kcontext));
                    }
                    insert(new Discount($u.item(), new BigDecimal("0.5")));
                    Duration d = Duration.ofMinutes(Math.max(1L, minutes));
                    insert(TierOf.of(VideoFormat.of(640, 480), "SD", kcontext)); // a comment with System.exit(0)
                end
                """;
        assertEquals(List.of(), check(drl));
    }

    @Test
    void systemExitInAConsequence() {
        List<RuleProblem> problems = check(rhs("System.exit(0);"));
        assertRefused(problems, RHS_LINE, "\"System\" is not on the rule allow-list");
        assertRefused(problems, RHS_LINE, "\"exit\" is not allowed");
    }

    @Test
    void fullyQualifiedSystemExit() {
        assertRefused(check(rhs("java.lang.System.exit(0);")), RHS_LINE, "\"java.lang.System\" is not on the rule allow-list");
    }

    @Test
    void newFile() {
        assertRefused(check(rhs("Object f = new java.io.File(\"/etc/passwd\");")), RHS_LINE,
                "\"java.io.File\" is not on the rule allow-list");
    }

    @Test
    void filesReadString() {
        assertRefused(check(rhs("String s = java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"));")),
                RHS_LINE, "\"java.nio.file.Files\" is not on the rule allow-list");
    }

    @Test
    void wildcardImportOfJavaIo() {
        List<RuleProblem> problems = check("package pricing;\nimport java.io.*;\n" + rhs("File f = new File(\"x\");")
                .replace("package pricing;\n", ""));
        assertRefused(problems, 2, "\"import java.io.*\" is not allowed");
        assertRefused(problems, RHS_LINE + 1, "\"File\" is not on the rule allow-list");
    }

    @Test
    void otherImportsAreRefusedWithTheirLine() {
        List<RuleProblem> problems = check("""
                package pricing;
                import java.lang.reflect.Method;
                import static java.lang.System.exit;
                import function java.lang.System.exit;
                import java.math.BigDecimal;
                import java.util.List;
                """);
        assertRefused(problems, 2, "\"import java.lang.reflect.Method\" is not allowed");
        assertRefused(problems, 3, "\"import static java.lang.System.exit\" is not allowed");
        assertRefused(problems, 4, "\"import function java.lang.System.exit\" is not allowed");
        assertEquals(3, problems.size(), problems::toString);
    }

    @Test
    void runtimeExec() {
        List<RuleProblem> problems = check(rhs("Runtime.getRuntime().exec(\"id\");"));
        assertRefused(problems, RHS_LINE, "\"Runtime\" is not on the rule allow-list");
        assertRefused(problems, RHS_LINE, "\"getRuntime\" is not allowed");
        assertRefused(problems, RHS_LINE, "\"exec\" is not allowed");
    }

    @Test
    void reflectionThroughAString() {
        List<RuleProblem> problems = check(rhs("Object c = \"x\".getClass().forName(\"java.lang.System\");"));
        assertRefused(problems, RHS_LINE, "\"getClass\" is not allowed in rules: it reaches Java reflection");
        assertRefused(problems, RHS_LINE, "\"forName\" is not allowed");
    }

    @Test
    void mvelStyleClassLoader() {
        assertRefused(check(rhs("Object l = $f.class.classLoader;")), RHS_LINE, "\"classLoader\" is not allowed");
        List<RuleProblem> inConstraint = check(lhs("$f : VideoFormat(this.class.classLoader != null)"));
        assertRefused(inConstraint, LHS_LINE, "\"class\" is not allowed");
        assertRefused(inConstraint, LHS_LINE, "\"classLoader\" is not allowed");
    }

    @Test
    void engineInternalsThroughKcontext() {
        List<RuleProblem> problems = check(rhs("kcontext.getKieRuntime().halt();"));
        assertRefused(problems, RHS_LINE, "\"getKieRuntime\" is not allowed in rules: it reaches the rule engine's internals");
        assertRefused(problems, RHS_LINE, "\"halt\" is not allowed");
        assertRefused(problems, RHS_LINE, "\"kcontext\" may only be");
        assertRefused(check(rhs("drools.halt();")), RHS_LINE, "\"drools\" is an engine internal");
        assertRefused(check(rhs("Object m = kcontext.getMatch();")), RHS_LINE, "\"kcontext\" may only be");
        // Stored in a fact, the helper behind kcontext is reachable from an untyped MVEL constraint.
        assertRefused(check(rhs("insert(kcontext);")), RHS_LINE, "\"kcontext\" may only be");
        assertRefused(check(rhs("insert(new Charge(kcontext, null, 1, null));")), RHS_LINE, "\"kcontext\" may only be");
        assertRefused(check(rhs("insert(Charge.audio(kcontext, Service.BASE, null, 1, kcontext));")), RHS_LINE,
                "\"kcontext\" may only be");
        assertRefused(check(rhs("String s = String.valueOf(kcontext);")), RHS_LINE, "\"kcontext\" may only be");
        assertRefused(check("package pricing;\nimport rtc.pricing.facts.*;\ndeclare Charge @typesafe(false) end\n"), 3,
                "\"@typesafe\" is not allowed");
        assertEquals(List.of(), check(rhs("insert(rtc.pricing.facts.TierOf.of($f, \"SD\", kcontext));")));
    }

    @Test
    void threadSleep() {
        assertRefused(check(rhs("Thread.sleep(1);")), RHS_LINE, "\"Thread\" is not on the rule allow-list");
    }

    @Test
    void whileLoopInAConsequence() {
        assertRefused(check(rhs("while (true) { }")), RHS_LINE, "loops are not allowed in rules (\"while\")");
    }

    @Test
    void forLoopInAFunction() {
        String drl = """
                package pricing;

                function long spin(long n) {
                    long sum = 0;
                    for (long i = 0; i < n; i++) { sum += i; }
                    return sum;
                }
                """;
        assertRefused(check(drl), 5, "loops are not allowed in rules (\"for\")");
    }

    @Test
    void mutuallyRecursiveFunctions() {
        String drl = """
                package pricing;

                function long ping(long n) {
                    return pong(n) + pong(n);
                }

                function long pong(long n) {
                    return ping(n);
                }

                function long fine(long n) {
                    return n;
                }
                """;
        List<RuleProblem> problems = check(drl);
        assertRefused(problems, 3, "functions \"ping\", \"pong\" call each other in a cycle");
        assertEquals(1, problems.size(), problems::toString);
        assertRefused(check("package pricing;\n\nfunction long f(long n) { return n == 0 ? 0 : f(n - 1); }\n"), 3,
                "function \"f\" calls itself");
    }

    @Test
    void lambdaAndMethodReference() {
        assertRefused(check(rhs("Object f = (String s) -> s;")), RHS_LINE, "lambdas and method references (\"->\")");
        assertRefused(check(rhs("Object f = String::valueOf;")), RHS_LINE, "lambdas and method references (\"::\")");
    }

    @Test
    void global() {
        String drl = "package pricing;\n\nglobal java.util.List out;\n";
        assertRefused(check(drl), 3, "globals are not allowed");
    }

    @Test
    void systemInAConstraint() {
        assertRefused(check(lhs("VideoFormat(System.currentTimeMillis() > 0)")), LHS_LINE,
                "\"System\" is not on the rule allow-list");
        assertRefused(check(lhs("VideoFormat(new java.io.File(\"/etc/hostname\").exists())")), LHS_LINE,
                "\"java.io.File\" is not on the rule allow-list");
    }

    @Test
    void dangerousTextInCommentsAndStringsIsNotFlagged() {
        String drl = rhs("""
                // System.exit(0); java.io.File; while (true) {} kcontext.getKieRuntime().halt();
                    /* System.exit(0);
                       Runtime.getRuntime().exec("rm -rf /"); for (;;) {} x -> x */
                    String s = "System.exit(0) java.io.File.class getClass() while(true) -> :: global import java.io.*;";
                    insert(TierOf.of($f, s, kcontext));""");
        assertEquals(List.of(), check(drl));
        assertEquals(List.of(), check(lhs("VideoFormat(toString != 'System.exit(0)', toString != \"java.io.File\")")));
    }

    @Test
    void aStringOrCommentCannotHideCodeFromTheChecks() {
        // A quote inside a comment, or a comment opener inside a string, must not swallow the code after it.
        assertRefused(check(rhs("// \"\n    System.exit(0); // \"")), RHS_LINE + 1, "\"System\"");
        assertRefused(check(rhs("String s = \"/*\"; System.exit(0); String t = \"*/\";")), RHS_LINE, "\"System\"");
        assertRefused(check(rhs("String s = \"\\\"\"; System.exit(0);")), RHS_LINE, "\"System\"");
    }

    @Test
    void unicodeEscapesAreRefusedEvenInComments() {
        // javac turns a backslash-u000a escape into a line break before lexing: this "comment" would run System.exit.
        assertRefused(check(rhs("// \\u000a System.exit(0);")), RHS_LINE, "unicode escapes");
    }

    @Test
    void invisibleCharactersInNamesAreRefused() {
        assertRefused(check(rhs("Sys\u200Btem.exit(0);")), RHS_LINE, "invisible character U+200B");
    }

    @Test
    void expensiveCalls() {
        assertRefused(check("package pricing;\nimport java.math.BigDecimal;\n" + rhs("BigDecimal x = BigDecimal.TEN.pow(999999999);")
                .replace("package pricing;\n", "")), RHS_LINE + 1, "\"pow\" is not allowed in rules: it can run away");
        assertRefused(check(rhs("String s = \"x\".repeat(1000000000);")), RHS_LINE, "\"repeat\" is not allowed");
        assertRefused(check(rhs("Object a = new long[1000000000];")), RHS_LINE, "arrays");
    }

    /**
     * A promotion for one app whose consequence does {@code payload} on line {@value #APP_LINE}: the gate's examples
     * never name that app, so only the sandbox sees it.
     */
    private static String forOneApp(String payload) {
        return """
                package pricing;
                import java.math.BigDecimal;
                import java.math.RoundingMode;
                import rtc.pricing.facts.*;

                rule "Promotion for one app"
                when
                    $l : SettlementLine()
                then
                    if ("1400000042".equals($l.appId())) {
                """ + "        " + payload + """

                        insert(Adjustment.of($l, BigDecimal.ZERO, kcontext));
                    }
                end
                """;
    }

    private static final int APP_LINE = 11;

    /** The probe's first payload: a number of one digit and a billion zeros, then any arithmetic on it. */
    @Test
    void aHugeExponentIsRefused() {
        assertRefused(check(forOneApp("BigDecimal x = new BigDecimal(\"1e999999999\").add(BigDecimal.ONE);")),
                APP_LINE, "\"new BigDecimal(...)\" takes a number with an exponent of at most 100");
        assertRefused(check(forOneApp("BigDecimal x = BigDecimal.TEN.pow(999999999);")), APP_LINE,
                "\"pow\" is not allowed in rules: it can run away");
        assertRefused(check(forOneApp("BigDecimal x = BigDecimal.ONE.setScale(999999999);")), APP_LINE,
                "the scale of \"setScale\" must be a whole number from -100 to 100");
        assertRefused(check(forOneApp("BigDecimal x = $l.amount().divide(BigDecimal.ONE, 1000000, RoundingMode.UP);")),
                APP_LINE, "the scale of \"divide\" must be a whole number");
        assertRefused(check(forOneApp("BigDecimal x = $l.amount().movePointRight((int) $l.seconds());")), APP_LINE,
                "the scale of \"movePointRight\" must be a whole number");
        assertRefused(check(forOneApp("BigDecimal x = BigDecimal.valueOf(1, -999999999);")), APP_LINE,
                "the scale of \"valueOf\" must be a whole number");
        // Read from a fact's text, or computed: any exponent at all.
        assertRefused(check(forOneApp("BigDecimal x = new BigDecimal($l.appId());")), APP_LINE,
                "\"new BigDecimal(...)\" takes a number written out in the rule");
        assertRefused(check(forOneApp("BigDecimal x = new BigDecimal(java.math.BigInteger.ONE, 999999999);")),
                APP_LINE, "\"new BigDecimal(...)\" takes");
        assertRefused(check(forOneApp("java.math.BigInteger x = new java.math.BigInteger(\"1\".concat($l.appId()));")),
                APP_LINE, "\"new BigInteger(...)\" takes a number written out in the rule");
        assertRefused(check(forOneApp("BigDecimal x = $l.amount().divide(BigDecimal.ONE, new java.math.MathContext(999999999));")),
                APP_LINE, "\"new MathContext(...)\" takes a precision of at most 100");
        assertRefused(check(forOneApp("java.math.BigInteger x = java.math.BigInteger.ONE.shiftRight(-2000000000);")),
                APP_LINE, "\"shiftRight\" is not allowed");
        assertRefused(check(forOneApp("java.math.BigInteger x = java.math.BigInteger.ONE.setBit(2000000000);")),
                APP_LINE, "\"setBit\" is not allowed");
    }

    /** The probe's second payload: printing a huge number in full kept a thread busy for minutes. */
    @Test
    void printingANumberInFullIsRefused() {
        assertRefused(check(forOneApp("String s = $l.amount().toPlainString();")), APP_LINE,
                "\"toPlainString\" is not allowed in rules: it can run away");
        assertRefused(check(forOneApp("java.math.BigInteger x = $l.amount().toBigInteger();")), APP_LINE,
                "\"toBigInteger\" is not allowed");
    }

    /** The probe's third payload: a format width of a hundred million characters ran the JVM out of memory. */
    @Test
    void formatIsRefused() {
        assertRefused(check(forOneApp("String s = String.format(\"%100000000d\", $l.seconds());")), APP_LINE,
                "\"format(...)\" is not allowed in rules: it can run away");
        assertRefused(check(forOneApp("String s = String.format(\"%100000000%\");")), APP_LINE, "\"format(...)\" is not allowed");
        assertRefused(check(forOneApp("String s = \"%100000000d\".formatted($l.seconds());")), APP_LINE,
                "\"formatted\" is not allowed");
        assertRefused(check(forOneApp("String s = $l.appId().indent(100000000);")), APP_LINE, "\"indent\" is not allowed");
    }

    /** Scales and numbers written out and small, as the rules write them, stay allowed. */
    @Test
    void smallWrittenScalesAndNumbersPass() {
        for (String ok : List.of("BigDecimal x = $l.amount().setScale(2, RoundingMode.HALF_UP);",
                "BigDecimal x = $l.amount().divide(new BigDecimal(\"1000\"), 8, RoundingMode.HALF_UP);",
                "BigDecimal x = $l.amount().movePointLeft(3).movePointRight(-3).setScale(-2, RoundingMode.UP);",
                "BigDecimal x = new BigDecimal(\"-0.10\").multiply(BigDecimal.valueOf($l.seconds()));",
                "BigDecimal x = BigDecimal.valueOf(125, 2).add(new BigDecimal(7)).add(new BigDecimal(\"1E+3\"));",
                "BigDecimal x = $l.amount().divide(new BigDecimal(\"3\"), new java.math.MathContext(34, RoundingMode.HALF_EVEN));",
                "int radix = Integer.valueOf(\"ff\", 16);")) {
            assertEquals(List.of(), check(forOneApp(ok)), ok);
        }
    }

    @Test
    void moreRulesThanTheLimit() {
        StringBuilder drl = new StringBuilder("package pricing;\nimport rtc.pricing.facts.*;\n");
        for (int i = 0; i < 4; i++) {
            drl.append("rule \"r").append(i).append("\" when PriceList() then insert(new PriceList()); end\n");
        }
        List<RuleProblem> problems = check(drl.toString(), new RuleSources.Limits(200, 512 * 1024, 4 * 1024 * 1024, 3));
        assertEquals(List.of(new RuleProblem(null, 0,
                "the rules folder defines 4 rules, more than the limit of 3; merge or remove rules")), problems);
        assertEquals(List.of(), check(drl.toString(), new RuleSources.Limits(200, 512 * 1024, 4 * 1024 * 1024, 4)));
    }

    @Test
    void mvelDialectIsRefused() {
        assertRefused(check("package pricing;\ndialect \"mvel\"\n"), 2, "dialect \"mvel\" is not allowed");
        String rule = rhs("insert(new PriceList());").replace("rule \"evil\"", "rule \"evil\" dialect 'mvel'");
        assertRefused(check(rule), 4, "dialect 'mvel' is not allowed");
    }

    @Test
    void otherWaysOutAreRefused() {
        assertRefused(check(rhs("Object o = new Object() { public String toString() { return \"\"; } };")), RHS_LINE,
                "anonymous classes");
        assertRefused(check(rhs("Object o = new <String>Object() { int f(int n) { return f(n) + f(n); } };")), RHS_LINE,
                "anonymous classes");
        assertRefused(check(rhs("Object o = new java.util.ArrayList<String>() { };")), RHS_LINE, "anonymous classes");
        assertRefused(check(rhs("Object o = pricing.Rule_evil.defaultConsequence(null);")), RHS_LINE,
                "\"defaultConsequence\" is not allowed");
        assertRefused(check(rhs("try { insert(new PriceList()); } catch (Exception e) { }")), RHS_LINE,
                "exception handling is not allowed");
        assertRefused(check(rhs("insertAsync(new PriceList());")), RHS_LINE, "\"insertAsync(...)\" is neither");
        assertRefused(check(rhs("class Spin { }")), RHS_LINE, "declaring classes in rule code");
        assertRefused(check(rhs("Object h = $f__Handle__;")), RHS_LINE, "engine internal");
        assertRefused(check(rhs("Object o = Integer.TYPE;")), RHS_LINE, "\"TYPE\" is not allowed");
        assertRefused(check(rhs("Object o = Mode.SINGLE.getDeclaringClass();")), RHS_LINE, "\"getDeclaringClass\"");
        assertRefused(check(rhs("String s = \"\"\"\n    x\"\"\";")), RHS_LINE, "text blocks");
        assertRefused(check(rhs("String s = 'a\\\" + 1 + \\\"b';")), RHS_LINE, "single-quoted text");
        assertRefused(check(rhs("Object o = UnknownThing.make();")), RHS_LINE, "\"UnknownThing\" is not on the rule allow-list");
        assertRefused(check(lhs("VideoFormat(toString matches \"(a+)+b\")")), LHS_LINE, "\"matches\" is not allowed");
        assertRefused(check(lhs("Number(intValue > 0) from accumulate(VideoFormat($a : area), init(long s = 0;),"
                + " action(s += $a;), result(s))")), LHS_LINE, "custom accumulate code");
        assertRefused(check(rhs("Object o = rtc.pricing.rules.RuleRegistry.class;")), RHS_LINE,
                "\"rtc.pricing.rules.RuleRegistry\" is not on the rule allow-list");
    }

    @Test
    void aConsequenceEndsWhereDroolsEndsIt() {
        // Drools reads "int end = 1;" as Java, so the consequence (and its strict calls) goes on to the real end.
        String drl = rhs("int end = 1;\n    insertAsync(new PriceList());")
                + "function long f(long n) { return f(n - 1); }\n";
        List<RuleProblem> problems = check(drl);
        assertRefused(problems, RHS_LINE + 1, "\"insertAsync(...)\" is neither");
        assertRefused(problems, RHS_LINE + 3, "function \"f\" calls itself");
    }

    @Test
    void whatDroolsReadsAfterAnOddlyWrittenEndIsStillChecked() {
        // Drools ends the consequence at "end/**/" followed by a rule; wherever the sandbox thinks the consequence
        // ends, the rule and the function after it are found and counted.
        String drl = rhs("insert(new PriceList());").replace("\nend\n", "\nend/**/\n")
                + "rule \"b\" when then insert(new PriceList()); end\n"
                + "function long f(long n) { return f(n - 1); }\n";
        assertRefused(check(drl), RHS_LINE + 3, "function \"f\" calls itself");
        assertRefused(check(drl, new RuleSources.Limits(200, 512 * 1024, 4 * 1024 * 1024, 1)), 0, "defines 2 rules");
    }

    @Test
    void classObjectsOfAllowedTypesAreNoWayOut() {
        // MVEL reads a bare class name in a constraint as the Class object.
        assertRefused(check(lhs("VideoFormat(String.getDeclaredClasses() != null)")), LHS_LINE, "\"getDeclaredClasses\"");
        assertRefused(check(lhs("VideoFormat(Mode.classLoader != null)")), LHS_LINE, "\"classLoader\"");
    }

    @Test
    void messagesQuoteRuleTextShortly() {
        String longName = "Z".repeat(100_000);
        List<RuleProblem> problems = check(rhs("Object o = " + longName + ".make();"));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).message().length() < 300, problems.get(0).message());
        assertTrue(problems.get(0).message().startsWith("\"ZZZ"), problems.get(0).message());
    }

    @Test
    void everyProblemIsReportedWithItsOwnLine() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.drl", rhs("System.exit(0);").getBytes(StandardCharsets.UTF_8));
        files.put("b.drl", lhs("VideoFormat(Thread.currentThread() != null)").getBytes(StandardCharsets.UTF_8));
        files.put("examples/x.json", "{ \"System.exit\": 0 }".getBytes(StandardCharsets.UTF_8));
        List<RuleProblem> problems = RuleSandbox.check(files, RuleSources.Limits.DEFAULT, COMPILER);
        assertTrue(problems.contains(new RuleProblem("a.drl", RHS_LINE, "\"System\" is not on the rule allow-list"
                + " (rules may use the fact API, java.math, java.time, plain collections and strings)")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.file().equals("b.drl") && p.line() == LHS_LINE
                && p.message().startsWith("\"Thread\"")), problems::toString);
        assertTrue(problems.stream().noneMatch(p -> p.file().endsWith(".json")), "JSON is not DRL");
    }
}
