package rtc.pricing.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every rule set that has served, by version, with its files, so that usage can be priced again exactly as it
 * was (a bill reproduced by the rules it was priced with). Kept on disk, one JSON file per version, so the
 * history outlives restarts; the compiled rule sets of the last few versions asked for are kept in memory.
 * A past version is compiled again from its files (after the sandbox, never trusting the disk), one at a time.
 */
public final class RuleHistory {

    private static final Logger LOG = Logger.getLogger(RuleHistory.class);
    /** Versions are the first 16 hex digits of a SHA-256: nothing else is ever a file name here. */
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");

    /** A version that served: since when, and what it was made of (relative path → UTF-8 text). */
    public record Entry(String version, Instant servedAt, SortedMap<String, String> files) {
    }

    private final Path dir;
    private final RuleCompiler compiler;
    private final int cached;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Entry> memory = new ConcurrentHashMap<>();
    private final Map<String, RuleSet> compiled;

    /**
     * @param dir where versions are kept; null keeps them in memory only
     * @param cached how many compiled past versions to keep
     */
    public RuleHistory(Path dir, RuleCompiler compiler, int cached) {
        this.dir = dir;
        this.compiler = compiler;
        this.cached = cached;
        this.compiled = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RuleSet> eldest) {
                return size() > RuleHistory.this.cached;
            }
        };
    }

    public static boolean isVersion(String text) {
        return text != null && VERSION.matcher(text).matches();
    }

    /** Remembers a rule set that now serves (once per version; the first time it served is kept). */
    public void record(RuleSet rules) {
        if (entry(rules.version()).isPresent()) {
            return;
        }
        SortedMap<String, String> files = new TreeMap<>();
        rules.sources().forEach((path, bytes) -> files.put(path, new String(bytes, StandardCharsets.UTF_8)));
        Entry entry = new Entry(rules.version(), rules.loadedAt(), files);
        memory.put(entry.version(), entry);
        synchronized (compiled) {
            compiled.put(rules.version(), rules);
        }
        if (dir != null) {
            write(entry);
        }
    }

    public Optional<Entry> entry(String version) {
        if (!isVersion(version)) {
            return Optional.empty();
        }
        Entry entry = memory.get(version);
        if (entry == null && dir != null) {
            entry = read(dir.resolve(version + ".json"));
            if (entry != null && entry.version().equals(version)) {
                memory.put(version, entry);
            }
        }
        return Optional.ofNullable(entry);
    }

    /** Every version kept, the newest first. */
    public List<Entry> versions() {
        Map<String, Entry> all = new TreeMap<>(memory);
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                        .map(n -> n.substring(0, n.length() - 5)).filter(RuleHistory::isVersion)
                        .forEach(v -> entry(v).ifPresent(e -> all.put(v, e)));
            } catch (IOException e) {
                LOG.warnf("Cannot list the rules history in %s: %s", dir, e.getMessage());
            }
        }
        List<Entry> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparing(Entry::servedAt).reversed());
        return out;
    }

    /** The compiled rule set of a version that served, or empty if none with that version ever did. */
    public Optional<RuleSet> ruleSet(String version) {
        synchronized (compiled) { // one compile at a time, whoever asks
            RuleSet known = compiled.get(version);
            if (known != null) {
                return Optional.of(known);
            }
            Optional<Entry> entry = entry(version);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            Map<String, byte[]> files = new TreeMap<>();
            entry.get().files().forEach((path, text) -> files.put(path, text.getBytes(StandardCharsets.UTF_8)));
            if (!RuleCompiler.version(files).equals(version)
                    || !RuleSandbox.check(files, RuleSources.Limits.DEFAULT, compiler.factClassLoader()).isEmpty()) {
                LOG.errorf("The rules history entry %s does not match its version or fails the sandbox; not used",
                        version);
                return Optional.empty();
            }
            RuleCompiler.Result result = compiler.compile(files);
            if (!result.ok()) {
                LOG.errorf("The rules history entry %s no longer compiles: %s", version, result.problems());
                return Optional.empty();
            }
            compiled.put(version, result.ruleSet());
            return Optional.of(result.ruleSet());
        }
    }

    private void write(Entry entry) {
        try {
            Files.createDirectories(dir);
            ObjectNode node = json.createObjectNode().put("version", entry.version())
                    .put("servedAt", entry.servedAt().toString());
            ObjectNode files = node.putObject("files");
            entry.files().forEach(files::put);
            Path tmp = Files.createTempFile(dir, entry.version(), ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node);
            Files.move(tmp, dir.resolve(entry.version() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("Cannot keep rules version %s in %s (%s); it is kept in memory until a restart",
                    entry.version(), dir, e.getMessage());
        }
    }

    private Entry read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = json.readTree(file.toFile());
            SortedMap<String, String> files = new TreeMap<>();
            node.path("files").fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asText()));
            return new Entry(node.path("version").asText(), Instant.parse(node.path("servedAt").asText()), files);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot read rules history file %s: %s", file.getFileName(), e.getMessage());
            return null;
        }
    }
}
