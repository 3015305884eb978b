package rtc.pricing.rules;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.kie.api.KieBase;

/**
 * One compiled, immutable set of pricing rules. A quote takes the rule set once and uses it to the end, so a
 * reload never changes the rules under a request in flight.
 */
public final class RuleSet {

    /** A rule file and the names of the rules it defines. */
    public record RuleFile(String file, List<String> rules) {
    }

    private final KieBase kieBase;
    private final String version;
    private final Instant loadedAt;
    private final SortedMap<String, byte[]> sources;
    private final List<RuleFile> files;
    private final ConcurrentHashMap<String, Object> derived = new ConcurrentHashMap<>();

    RuleSet(KieBase kieBase, String version, Instant loadedAt, Map<String, byte[]> sources, List<RuleFile> files) {
        this.kieBase = kieBase;
        this.version = version;
        this.loadedAt = loadedAt;
        this.sources = Collections.unmodifiableSortedMap(new TreeMap<>(sources));
        this.files = List.copyOf(files);
    }

    /** A fresh session bounded by {@code budget}; the caller closes it. */
    public BudgetedSession newSession(RuleBudget budget) {
        return newSession(budget, null);
    }

    /** As {@link #newSession(RuleBudget)}, telling {@code firedRules} the name of every rule that fires. */
    public BudgetedSession newSession(RuleBudget budget, Consumer<String> firedRules) {
        return new BudgetedSession(kieBase.newKieSession(), budget, firedRules);
    }

    /** Content hash of the rules folder — DRL files and their examples (SHA-256, hex, first 16 characters). */
    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /**
     * The files this rule set was built from (relative path → content, DRL and example JSON), as they were
     * read once: checks never read the folder again, so what was checked is what serves. Do not modify the arrays.
     */
    public SortedMap<String, byte[]> sources() {
        return sources;
    }

    public List<RuleFile> files() {
        return files;
    }

    /**
     * A value computed from these rules alone (e.g. the price list), computed once and kept with them, so it
     * is dropped with the rule set and never outlives a reload.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(String key, Function<RuleSet, T> compute) {
        return (T) derived.computeIfAbsent(key, k -> compute.apply(this));
    }

    /** The 1-based line where a rule is declared ({@code rule "name"}), or 0 if it cannot be found. */
    public int lineOf(String ruleName) {
        String file = fileOf(ruleName);
        byte[] content = file == null ? null : sources.get(file);
        if (content == null) {
            return 0;
        }
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        int at = text.indexOf("rule \"" + ruleName + "\"");
        return at < 0 ? 0 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /**
     * The line, within the declaration of a rule, of the first mention of {@code needle} (e.g. one row of a
     * table the rule states); the rule's own line if there is none.
     */
    public int lineOf(String ruleName, String needle) {
        int ruleLine = lineOf(ruleName);
        byte[] content = ruleLine == 0 ? null : sources.get(fileOf(ruleName));
        if (content == null) {
            return ruleLine;
        }
        List<String> lines = new String(content, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        for (int i = ruleLine - 1; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
            if (i > ruleLine - 1 && lines.get(i).strip().startsWith("rule ")) {
                break;
            }
        }
        return ruleLine;
    }

    /** The file that defines a rule, or null if no file does. */
    public String fileOf(String ruleName) {
        return files.stream().filter(f -> f.rules().contains(ruleName)).map(RuleFile::file).findFirst().orElse(null);
    }
}
