package rtc.pricing.rules;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import rtc.pricing.rules.DrlTokens.Token;

/**
 * Static allow-list analysis of DRL source, run before a candidate rule set is compiled: a DRL consequence,
 * function or constraint is Java/MVEL that runs inside the service, so a rule may reach only the fact API,
 * java.math, java.time, plain collections and strings. Everything else — another class, reflection, the
 * engine's internals, loops, recursion, lambdas, globals, the MVEL dialect — is refused with the file and line
 * of the offending token. The analysis works on tokens ({@link DrlTokens}), so comments and string literals
 * never trigger or hide a finding.
 */
public final class RuleSandbox {

    private static final String ALLOW_LIST = "rules may use the fact API, java.math, java.time, plain collections"
            + " and strings";

    /** Types a rule may name, besides everything in the fact package. */
    static final Set<String> ALLOWED_TYPES = Set.of(
            "java.math.BigDecimal", "java.math.BigInteger", "java.math.RoundingMode", "java.math.MathContext",
            "java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime", "java.time.Instant",
            "java.time.Duration", "java.time.Period", "java.time.YearMonth", "java.time.DayOfWeek", "java.time.Month",
            "java.time.ZoneId", "java.time.ZoneOffset", "java.time.OffsetDateTime", "java.time.ZonedDateTime",
            "java.time.temporal.ChronoUnit",
            "java.util.List", "java.util.ArrayList", "java.util.Map", "java.util.Map$Entry", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Set", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Collection", "java.util.Collections",
            "java.util.Objects", "java.util.Optional",
            "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean", "java.lang.Math",
            "java.lang.Object", "java.lang.Number", "java.lang.Comparable",
            "org.kie.api.runtime.rule.RuleContext");

    /** Packages an import may take whole. */
    /** Packages a rule may import whole, besides the fact package. */
    static final Set<String> WILDCARD_IMPORTS = Set.of("java.math", "java.time");

    private static final String REFLECTION = "it reaches Java reflection or class loading, which can run any code;"
            + " use the facts' own accessors";
    private static final String ENGINE = "it reaches the rule engine's internals; rules may use insert, update,"
            + " modify, delete and kcontext.getRule().getName()";
    private static final String PROCESS = "it reaches the process, its threads or its environment";
    private static final String RUNAWAY = "it can run away with time or memory on one line; compute with plain"
            + " arithmetic on small values";

    /**
     * Member names refused wherever they appear in code, as a call or as an MVEL property ({@code x.classLoader}
     * is {@code x.getClassLoader()} to MVEL), with the reason shown to the analyst. The reflective methods of
     * java.lang.Class are all here because in an MVEL constraint a bare class name (even an allowed one) is the
     * Class object itself.
     */
    static final Map<String, String> DENIED_MEMBERS = denied();

    private static Map<String, String> denied() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : List.of("class", "getClass", "forName", "getClassLoader", "classLoader", "loadClass", "invoke",
                "invokeExact", "newInstance", "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods",
                "getField", "getFields", "getDeclaredField", "getDeclaredFields", "getConstructor", "getConstructors",
                "getDeclaredConstructor", "getDeclaredConstructors", "setAccessible", "getDeclaringClass",
                "declaringClass", "getModule", "module", "getResource", "getResourceAsStream", "getProtectionDomain",
                "getSuperclass", "getInterfaces", "getEnclosingClass", "getComponentType", "componentType",
                "arrayType", "describeConstable", "resolveConstantDesc", "lookup", "privateLookupIn", "TYPE",
                "finalize", "getDeclaredClasses", "getClasses", "getRecordComponents", "getEnclosingMethod",
                "getEnclosingConstructor", "getNestHost", "getNestMembers", "getPermittedSubclasses", "getPackage",
                "getSigners")) {
            m.put(n, REFLECTION);
        }
        for (String n : List.of("getKieRuntime", "kieRuntime", "getKieBase", "kieBase", "getKnowledgeRuntime",
                "knowledgeRuntime", "getWorkingMemory", "workingMemory", "getSession", "getEnvironment", "environment",
                "getChannels", "channels", "getEntryPoint", "entryPoint", "getEntryPoints", "entryPoints", "halt",
                "getAgenda", "agenda", "setFocus", "getMatch", "blockMatch", "unblockAllMatches", "cancelMatch",
                "getFactHandle", "getFactHandles", "getContext", "getGlobal", "getGlobals", "getMetaData",
                "defaultConsequence")) { // the method Drools generates for a consequence: calling it recurses
            m.put(n, ENGINE);
        }
        for (String n : List.of("exit", "getRuntime", "runtime", "exec", "wait", "notify", "notifyAll", "getenv",
                "getProperty", "setProperty", "getProperties", "clearProperty", "getInteger", "getLong",
                "getBoolean")) {
            m.put(n, PROCESS);
        }
        for (String n : List.of("pow", "repeat", "nCopies", "scaleByPowerOfTen", "shiftLeft", "iterate", "generate",
                "stream", "parallelStream", "forEach", "removeIf", "replaceAll", "computeIfAbsent", "compute",
                "merge", "fill", "sort", "sqrt", "chars", "codePoints", "lines", "datesUntil", "matches",
                "replaceFirst", "split",
                // A width or an exponent turns into that many characters or digits: "%100000000d".formatted(x),
                // new BigDecimal("1e999999999").toPlainString(), BigInteger.ONE.setBit(2000000000). (String.format
                // is refused as a call with arguments: format() is also an accessor of the fact API.)
                "formatted", "indent", "toPlainString", "toBigInteger", "toBigIntegerExact", "setBit",
                "clearBit", "flipBit", "shiftRight", "nextProbablePrime")) {
            m.put(n, RUNAWAY);
        }
        return Map.copyOf(m);
    }

    /**
     * Calls whose argument at a given position (by the number of arguments) is a scale or a number of decimal
     * places: the digits of the result grow with it, so it must be written as a small number
     * ({@code setScale(2, RoundingMode.HALF_UP)}), never computed from a value the catalogue does not bound.
     */
    static final Map<String, Map<Integer, Integer>> SCALE_ARGUMENTS = Map.of(
            "setScale", Map.of(1, 0, 2, 0),
            "movePointLeft", Map.of(1, 0),
            "movePointRight", Map.of(1, 0),
            "divide", Map.of(3, 1), // divide(divisor, scale, rounding)
            "valueOf", Map.of(2, 1)); // BigDecimal.valueOf(unscaled, scale); a radix (Integer.valueOf) is small too
    /** The largest scale, precision or exponent rules may write: the rules use 8 places at most. */
    static final int MAX_SCALE = 100;
    /** Types created only from literals: a number read from text or computed can carry any exponent. */
    private static final Set<String> LITERAL_ONLY = Set.of("java.math.BigDecimal", "java.math.BigInteger",
            "java.math.MathContext");

    private static final Set<String> LOOPS = Set.of("for", "while", "do", "goto", "foreach", "until", "def");
    private static final Set<String> EXCEPTIONS = Set.of("try", "catch", "finally", "throw", "throws");
    private static final Set<String> LOW_LEVEL = Set.of("synchronized", "native", "volatile", "transient");
    private static final Set<String> TYPE_DECLARATIONS = Set.of("class", "interface", "enum");
    /** Names of the code Drools generates around a consequence; a rule has no business with them. */
    private static final Set<String> ENGINE_INTERNALS = Set.of("drools", "consequenceCtx", "valueResolver",
            "innerDeclarations");
    /** The consequence helpers Drools rewrites to calls on its knowledge helper; others it rewrites are refused. */
    static final Set<String> HELPERS = Set.of("insert", "insertLogical", "update", "modify", "delete", "retract");
    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long", "float",
            "double", "void");
    /** Words followed by "(" that are not calls. */
    private static final Set<String> KEYWORDS = Set.of("if", "else", "switch", "case", "default", "return", "new",
            "this", "super", "instanceof", "while", "for", "do", "try", "catch", "finally", "throw", "synchronized",
            "assert", "yield", "eval", "not", "exists", "forall", "accumulate", "acc", "collect", "from", "init",
            "action", "reverse", "result", "over", "window", "and", "or", "in", "when", "then", "end");

    /** Distinct names looked up as classes per check: far above real rules, it bounds the cost of hostile ones. */
    static final int MAX_CLASS_LOOKUPS = 5_000;
    /** Problems kept per check; an analyst fixes the first ones first, and the answer stays small. */
    static final int MAX_PROBLEMS = 200;
    /** Tokens read for a function header or type arguments, and parts of a dotted name: real code stays far below. */
    static final int MAX_HEADER = 256;
    static final int MAX_DOTTED = 32;

    private record Function(String name, String file, int line, Source source, int bodyFrom, int bodyTo) {
    }

    /** One DRL file: its tokens and what the structure pass learnt about them. */
    private static final class Source {
        final String file;
        final List<Token> t;
        /** Tokens of package and import statements, and names of rules and queries: not analysed as code. */
        final boolean[] skip;
        /** Tokens of consequences and function bodies, where a bare call must be a helper or a function. */
        final boolean[] strictCalls;
        String pkg = "";
        final Map<String, String> imports = new HashMap<>();
        final List<String> wildcards = new ArrayList<>();

        /** The index of the bracket matching each bracket, or -1: computed once, so no check rescans the file. */
        final int[] partner;
        /** The index of the innermost "(" around each token, or -1. */
        final int[] enclosingParen;
        /** Tokens that start the type of a {@code new} expression. */
        final boolean[] createdType;

        Source(String file, List<Token> tokens) {
            this.file = file;
            this.t = tokens;
            this.skip = new boolean[tokens.size()];
            this.strictCalls = new boolean[tokens.size()];
            this.partner = new int[tokens.size()];
            this.enclosingParen = new int[tokens.size()];
            this.createdType = new boolean[tokens.size()];
            java.util.Arrays.fill(partner, -1);
            Map<String, Deque<Integer>> open = Map.of("(", new ArrayDeque<>(), "{", new ArrayDeque<>(), "[",
                    new ArrayDeque<>());
            Map<String, String> opener = Map.of(")", "(", "}", "{", "]", "[");
            for (int k = 0; k < tokens.size(); k++) {
                Deque<Integer> parens = open.get("(");
                enclosingParen[k] = parens.isEmpty() ? -1 : parens.peek();
                Token token = tokens.get(k);
                if (token.kind() != DrlTokens.Kind.OP) {
                    continue;
                }
                if (open.containsKey(token.text())) {
                    open.get(token.text()).push(k);
                } else if (opener.containsKey(token.text()) && !open.get(opener.get(token.text())).isEmpty()) {
                    int o = open.get(opener.get(token.text())).pop();
                    partner[o] = k;
                    partner[k] = o;
                }
            }
        }

        /** The bracket closing the one at {@code k}, or the last token if it is never closed. */
        int close(int k) {
            return partner[k] >= 0 ? partner[k] : t.size() - 1;
        }
    }

    private final ClassLoader loader;
    /** The package of the fact classes: the rules' API, which the platform is told, never knows. */
    private final String facts;
    private final Set<RuleProblem> problems = new LinkedHashSet<>();
    private final Map<String, Optional<Class<?>>> classes = new HashMap<>();
    /** Declared types, queries and rules named by identifiers: names the DRL itself defines. */
    private final Set<String> declaredNames = new HashSet<>();
    private final Map<String, List<Function>> functions = new TreeMap<>();
    private int rules;
    private int moreProblems;

    private RuleSandbox(ClassLoader loader, String facts) {
        this.loader = loader;
        this.facts = facts;
    }

    /** As {@link #check(Map, RuleSources.Limits, ClassLoader, String)} with the compiler's fact classes. */
    public static List<RuleProblem> check(Map<String, byte[]> files, RuleSources.Limits limits,
            RuleCompiler compiler) {
        return check(files, limits, compiler.factClassLoader(), compiler.factsPackage());
    }

    /**
     * Every problem of the {@code .drl} entries of {@code files} (relative path → UTF-8 text), sorted by file
     * and line; empty when the rules stay within the allow-list.
     *
     * @param loader resolves class names (never initializing a class); the loader the rules are compiled with
     * @param facts the package of the fact classes, which rules may use whole
     */
    public static List<RuleProblem> check(Map<String, byte[]> files, RuleSources.Limits limits, ClassLoader loader,
            String facts) {
        RuleSandbox sandbox = new RuleSandbox(loader, facts);
        List<Source> sources = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
            if (!f.getKey().endsWith(".drl")) {
                continue;
            }
            String text;
            try {
                text = RuleSources.decode(f.getValue());
            } catch (CharacterCodingException e) {
                sandbox.problem(f.getKey(), 0, "is not valid UTF-8; save the file as UTF-8");
                continue;
            }
            DrlTokens.Result lexed = DrlTokens.of(text);
            lexed.flaws().forEach(flaw -> sandbox.problem(f.getKey(), flaw.line(), flaw.message()));
            Source source = new Source(f.getKey(), lexed.tokens());
            sandbox.structure(source);
            sources.add(source);
        }
        for (Source source : sources) {
            sandbox.checkTokens(source);
        }
        sandbox.checkFunctionCycles();
        if (sandbox.rules > limits.maxRules()) {
            sandbox.problem(null, 0, "the rules folder defines " + sandbox.rules + " rules, more than the limit of "
                    + limits.maxRules() + "; merge or remove rules");
        }
        List<RuleProblem> out = new ArrayList<>(sandbox.problems);
        out.sort(Comparator.comparing(RuleProblem::file, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(RuleProblem::line));
        if (sandbox.moreProblems > 0) {
            out.add(new RuleProblem(null, 0, "and " + sandbox.moreProblems
                    + " more problems; fix the ones above first"));
        }
        return List.copyOf(out);
    }

    // ---- structure: package, imports, declarations, rules, queries, functions ----

    private void structure(Source s) {
        List<Token> t = s.t;
        // Imports, functions and rules are looked for everywhere, not only where this parser expects them, so
        // a reading of the file that differs from Drools' cannot hide one.
        for (int i = 0; i < t.size(); i++) {
            if (member(s, i)) {
                continue;
            }
            if (t.get(i).is("import")) {
                parseImport(s, i); // MVEL accepts imports inside code too
            } else if (t.get(i).is("function")) {
                parseFunction(s, i, true);
            } else if (t.get(i).is("rule") && (next(t, i).kind() == DrlTokens.Kind.STRING || next(t, i).ident())) {
                rules++;
            }
        }
        int i = 0;
        while (i < t.size()) {
            Token k = t.get(i);
            if (!k.ident() || s.skip[i]) {
                i++;
                continue;
            }
            switch (k.text()) {
                case "package" -> i = parsePackage(s, i);
                case "declare" -> i = parseDeclare(s, i);
                case "rule" -> i = parseRule(s, i);
                case "query" -> i = parseQuery(s, i);
                case "function" -> i = parseFunction(s, i, false); // recorded above; here its body is skipped
                default -> i++;
            }
        }
    }

    private int parsePackage(Source s, int i) {
        int end = qualifiedName(s.t, i + 1);
        StringBuilder name = new StringBuilder();
        for (int k = i; k < end; k++) {
            s.skip[k] = true;
            if (k > i) {
                name.append(s.t.get(k).text());
            }
        }
        s.pkg = name.toString();
        return end;
    }

    /** {@code import [static|function|accumulate] a.b.C[.*]}: allowed only for allowed types and packages. */
    private void parseImport(Source s, int i) {
        List<Token> t = s.t;
        int line = t.get(i).line();
        s.skip[i] = true;
        int k = i + 1;
        String kind = k < t.size() && (t.get(k).is("static") || t.get(k).is("function") || t.get(k).is("accumulate"))
                ? t.get(k).text() : "";
        if (!kind.isEmpty()) {
            s.skip[k++] = true;
        }
        int end = qualifiedName(t, k);
        StringBuilder name = new StringBuilder();
        for (int j = k; j < end; j++) {
            s.skip[j] = true;
            name.append(t.get(j).text());
        }
        boolean wildcard = end > k && end + 1 < t.size() && t.get(end).is(".") && t.get(end + 1).is("*");
        if (wildcard) {
            s.skip[end] = s.skip[end + 1] = true;
            name.append(".*");
            end += 2;
        }
        if (kind.equals("accumulate") && end < t.size() && t.get(end).ident() && t.get(end).line() == line) {
            s.skip[end] = true; // the accumulate function's name
        }
        String statement = kind.isEmpty() ? name.toString() : kind + " " + name;
        if (!kind.isEmpty()) {
            problem(s.file, line, "\"import " + shown(statement) + "\" is not allowed (" + switch (kind) {
                case "static" -> "call the method through its class, e.g. Math.max(a, b)";
                case "function" -> "declare the function in the rules folder";
                default -> "use the built-in accumulate functions";
            } + ")");
            return;
        }
        String dotted = name.toString();
        if (wildcard) {
            String pkg = dotted.substring(0, Math.max(0, dotted.length() - 2));
            s.wildcards.add(pkg);
            if (!pkg.equals(facts) && !WILDCARD_IMPORTS.contains(pkg)) {
                problem(s.file, line, "\"import " + shown(dotted) + "\" is not allowed; rules may import " + facts
                        + ".*, java.math.*, java.time.* and single allowed types (" + ALLOW_LIST + ")");
            }
            return;
        }
        Class<?> c = loadDotted(dotted);
        if (c == null || !allowed(c)) {
            problem(s.file, line, "\"import " + shown(dotted) + "\" is not allowed: it is not on the rule allow-list ("
                    + ALLOW_LIST + ")");
        }
        s.imports.put(dotted.substring(dotted.lastIndexOf('.') + 1), dotted);
    }

    /** {@code declare [trait|enum|window] Name ... end}: Name becomes a type the rules may use. */
    private int parseDeclare(Source s, int i) {
        List<Token> t = s.t;
        int k = i + 1;
        if (k < t.size() && (t.get(k).is("trait") || t.get(k).is("enum") || t.get(k).is("window"))) {
            s.skip[k++] = true;
        }
        if (k < t.size() && t.get(k).ident()) {
            declaredNames.add(t.get(k).text()); // a clash with a real class is resolved (and checked) as that class
        }
        return endOf(s, k);
    }

    private int parseRule(Source s, int i) {
        List<Token> t = s.t;
        nameOf(s, i + 1);
        int k = i + 2;
        boolean header = true;
        while (k < t.size() && !keyword(s, k, "then") && !keyword(s, k, "end")) {
            header &= !keyword(s, k, "when");
            if (header && keyword(s, k, "extends")) {
                nameOf(s, k + 1);
            }
            k++;
        }
        if (k < t.size() && keyword(s, k, "then")) {
            int end = k + 1;
            while (end < t.size() && !consequenceEnd(t, end)) {
                end++;
            }
            markStrict(s, k + 1, end);
            return end + 1;
        }
        return k + 1;
    }

    /**
     * What may follow the {@code end} of a consequence. Drools' DRL lexer (LexerHelper.isRhsDrlEnd) ends a
     * consequence only at an {@code end} followed by a delimiter, then (past semicolons, white space and
     * comments) by the end of the file or one of these words, so {@code int end = 5;} is Java. The sandbox
     * decides it the same way, token by token, and where it cannot tell it ends the consequence later, never
     * earlier: what Drools compiles as a consequence is checked as one. (Functions and rules are found
     * wherever they are, so ending a consequence late hides nothing.)
     */
    private static final Set<String> AFTER_CONSEQUENCE_END = Set.of("package", "unit", "import", "global", "declare",
            "function", "rule", "query", "salience", "enabled", "no-loop", "auto-focus", "lock-on-active",
            "agenda-group", "activation-group", "ruleflow-group", "date-effective", "date-expires", "dialect",
            "calendars", "timer", "duration");

    private static boolean consequenceEnd(List<Token> t, int k) {
        if (!t.get(k).is("end") || !delimiter(t.get(k).after())) {
            return false;
        }
        int next = k + 1;
        while (next < t.size() && t.get(next).is(";") && t.get(next).cleanGap()) {
            next++;
        }
        if (next == t.size()) {
            return true;
        }
        if (!t.get(next).cleanGap() || !t.get(next).ident()) {
            return false;
        }
        // A hyphenated attribute (no-loop) is one word to Drools: its parts must touch.
        StringBuilder word = new StringBuilder(t.get(next).text());
        int last = next;
        while (last + 2 < t.size() && t.get(last).after() == '-' && t.get(last + 1).is("-")
                && t.get(last + 1).after() == t.get(last + 2).text().codePointAt(0) && t.get(last + 2).ident()) {
            word.append('-').append(t.get(last + 2).text());
            last += 2;
        }
        return delimiter(t.get(last).after()) && AFTER_CONSEQUENCE_END.contains(word.toString());
    }

    /** The characters Drools' lexer takes as the end of a word when it looks for the end of a consequence. */
    private static boolean delimiter(int c) {
        return c == -1 || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private int parseQuery(Source s, int i) {
        nameOf(s, i + 1);
        return endOf(s, i + 2);
    }

    /**
     * {@code function Type name(params) { body }}: recorded for the call graph, and its body calls strictly.
     * Returns the index after the function.
     */
    private int parseFunction(Source s, int i, boolean record) {
        List<Token> t = s.t;
        int open = i + 1;
        while (open < t.size() && open - i <= MAX_HEADER && !t.get(open).is("(") && !t.get(open).is("{")) {
            open++;
        }
        if (open >= t.size() || !t.get(open).is("(") || !t.get(open - 1).ident() || open - 1 == i) {
            if (open - i > MAX_HEADER && record) {
                problem(s.file, t.get(i).line(), "this function's header is too long to read; shorten it");
            }
            return i + 1;
        }
        Token name = t.get(open - 1);
        int close = s.close(open);
        if (close + 1 >= t.size() || !t.get(close + 1).is("{")) {
            return close + 1;
        }
        int bodyEnd = s.close(close + 1);
        if (record) {
            functions.computeIfAbsent(name.text(), n -> new ArrayList<>())
                    .add(new Function(name.text(), s.file, name.line(), s, close + 2, bodyEnd));
            markStrict(s, close + 2, bodyEnd);
        }
        return bodyEnd + 1;
    }

    /** A rule or query name written as an identifier is a name, not code, unless code follows it. */
    private void nameOf(Source s, int k) {
        if (k < s.t.size() && s.t.get(k).ident()) {
            declaredNames.add(s.t.get(k).text());
            if (!(k + 1 < s.t.size() && (s.t.get(k + 1).is(".") || s.t.get(k + 1).is("(")))) {
                s.skip[k] = true;
            }
        }
    }

    /** Marks [from, to) as code where bare calls are checked, except inside {@code modify(x) { ... }} blocks. */
    private static void markStrict(Source s, int from, int to) {
        to = Math.min(to, s.t.size());
        int[] modifyDepth = new int[Math.max(0, to - from) + 1]; // +1 where a modify block opens, -1 where it closes
        for (int k = from; k < to && k + 1 < s.t.size(); k++) {
            if (s.t.get(k).is("modify") && s.t.get(k + 1).is("(")) {
                int close = s.close(k + 1);
                if (close + 1 < to && s.t.get(close + 1).is("{")) {
                    modifyDepth[close + 2 - from]++;
                    modifyDepth[Math.min(s.close(close + 1), to) - from]--;
                }
            }
        }
        int depth = 0;
        for (int k = from; k < to; k++) {
            depth += modifyDepth[k - from];
            s.strictCalls[k] = depth == 0; // inside modify(x) { ... } the fact's setters are called by bare name
        }
    }

    // ---- token checks ----

    private void checkTokens(Source s) {
        List<Token> t = s.t;
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            if (s.skip[i]) {
                continue;
            }
            if (k.is("->") || k.is("::")) {
                problem(s.file, k.line(), "lambdas and method references (\"" + k.text() + "\") are not allowed in"
                        + " rules; write the expression out");
            } else if (k.is("~") && next(t, i).is("=")) {
                problem(s.file, k.line(), "the MVEL regular expression operator (\"~=\") is not allowed: " + RUNAWAY);
            } else if (k.is("@") && i + 1 < t.size() && t.get(i + 1).is("{")) {
                problem(s.file, k.line(), "MVEL templates (\"@{\") are not allowed in rules");
            } else if (k.ident()) {
                checkIdentifier(s, i);
            }
        }
    }

    private void checkIdentifier(Source s, int i) {
        List<Token> t = s.t;
        Token k = t.get(i);
        String name = k.text();
        boolean member = member(s, i);
        String reason = DENIED_MEMBERS.get(name);
        if (reason != null && (member || !name.equals("class"))) {
            problem(s.file, k.line(), "\"" + name + "\" is not allowed in rules: " + reason);
        }
        if (name.equals("new")) {
            checkCreation(s, i); // also outer.new Inner() { ... }
            return;
        }
        if (name.equals("format") && next(t, i).is("(") && !arguments(s, i + 1).isEmpty()) {
            problem(s.file, k.line(), "\"format(...)\" is not allowed in rules: " + RUNAWAY + " (a width such as"
                    + " %100000000d is that many characters)");
        }
        if (member) {
            checkScaleArgument(s, i);
            return;
        }
        if (LOOPS.contains(name)) {
            problem(s.file, k.line(), "loops are not allowed in rules (\"" + name + "\"); express repetition as"
                    + " separate facts and rules");
        } else if (EXCEPTIONS.contains(name)) {
            problem(s.file, k.line(), "exception handling is not allowed in rules (\"" + name + "\"); a rule that"
                    + " fails is reported by the engine");
        } else if (LOW_LEVEL.contains(name)) {
            problem(s.file, k.line(), "\"" + name + "\" is not allowed in rules (threads and native code are off"
                    + " limits)");
        } else if (name.equals("assert")) {
            problem(s.file, k.line(), "\"assert\" is not allowed in rules; put the condition in the when part");
        } else if (TYPE_DECLARATIONS.contains(name) || (name.equals("record") && next(t, i).ident())) {
            problem(s.file, k.line(), "declaring classes in rule code is not allowed (\"" + name + "\"); use"
                    + " declare ... end for a data type");
        } else if (ENGINE_INTERNALS.contains(name) || name.endsWith("__Handle__") || name.indexOf('$', 1) > 0) {
            problem(s.file, k.line(), "\"" + shown(name) + "\" is an engine internal and is not allowed in rules; rules may"
                    + " use insert, update, modify, delete and kcontext.getRule().getName()");
        } else if (name.equals("typesafe")) {
            problem(s.file, k.line(), "\"@typesafe\" is not allowed: it turns off the type checks of constraints");
        } else if ((name.equals("init") || name.equals("action") || name.equals("reverse")) && next(t, i).is("(")) {
            problem(s.file, k.line(), "custom accumulate code (\"" + name + "(...)\") is not allowed; use the built-in"
                    + " accumulate functions (sum, count, min, max, average, collectList, collectSet)");
        } else if ((name.equals("then") || name.equals("break")) && next(t, i).is("[")) {
            problem(s.file, k.line(), "named consequences (\"" + name + "[...]\") are not allowed; write a separate"
                    + " rule");
        } else if (name.equals("global")) {
            problem(s.file, k.line(), "globals are not allowed (\"global\"): nothing provides them; put the value"
                    + " in a fact");
        } else if (name.equals("dialect")) {
            Token value = next(t, i);
            if (value.kind() == DrlTokens.Kind.STRING && !unquote(value.text()).equals("java")) {
                problem(s.file, k.line(), "dialect " + shown(value.text()) + " is not allowed; remove it to use the default"
                        + " java dialect, which the rule checks cover");
            }
        } else if (name.equals("kcontext")) {
            checkKcontext(s, i);
        } else if (!name.startsWith("$") && !name.equals("this") && !name.equals("super") && !annotation(s, i)
                && (!Character.isLowerCase(name.codePointAt(0)) || next(t, i).is(".") || s.createdType[i])) {
            resolve(s, i); // a lowercase name on its own is a variable, a field or a keyword: it names no class
        }
        if (s.strictCalls[i] && next(t, i).is("(") && !KEYWORDS.contains(name) && !HELPERS.contains(name)
                && !functions.containsKey(name) && !(i > 0 && t.get(i - 1).is("new"))) {
            problem(s.file, k.line(), "\"" + shown(name) + "(...)\" is neither a rule helper nor a function declared in the"
                    + " rules folder; rules may call insert, insertLogical, update, modify, delete, retract and their"
                    + " own functions");
        }
    }

    /**
     * kcontext (Drools' knowledge helper behind the RuleContext interface) may only give the rule's name, or be
     * the last argument of a static method of a fact class, which takes it as a RuleContext and reads the rule's
     * name. Anywhere else it could be stored in a fact, where an untyped MVEL constraint reaches the session.
     */
    private void checkKcontext(Source s, int i) {
        List<Token> t = s.t;
        String[] ruleName = {".", "getRule", "(", ")", ".", "getName", "(", ")"};
        boolean ok = i + ruleName.length < t.size();
        for (int k = 0; ok && k < ruleName.length; k++) {
            ok = t.get(i + 1 + k).is(ruleName[k]);
        }
        if (!ok && next(t, i).is(")")) {
            int open = s.enclosingParen[i];
            boolean staticCall = open >= 3 && t.get(open - 1).ident() && t.get(open - 2).is(".");
            Class<?> owner = staticCall ? classEndingAt(s, open - 3) : null;
            ok = owner != null && owner.getPackageName().equals(facts);
        }
        if (!ok) {
            problem(s.file, t.get(i).line(), "\"kcontext\" may only be the last argument of a fact method, as in"
                    + " Charge.audio(..., kcontext), or used as kcontext.getRule().getName()");
        }
    }

    /** The class named by the simple or dotted name that ends at token {@code end}, or null. */
    private Class<?> classEndingAt(Source s, int end) {
        List<Token> t = s.t;
        if (end < 0 || !t.get(end).ident()) {
            return null;
        }
        int start = end;
        while (start >= 2 && t.get(start - 1).is(".") && t.get(start - 2).ident()) {
            start -= 2;
        }
        if (start == end) {
            return resolveSimple(s, t.get(end).text());
        }
        StringBuilder dotted = new StringBuilder();
        for (int k = start; k <= end; k++) {
            dotted.append(t.get(k).text());
        }
        return loadDotted(dotted.toString());
    }

    /**
     * Resolves the name at {@code i} and the dotted chain it starts, as javac would: a simple name through
     * the imports, the DRL's package, the wildcard imports and java.lang; otherwise successive prefixes as fully
     * qualified names. A class must be on the allow-list; an unknown capitalized name is refused too.
     */
    private void resolve(Source s, int i) {
        List<Token> t = s.t;
        List<Integer> chain = new ArrayList<>(List.of(i));
        for (int j = i; j + 2 < t.size() && t.get(j + 1).is(".") && t.get(j + 2).ident(); j += 2) {
            chain.add(j + 2);
        }
        String first = t.get(i).text();
        boolean afterNew = s.createdType[i];
        if (afterNew && PRIMITIVES.contains(first)) {
            return;
        }
        Class<?> c = resolveSimple(s, first);
        int used = 1;
        StringBuilder written = new StringBuilder(first);
        if (c == null) {
            if (chain.size() > MAX_DOTTED) {
                problem(s.file, t.get(i).line(), "this dotted name has more than " + MAX_DOTTED + " parts, too many to"
                        + " check; shorten it");
                return;
            }
            StringBuilder fq = new StringBuilder(first);
            for (int k = 1; k < chain.size() && c == null; k++) {
                fq.append('.').append(t.get(chain.get(k)).text());
                c = load(fq.toString());
                used = k + 1;
            }
            if (c != null) {
                written = fq;
            }
        }
        int line = t.get(i).line();
        if (c == null) {
            boolean known = declaredNames.contains(first) || (functions.containsKey(first) && next(t, i).is("("));
            if (!known && (Character.isUpperCase(first.codePointAt(0)) || afterNew)) {
                problem(s.file, line, "\"" + shown(first) + "\" is not on the rule allow-list (" + ALLOW_LIST + "); if it is"
                        + " a variable, start its name with a lowercase letter");
            }
        } else if (!allowed(c)) {
            problem(s.file, line, "\"" + shown(written.toString()) + "\" is not on the rule allow-list (" + ALLOW_LIST + ")");
            return;
        } else {
            // Capitalized members of an allowed class may be nested classes (Map.Entry), which must be allowed too.
            for (int k = used; k < chain.size(); k++) {
                String member = t.get(chain.get(k)).text();
                Class<?> nested = Character.isUpperCase(member.codePointAt(0)) ? load(c.getName() + "$" + member)
                        : null;
                if (nested == null) {
                    break;
                }
                written.append('.').append(member);
                if (!allowed(nested)) {
                    problem(s.file, line, "\"" + shown(written.toString()) + "\" is not on the rule allow-list (" + ALLOW_LIST + ")");
                    return;
                }
                c = nested;
            }
        }
    }

    /**
     * {@code new [<T>] [@A] a.b.C[<T>] ...}: no arrays (one line could ask for gigabytes) and no anonymous classes
     * (their methods could call themselves). Marks where the type starts, for {@link #resolve}.
     */
    private void checkCreation(Source s, int at) {
        List<Token> t = s.t;
        int line = t.get(at).line();
        int k = skipTypeArguments(s, at + 1);
        while (k >= 0 && k + 1 < t.size() && t.get(k).is("@") && t.get(k + 1).ident()) {
            k = qualifiedName(t, k + 1); // a type annotation
            if (k < t.size() && t.get(k).is("(")) {
                k = s.close(k) + 1;
            }
        }
        if (k < 0 || k >= t.size() || !t.get(k).ident()) {
            return;
        }
        s.createdType[k] = true;
        String type = t.get(k).text();
        k = skipTypeArguments(s, qualifiedName(t, k));
        if (k < 0) {
            return;
        }
        if (k < t.size() && t.get(k).is("[")) {
            problem(s.file, line, "arrays (\"new " + shown(type) + "[...]\") are not allowed in rules; use a List");
        } else if (k < t.size() && t.get(k).is("(")) {
            int close = s.close(k);
            if (close + 1 < t.size() && t.get(close + 1).is("{")) {
                problem(s.file, line, "anonymous classes (\"new " + shown(type) + "(...) { ... }\") are not allowed in rules");
            }
            Class<?> created = classEndingAt(s, k - 1);
            if (created != null && LITERAL_ONLY.contains(created.getName())) {
                checkLiteralCreation(s, k, created.getSimpleName());
            }
        }
    }

    /**
     * {@code new BigDecimal("0.5")}, {@code new BigInteger("1000")}, {@code new MathContext(10)}: from literals only,
     * with at most {@value #MAX_SCALE} digits and an exponent of at most {@value #MAX_SCALE}. A number made from text
     * or from another value can carry any exponent ({@code new BigDecimal("1e999999999")} is one digit), and the
     * first arithmetic on it or printing it takes minutes; computed values are made with {@code BigDecimal.valueOf}.
     */
    private void checkLiteralCreation(Source s, int open, String type) {
        List<Token> t = s.t;
        List<int[]> args = arguments(s, open);
        int line = t.get(open).line();
        for (int a = 0; a < args.size(); a++) {
            int from = args.get(a)[0];
            int to = args.get(a)[1];
            String why = a == 0 ? literalNumber(t, from, to, type.equals("MathContext")) : laterArgument(t, from, to);
            if (why != null) {
                problem(s.file, line, "\"new " + type + "(...)\" takes " + why + " (as in new BigDecimal(\"0.01\"));"
                        + " a number read from text or computed can carry any exponent and run away with time or"
                        + " memory; use BigDecimal.valueOf(...) for a computed value");
                return;
            }
        }
    }

    /** Why tokens [from, to) are not one small literal number (a string for BigDecimal/BigInteger), or null. */
    private static String literalNumber(List<Token> t, int from, int to, boolean precision) {
        int k = from < to && t.get(from).is("-") ? from + 1 : from;
        if (k + 1 != to || (t.get(k).kind() != DrlTokens.Kind.NUMBER && t.get(k).kind() != DrlTokens.Kind.STRING)) {
            return "a number written out in the rule";
        }
        String text = t.get(k).kind() == DrlTokens.Kind.STRING ? unquote(t.get(k).text())
                : t.get(k).text().replace("_", "").replaceAll("[lLdDfF]$", "");
        if (text.length() > MAX_SCALE) {
            return "a number of at most " + MAX_SCALE + " characters";
        }
        java.math.BigDecimal value;
        try {
            value = new java.math.BigDecimal(text); // parsing is cheap whatever the exponent; using it is not
        } catch (NumberFormatException e) {
            return "a number written out in the rule";
        }
        if (value.scale() > MAX_SCALE || value.scale() < -MAX_SCALE
                || (precision && value.compareTo(java.math.BigDecimal.valueOf(MAX_SCALE)) > 0)) {
            return precision ? "a precision of at most " + MAX_SCALE
                    : "a number with an exponent of at most " + MAX_SCALE;
        }
        return null;
    }

    /** A later argument (a scale, a radix, a rounding): a small whole number or a constant such as RoundingMode.UP. */
    private static String laterArgument(List<Token> t, int from, int to) {
        boolean constant = to > from;
        for (int k = from; k < to && constant; k++) {
            constant = (k - from) % 2 == 0 ? t.get(k).ident() : t.get(k).is(".");
        }
        return constant || smallWholeNumber(t, from, to) ? null
                : "besides the number, only a whole number up to " + MAX_SCALE + " or a constant such as RoundingMode.UP";
    }

    /** Tokens [from, to) are a whole number from -{@value #MAX_SCALE} to {@value #MAX_SCALE}, written out. */
    private static boolean smallWholeNumber(List<Token> t, int from, int to) {
        int k = from < to && t.get(from).is("-") ? from + 1 : from;
        if (k + 1 != to || t.get(k).kind() != DrlTokens.Kind.NUMBER) {
            return false;
        }
        String digits = t.get(k).text().replace("_", "");
        return digits.matches("[0-9]{1,3}") && Integer.parseInt(digits) <= MAX_SCALE;
    }

    /**
     * {@code x.setScale(n, ...)}, {@code x.divide(y, n, ...)} and the other {@link #SCALE_ARGUMENTS}: the scale is
     * a whole number written out, at most {@value #MAX_SCALE}. {@code new BigDecimal("1").setScale(999999999)} is
     * a billion digits on one line.
     */
    private void checkScaleArgument(Source s, int i) {
        List<Token> t = s.t;
        Map<Integer, Integer> positions = SCALE_ARGUMENTS.get(t.get(i).text());
        if (positions == null || !next(t, i).is("(")) {
            return;
        }
        List<int[]> args = arguments(s, i + 1);
        Integer position = positions.get(args.size());
        if (position == null) {
            return;
        }
        int[] arg = args.get(position);
        if (!smallWholeNumber(t, arg[0], arg[1])) {
            String name = t.get(i).text();
            problem(s.file, t.get(i).line(), "the scale of \"" + name + "\" must be a whole number from -" + MAX_SCALE
                    + " to " + MAX_SCALE + " written in the rule, as in setScale(2, RoundingMode.HALF_UP): " + RUNAWAY);
        }
    }

    /** The token ranges [from, to) of the arguments of the call whose "(" is at {@code open}. */
    private static List<int[]> arguments(Source s, int open) {
        List<int[]> out = new ArrayList<>();
        int close = s.close(open);
        int from = open + 1;
        for (int k = open + 1; k < close; k++) {
            Token token = s.t.get(k);
            if ((token.is("(") || token.is("[") || token.is("{")) && s.partner[k] > k) {
                k = s.partner[k];
            } else if (token.is(",")) {
                out.add(new int[] {from, k});
                from = k + 1;
            }
        }
        if (close > open + 1) {
            out.add(new int[] {from, close});
        }
        return out;
    }

    /** The index after {@code <...>} at {@code k} (or {@code k} if there is none); -1, reported, if it never closes. */
    private int skipTypeArguments(Source s, int k) {
        List<Token> t = s.t;
        if (k >= t.size() || !t.get(k).is("<")) {
            return k;
        }
        int depth = 0;
        for (int j = k; j < t.size() && j - k <= MAX_HEADER; j++) {
            depth += t.get(j).is("<") ? 1 : t.get(j).is(">") ? -1 : 0;
            if (depth == 0) {
                return j + 1;
            }
        }
        problem(s.file, t.get(k).line(), "type arguments (\"<...>\") that are too long to read; shorten them");
        return -1;
    }

    /**
     * A simple name as javac resolves it. A lowercase name is looked up in the DRL's own package only: java.lang
     * and the packages an import may take whole hold no lowercase class, and a refused import refuses the file.
     */
    private Class<?> resolveSimple(Source s, String name) {
        String imported = s.imports.get(name);
        if (imported != null) {
            return loadDotted(imported);
        }
        Class<?> c = load(s.pkg.isEmpty() ? name : s.pkg + "." + name);
        if (Character.isLowerCase(name.codePointAt(0))) {
            return c;
        }
        for (int k = 0; c == null && k < s.wildcards.size(); k++) {
            c = load(s.wildcards.get(k) + "." + name);
        }
        return c != null ? c : load("java.lang." + name);
    }

    /** A dotted name that may end in nested classes: a.b.C.D is tried as a.b.C.D, then a.b.C$D, then a.b$C$D. */
    private Class<?> loadDotted(String dotted) {
        String name = dotted;
        while (true) {
            Class<?> c = load(name);
            int dot = name.lastIndexOf('.');
            if (c != null || dot < 0) {
                return c;
            }
            name = name.substring(0, dot) + "$" + name.substring(dot + 1);
        }
    }

    /**
     * Loads without initializing, so no static initializer of a named class ever runs here. A miss can cost a
     * scan of the whole class path, so the number of distinct names looked up is bounded.
     */
    private Class<?> load(String name) {
        Optional<Class<?>> known = classes.get(name);
        if (known != null) {
            return known.orElse(null);
        }
        if (classes.size() >= MAX_CLASS_LOOKUPS) {
            // Refused anyway (see the problem below); what this name is no longer matters.
            if (classes.size() == MAX_CLASS_LOOKUPS) {
                classes.put("", Optional.empty());
                problems.add(new RuleProblem(null, 0, "the rules use more than " + MAX_CLASS_LOOKUPS + " distinct"
                        + " names of classes or dotted expressions, too many to check; simplify the rules"));
            }
            return null;
        }
        return classes.computeIfAbsent(name, n -> {
            try {
                return Optional.of(Class.forName(n, false, loader));
            } catch (ClassNotFoundException e) {
                return Optional.empty();
            } catch (LinkageError e) {
                // The class exists but cannot be linked here: certainly not on the allow-list.
                return Optional.of(LinkageError.class);
            }
        }).orElse(null);
    }

    private boolean allowed(Class<?> c) {
        return c.getPackageName().equals(facts) || ALLOWED_TYPES.contains(c.getName());
    }

    // ---- functions that call each other in a cycle ----

    /** Tarjan's strongly connected components, iteratively, so a long call chain cannot overflow the stack. */
    private void checkFunctionCycles() {
        List<String> names = new ArrayList<>(functions.keySet());
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            index.put(names.get(k), k);
        }
        List<List<Integer>> calls = new ArrayList<>();
        boolean[] callsItself = new boolean[names.size()];
        for (int k = 0; k < names.size(); k++) {
            Set<Integer> out = new LinkedHashSet<>();
            for (Function f : functions.get(names.get(k))) {
                List<Token> t = f.source().t;
                for (int j = f.bodyFrom(); j < f.bodyTo(); j++) {
                    // Any call by a function's name counts, even as x.name(...): a function is also Class.name(...).
                    Integer callee = t.get(j).ident() && next(t, j).is("(") ? index.get(t.get(j).text()) : null;
                    if (callee != null) {
                        out.add(callee);
                        callsItself[k] |= callee == k;
                    }
                }
            }
            calls.add(new ArrayList<>(out));
        }
        int n = names.size();
        int[] order = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        java.util.Arrays.fill(order, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        int counter = 0;
        for (int root = 0; root < n; root++) {
            if (order[root] >= 0) {
                continue;
            }
            Deque<int[]> work = new ArrayDeque<>(); // {node, next edge}
            work.push(new int[] {root, 0});
            order[root] = low[root] = counter++;
            stack.push(root);
            onStack[root] = true;
            while (!work.isEmpty()) {
                int[] frame = work.peek();
                int v = frame[0];
                if (frame[1] < calls.get(v).size()) {
                    int w = calls.get(v).get(frame[1]++);
                    if (order[w] < 0) {
                        order[w] = low[w] = counter++;
                        stack.push(w);
                        onStack[w] = true;
                        work.push(new int[] {w, 0});
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], order[w]);
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    int parent = work.peek()[0];
                    low[parent] = Math.min(low[parent], low[v]);
                }
                if (low[v] == order[v]) {
                    List<String> component = new ArrayList<>();
                    int w;
                    do {
                        w = stack.pop();
                        onStack[w] = false;
                        component.add(names.get(w));
                    } while (w != v);
                    if (component.size() > 1 || callsItself[v]) {
                        reportCycle(component);
                    }
                }
            }
        }
    }

    private void reportCycle(List<String> component) {
        component.sort(Comparator.naturalOrder());
        Function first = component.stream().flatMap(n -> functions.get(n).stream())
                .min(Comparator.comparing(Function::file).thenComparingInt(Function::line)).orElseThrow();
        List<String> named = component.stream().limit(5).map(n -> "\"" + shown(n) + "\"").toList();
        String what = component.size() == 1 ? "function " + named.get(0) + " calls itself"
                : "functions " + String.join(", ", named) + (component.size() > 5 ? " and " + (component.size() - 5)
                        + " more" : "") + " call each other in a cycle";
        problem(first.file(), first.line(), what + "; a rule function must not call itself, directly or through"
                + " other functions");
    }

    // ---- helpers ----

    private void problem(String file, int line, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new RuleProblem(file, line, message));
        } else {
            moreProblems++;
        }
    }

    private static boolean member(Source s, int i) {
        List<Token> t = s.t;
        return i > 0 && (t.get(i - 1).is(".") || (t.get(i - 1).is("?") && i > 1 && t.get(i - 2).is(".")));
    }

    /** An annotation such as {@code @role(event)} or {@code @watch(area)}: Drools metadata, not code. */
    private static boolean annotation(Source s, int i) {
        List<Token> t = s.t;
        return i > 0 && t.get(i - 1).is("@") && Character.isLowerCase(t.get(i).text().codePointAt(0))
                && !next(t, i).is(".");
    }

    private static boolean keyword(Source s, int k, String word) {
        return s.t.get(k).is(word) && !member(s, k);
    }

    /** The index after the {@code end} that closes a block starting at {@code from}. */
    private static int endOf(Source s, int from) {
        int k = from;
        while (k < s.t.size() && !keyword(s, k, "end")) {
            k++;
        }
        return k + 1;
    }

    private static int qualifiedName(List<Token> t, int from) {
        int k = from;
        if (k < t.size() && t.get(k).ident()) {
            k++;
            while (k + 1 < t.size() && t.get(k).is(".") && t.get(k + 1).ident()) {
                k += 2;
            }
        }
        return k;
    }

    private static final Token NONE = new Token(DrlTokens.Kind.OP, "", 0);

    private static Token next(List<Token> t, int i) {
        return i + 1 < t.size() ? t.get(i + 1) : NONE;
    }

    /**
     * Rule text quoted in a message: short and on one line, since messages go to logs and over HTTP and a name
     * can be as long as the file.
     */
    static String shown(String text) {
        String oneLine = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    private static String unquote(String literal) {
        return literal.length() >= 2 ? literal.substring(1, literal.length() - 1) : literal;
    }
}
