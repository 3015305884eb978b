package rtc.pricing.rules;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

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
    private final Path folder;
    private final List<RuleFile> files;
    private final ConcurrentHashMap<String, Object> derived = new ConcurrentHashMap<>();

    RuleSet(KieBase kieBase, String version, Instant loadedAt, Path folder, List<RuleFile> files) {
        this.kieBase = kieBase;
        this.version = version;
        this.loadedAt = loadedAt;
        this.folder = folder;
        this.files = List.copyOf(files);
    }

    /** A fresh session; the caller disposes it. */
    public KieSession newSession() {
        return kieBase.newKieSession();
    }

    /** Content hash of the rules folder — DRL files and their examples (SHA-256, hex, first 16 characters). */
    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** The folder the rules were compiled from; the documented examples live there too. */
    public Path folder() {
        return folder;
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

    /** The file that defines a rule, or null if no file does. */
    public String fileOf(String ruleName) {
        return files.stream().filter(f -> f.rules().contains(ruleName)).map(RuleFile::file).findFirst().orElse(null);
    }
}
