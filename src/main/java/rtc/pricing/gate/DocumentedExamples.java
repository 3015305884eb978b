package rtc.pricing.gate;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.gate.ExampleKind;
import rtc.pricing.gate.NormativeExamples;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.quote.Quote;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteRequest;
import rtc.pricing.rules.RuleCheck;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.rules.RuleSources;
import rtc.pricing.settle.Money;

/**
 * The documented examples of the policy (and our own cases, one per clause), kept as data next to the rules
 * in {@code examples/*.json} and replayed against a rule set. The reload gate runs them on every candidate,
 * so an edit that breaks one never serves; the test suite replays the same files.
 *
 * <p>A file holds {@code id}, {@code title}, {@code source}, the {@code request} exactly as a client would send
 * it, and {@code expect}, any of:
 * <ul>
 * <li>{@code total} — the quote's total;</li>
 * <li>{@code lines} — every settlement line, matched on date/service/category/tier/mode/codec, then compared
 * on the other fields the expectation names;</li>
 * <li>{@code byUser} — base-service attribution amounts summed per userId;</li>
 * <li>{@code byInput} — recording/transcoding attribution amounts summed per "taskId/streamId"
 * ("taskId/*" for the task-wide entries);</li>
 * <li>{@code attribution} — entries that must be present (compared on the fields named);</li>
 * <li>{@code errors} — the request must be refused as input, naming at least these pointers.</li>
 * </ul>
 * Decimal strings compare by value ("2.1" equals "2.10"); an expected array is contained in the actual one.
 */
public final class DocumentedExamples implements RuleCheck {

    /**
     * One example file: a quote ({@code request} and {@code expect}), or, with {@code check} naming an
     * {@link ExampleKind}, a question in {@code given} and {@code when} with its answer in {@code then}.
     */
    public record Example(String file, String id, String title, String check, JsonNode node) {

        public JsonNode request() {
            return node.get("request");
        }

        public JsonNode expect() {
            return node.path("expect");
        }

        public JsonNode given() {
            return node.path("given");
        }

        public JsonNode when() {
            return node.path("when");
        }

        public JsonNode then() {
            return node.path("then");
        }

        /** What the example asks, whatever it expects: pinned by hash for the normative examples. */
        public JsonNode question() {
            if (check.equals(QUOTE)) {
                return request();
            }
            com.fasterxml.jackson.databind.node.ObjectNode q = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode();
            q.put("check", check);
            q.set("given", given());
            q.set("when", when());
            return q;
        }

        @Override
        public String toString() {
            return id + " (" + file + ")";
        }
    }

    /** The {@code check} of a quote example (files with a {@code request} and no {@code check}). */
    public static final String QUOTE = "quote";
    public static final String FOLDER = "examples";
    private static final List<String> LINE_KEY = List.of("service", "category", "tier", "mode", "codec");

    private final QuoteEngine engine;
    private final ObjectMapper json;
    private final NormativeExamples normative;
    private final Map<String, ExampleKind> kinds = new LinkedHashMap<>();

    /** Quote examples only. */
    public DocumentedExamples(QuoteEngine engine, ObjectMapper json) {
        this(engine, json, NormativeExamples.load(json), List.of());
    }

    public DocumentedExamples(QuoteEngine engine, ObjectMapper json, List<ExampleKind> kinds) {
        this(engine, json, NormativeExamples.load(json), kinds);
    }

    public DocumentedExamples(QuoteEngine engine, ObjectMapper json, NormativeExamples normative,
            List<ExampleKind> kinds) {
        this.engine = engine;
        this.json = json;
        this.normative = normative;
        kinds.forEach(k -> this.kinds.put(k.name(), k));
    }

    @Override
    public String name() {
        return "documented examples";
    }

    /**
     * Replays every example; then checks that the normative examples are all there, unchanged in what they ask,
     * and that every rule is exercised by some example, so no rule reaches a customer unpinned.
     */
    @Override
    public List<RuleProblem> check(RuleSet candidate) {
        List<RuleProblem> problems = new ArrayList<>();
        List<Example> examples;
        try {
            examples = load(candidate.sources());
        } catch (IllegalArgumentException e) {
            return List.of(new RuleProblem(null, 0, e.getMessage()));
        }
        // The rules that state the catalogue run when it is read, and the catalogue check validates what they state.
        Set<String> exercised = new HashSet<>(RuleCatalogue.of(candidate, engine.budget()).statingRules());
        for (Example example : examples) {
            for (String mismatch : verify(example, candidate, exercised)) {
                problems.add(new RuleProblem(example.file(), 0, example.id() + ": " + mismatch));
            }
        }
        problems.addAll(normative.check(examples, json));
        for (RuleSet.RuleFile file : candidate.files()) {
            for (String rule : file.rules()) {
                if (!exercised.contains(rule)) {
                    problems.add(new RuleProblem(file.file(), candidate.lineOf(rule), "rule \"" + rule
                            + "\" is exercised by no example: add one to examples/ that fires it, so a later"
                            + " edit cannot change what it does unnoticed"));
                }
            }
        }
        return problems;
    }

    /** Every example file of a rules folder, sorted by file name. */
    public List<Example> load(Path rulesFolder) {
        return load(RuleSources.read(rulesFolder, RuleSources.Limits.DEFAULT).files());
    }

    /** Every {@code examples/*.json} of a rules snapshot, sorted by file name. */
    public List<Example> load(Map<String, byte[]> sources) {
        List<Example> out = new ArrayList<>();
        sources.forEach((path, content) -> {
            boolean example = path.startsWith(FOLDER + "/") && path.endsWith(".json")
                    && path.indexOf('/', FOLDER.length() + 1) < 0;
            if (!example) {
                return;
            }
            JsonNode node;
            try {
                node = json.readTree(content);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                throw new IllegalArgumentException(path + ":" + line
                        + ": not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (IOException e) {
                throw new IllegalArgumentException(path + ": cannot be read");
            }
            String name = path.substring(FOLDER.length() + 1);
            out.add(new Example(path, node.path("id").asText(name), node.path("title").asText(""),
                    node.path("check").asText(QUOTE), node));
        });
        return out;
    }

    /** Prices the example with the rule set; returns what differs from its expectation (empty: it reproduces). */
    public List<String> verify(Example example, RuleSet rules) {
        return verify(example, rules, new HashSet<>());
    }

    /** As {@link #verify(Example, RuleSet)}, adding to {@code exercised} every rule the example fires or names. */
    private List<String> verify(Example example, RuleSet rules, Set<String> exercised) {
        if (!example.check().equals(QUOTE)) {
            ExampleKind kind = kinds.get(example.check());
            if (kind == null) {
                return List.of("\"check\": \"" + example.check() + "\" is no kind of example; the kinds are "
                        + QUOTE + " (a request and expect) and " + kinds.keySet());
            }
            if (example.then().isMissingNode() || example.then().isEmpty()) {
                return List.of("expects nothing: say what the answer is in \"then\"");
            }
            return kind.verify(example, rules, exercised);
        }
        if (example.request() == null) {
            return List.of("has no request");
        }
        if (!example.expect().has("total") && !example.expect().has("errors") && !example.expect().has("lines")) {
            return List.of("expects nothing: give at least its total, lines or input errors");
        }
        JsonNode expectedErrors = example.expect().get("errors");
        Quote quote;
        try {
            quote = engine.quote(QuoteRequest.read(example.request()), rules, exercised::add);
        } catch (RuntimeException e) {
            if (!(e instanceof InputException input)) {
                return List.of("pricing failed: " + describe(e));
            }
            return inputErrors(input, expectedErrors);
        }
        quote.lines().forEach(l -> exercised.addAll(l.rules()));
        quote.attribution().forEach(a -> exercised.addAll(a.rules()));
        if (expectedErrors != null) {
            return List.of("expected input errors " + expectedErrors + ", but it was priced at " + quote.total());
        }
        return compare(quote, example.expect());
    }

    /** Our own exceptions say what went wrong; anything else is named by type only (its text may carry data). */
    public static String describe(RuntimeException e) {
        if (e instanceof RulesDefectException || e instanceof RuleBudgetExceededException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    public static List<String> inputErrors(InputException e, JsonNode expectedErrors) {
        if (expectedErrors == null) {
            return List.of("expected a price, got input errors " + e.errors());
        }
        List<String> mismatches = new ArrayList<>();
        for (JsonNode expected : expectedErrors) {
            String pointer = expected.path("pointer").asText();
            if (e.errors().stream().map(FieldError::pointer).noneMatch(pointer::equals)) {
                mismatches.add("expected an input error at " + pointer + ", got " + e.errors());
            }
        }
        return mismatches;
    }

    private List<String> compare(Quote quote, JsonNode expect) {
        List<String> mismatches = new ArrayList<>();
        JsonNode actual = json.valueToTree(quote);
        if (expect.has("total") && !sameValue(expect.get("total"), actual.get("total"))) {
            mismatches.add("total expected " + expect.get("total").asText() + ", got " + quote.total());
        }
        if (expect.has("lines")) {
            compareLines((ArrayNode) expect.get("lines"), (ArrayNode) actual.get("lines"), mismatches);
        }
        if (expect.has("byUser")) {
            compareSums("user", expect.get("byUser"), sums(actual, true), mismatches);
        }
        if (expect.has("byInput")) {
            compareSums("input", expect.get("byInput"), sums(actual, false), mismatches);
        }
        for (JsonNode wanted : expect.path("attribution")) {
            boolean found = false;
            for (JsonNode entry : actual.get("attribution")) {
                found |= contains(wanted, entry);
            }
            if (!found) {
                mismatches.add("attribution expected an entry with " + wanted + ", got " + near(wanted, actual));
            }
        }
        return mismatches;
    }

    private static void compareLines(ArrayNode expected, ArrayNode actual, List<String> mismatches) {
        List<JsonNode> unmatched = new ArrayList<>();
        actual.forEach(unmatched::add);
        for (JsonNode want : expected) {
            JsonNode match = null;
            for (JsonNode line : unmatched) {
                if (sameLine(want, line)) {
                    match = line;
                    break;
                }
            }
            if (match == null) {
                List<String> got = new ArrayList<>();
                actual.forEach(l -> got.add(describe(l) + " " + l.path("amount").asText()));
                mismatches.add("line " + describe(want) + " expected, got no such line; the lines are " + got);
                continue;
            }
            unmatched.remove(match);
            Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!f.getKey().equals("date") && !LINE_KEY.contains(f.getKey())
                        && !contains(f.getValue(), match.get(f.getKey()))) {
                    mismatches.add("line " + describe(want) + ": " + f.getKey() + " expected " + f.getValue()
                            + ", got " + match.get(f.getKey()));
                }
            }
        }
        for (JsonNode extra : unmatched) {
            mismatches.add("unexpected line " + describe(extra) + " amount " + extra.path("amount").asText());
        }
    }

    private static boolean sameLine(JsonNode want, JsonNode line) {
        if (want.has("date") && !want.get("date").asText().equals(line.path("date").asText())) {
            return false;
        }
        for (String k : LINE_KEY) {
            JsonNode w = want.get(k);
            JsonNode a = line.get(k);
            String ws = w == null || w.isNull() ? null : w.asText();
            String as = a == null || a.isNull() ? null : a.asText();
            if (!Objects.equals(ws, as)) {
                return false;
            }
        }
        return true;
    }

    /** The entries of the same user (base service) or task and stream as the wanted one, in short. */
    private static List<String> near(JsonNode wanted, JsonNode quote) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : quote.get("attribution")) {
            boolean same = wanted.has("userId") ? e.path("userId").asText().equals(wanted.path("userId").asText())
                    : !wanted.has("taskId") || e.path("taskId").asText().equals(wanted.path("taskId").asText());
            if (same) {
                out.add(e.path("userId").asText(e.path("taskId").asText()) + " " + e.path("category").asText()
                        + (e.path("tier").isTextual() ? " " + e.path("tier").asText() : "")
                        + (e.path("streamId").isTextual() ? " " + e.path("streamId").asText() : "") + " "
                        + e.path("amount").asText() + " " + e.path("rules"));
            }
        }
        return out;
    }

    private static String describe(JsonNode line) {
        StringBuilder s = new StringBuilder();
        if (line.has("date")) {
            s.append(line.get("date").asText()).append(' ');
        }
        for (String k : LINE_KEY) {
            JsonNode v = line.get(k);
            if (v != null && !v.isNull()) {
                s.append(v.asText()).append(' ');
            }
        }
        return s.toString().trim();
    }

    private static Map<String, BigDecimal> sums(JsonNode quote, boolean byUser) {
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        for (JsonNode e : quote.get("attribution")) {
            boolean base = "BASE".equals(e.path("service").asText());
            if (base != byUser) {
                continue;
            }
            String key = byUser ? e.path("userId").asText()
                    : e.path("taskId").asText() + "/" + (e.path("streamId").isNull() || !e.has("streamId") ? "*"
                            : e.path("streamId").asText());
            sums.merge(key, new BigDecimal(e.path("amount").asText()), BigDecimal::add);
        }
        return sums;
    }

    private static void compareSums(String what, JsonNode expected, Map<String, BigDecimal> actual,
            List<String> mismatches) {
        expected.fields().forEachRemaining(f -> {
            BigDecimal got = actual.get(f.getKey());
            if (got == null || got.compareTo(new BigDecimal(f.getValue().asText())) != 0) {
                mismatches.add(what + " " + f.getKey() + " expected " + f.getValue().asText() + ", got "
                        + (got == null ? "nothing" : Money.format(got)));
            }
        });
        actual.keySet().stream().filter(k -> !expected.has(k))
                .forEach(k -> mismatches.add(what + " " + k + " unexpected, amount " + Money.format(actual.get(k))));
    }

    /** Whether {@code actual} holds what {@code expected} names: object fields recursively, arrays as subsets. */
    public static boolean contains(JsonNode expected, JsonNode actual) {
        if (expected == null || expected.isNull()) {
            return actual == null || actual.isNull();
        }
        if (actual == null) {
            return false;
        }
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!contains(f.getValue(), actual.get(f.getKey()))) {
                    return false;
                }
            }
            return actual.isObject();
        }
        if (expected.isArray()) {
            for (JsonNode want : expected) {
                boolean found = false;
                for (JsonNode a : actual) {
                    found |= contains(want, a);
                }
                if (!found) {
                    return false;
                }
            }
            return actual.isArray();
        }
        return sameValue(expected, actual);
    }

    public static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (actual == null || actual.isNull()) {
            return false;
        }
        try {
            return new BigDecimal(expected.asText()).compareTo(new BigDecimal(actual.asText())) == 0;
        } catch (NumberFormatException e) {
            return expected.asText().equals(actual.asText());
        }
    }
}
