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
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.problem.RulesBusyException;

/**
 * Every rule set that has served, by version, with its files, so that usage can be priced again exactly as it
 * was (a bill reproduced by the rules it was priced with). Kept on disk, one JSON file per version, so the
 * history outlives restarts; only the list of versions and the compiled rule sets of the last few versions asked
 * for are kept in memory. A past version is compiled again from its files (after a hash check and the sandbox,
 * never trusting the disk), one at a time: a request that would wait for another's compile is told to retry.
 */
public final class RuleHistory {

    private static final Logger LOG = Logger.getLogger(RuleHistory.class);
    /** Versions are the first 16 hex digits of a SHA-256: nothing else is ever a file name here. */
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");

    /** A version that served: since when, and what it was made of (relative path → UTF-8 text). */
    public record Entry(String version, Instant servedAt, SortedMap<String, String> files) {
    }

    /** A version that served, and since when. */
    public record Summary(String version, Instant servedAt) {
    }

    /** A version started serving at {@code since}. */
    public record Served(String version, Instant since) {
    }

    private static final String TIMELINE = "timeline.log";

    private final Path dir;
    private final RuleCompiler compiler;
    /** Every start of serving, oldest first; read once from disk, then kept up to date. */
    private volatile List<Served> timeline;
    private final int cached;
    private final ObjectMapper json = new ObjectMapper();
    /** Every version kept, read from the files' first fields once. */
    private volatile Map<String, Instant> index;
    /** The entries themselves when nothing is kept on disk. */
    private final Map<String, Entry> memoryOnly = new ConcurrentHashMap<>();
    private final Map<String, RuleSet> compiled;
    private final ReentrantLock compiling = new ReentrantLock();

    /**
     * @param dir where versions are kept; null keeps them in memory only
     * @param cached how many compiled past versions to keep
     */
    public RuleHistory(Path dir, RuleCompiler compiler, int cached) {
        this.dir = dir;
        this.compiler = compiler;
        this.cached = cached;
        this.compiled = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RuleSet> eldest) {
                return size() > RuleHistory.this.cached;
            }
        });
    }

    public static boolean isVersion(String text) {
        return text != null && VERSION.matcher(text).matches();
    }

    /** Remembers a rule set that serves from now on. */
    public void record(RuleSet rules) {
        record(rules, Instant.now());
    }

    /**
     * Remembers a rule set that serves from {@code since}: its files once per version (with the first time it
     * served), and every start of serving in the timeline ({@link #versionAt}), a version that serves again included.
     */
    public synchronized void record(RuleSet rules, Instant since) {
        List<Served> line = timeline();
        Served before = null;
        for (Served s : line) {
            if (!s.since().isAfter(since)) {
                before = s;
            }
        }
        if (before == null || !before.version().equals(rules.version())) {
            Served served = new Served(rules.version(), since);
            List<Served> next = new ArrayList<>(line);
            next.add(served);
            next.sort(Comparator.comparing(Served::since));
            timeline = List.copyOf(next);
            appendTimeline(served);
        }
        if (index().containsKey(rules.version())) {
            return;
        }
        SortedMap<String, String> files = new TreeMap<>();
        rules.sources().forEach((path, bytes) -> files.put(path, new String(bytes, StandardCharsets.UTF_8)));
        Entry entry = new Entry(rules.version(), rules.loadedAt(), files);
        compiled.put(rules.version(), rules);
        if (dir == null || !write(entry)) {
            memoryOnly.put(entry.version(), entry);
        }
        index.put(entry.version(), entry.servedAt());
    }

    /**
     * The version that was serving at {@code instant}: the last to start serving by then; empty for an instant before
     * the first version served here.
     */
    public Optional<String> versionAt(Instant instant) {
        String found = null;
        for (Served s : timeline()) {
            if (s.since().isAfter(instant)) {
                break;
            }
            found = s.version();
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code version} served here at some time (its files are kept); nothing is read or compiled. */
    public boolean contains(String version) {
        return isVersion(version) && index().containsKey(version);
    }

    /** One version with its files, read when asked for. */
    public Optional<Entry> entry(String version) {
        if (!isVersion(version) || !index().containsKey(version)) {
            return Optional.empty();
        }
        Entry kept = memoryOnly.get(version);
        return kept != null ? Optional.of(kept) : Optional.ofNullable(read(dir.resolve(version + ".json")));
    }

    /** Every version kept, the newest first. */
    public List<Summary> versions() {
        List<Summary> out = new ArrayList<>();
        index().forEach((v, at) -> out.add(new Summary(v, at)));
        out.sort(Comparator.comparing(Summary::servedAt).reversed());
        return out;
    }

    /**
     * The compiled rule set of a version that served, or empty if none with that version ever did.
     *
     * @throws RulesBusyException if another past version is being compiled just now
     */
    public Optional<RuleSet> ruleSet(String version) {
        RuleSet known = compiled.get(version);
        if (known != null) {
            return Optional.of(known);
        }
        if (!isVersion(version) || !index().containsKey(version)) {
            return Optional.empty();
        }
        if (!compiling.tryLock()) { // never park a worker behind another request's compile
            throw new RulesBusyException("rules version " + version + " is not at hand and another past version is"
                    + " being prepared; retry in a few seconds");
        }
        try {
            known = compiled.get(version);
            return known != null ? Optional.of(known) : compile(version);
        } finally {
            compiling.unlock();
        }
    }

    private Optional<RuleSet> compile(String version) {
        Optional<Entry> entry = entry(version);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Map<String, byte[]> files = new TreeMap<>();
        entry.get().files().forEach((path, text) -> files.put(path, text.getBytes(StandardCharsets.UTF_8)));
        if (!RuleCompiler.version(files).equals(version)
                || !RuleSandbox.check(files, RuleSources.Limits.DEFAULT, compiler).isEmpty()) {
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

    /** The versions kept, read once (version and servedAt only, not the files) and then kept up to date. */
    private Map<String, Instant> index() {
        Map<String, Instant> known = index;
        if (known == null) {
            synchronized (this) {
                if (index == null) {
                    index = readIndex();
                }
                known = index;
            }
        }
        return known;
    }

    private List<Served> timeline() {
        List<Served> known = timeline;
        if (known == null) {
            synchronized (this) {
                if (timeline == null) {
                    timeline = readTimeline();
                }
                known = timeline;
            }
        }
        return known;
    }

    /**
     * The timeline file: one line per start of serving, "instant version". A history kept before the timeline
     * existed starts from each version's first time served.
     */
    private List<Served> readTimeline() {
        List<Served> out = new ArrayList<>();
        Path file = dir == null ? null : dir.resolve(TIMELINE);
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.trim().split(" ");
                    try {
                        if (parts.length == 2 && isVersion(parts[1])) {
                            out.add(new Served(parts[1], Instant.parse(parts[0])));
                            continue;
                        }
                    } catch (RuntimeException e) {
                        // reported below
                    }
                    if (!line.isBlank()) {
                        LOG.warnf("Ignoring a malformed line of the rules timeline %s: %s", file, line);
                    }
                }
            } catch (IOException e) {
                LOG.warnf("Cannot read the rules timeline %s: %s", file, e.getMessage());
            }
        } else {
            index().forEach((version, at) -> out.add(new Served(version, at)));
        }
        out.sort(Comparator.comparing(Served::since));
        return List.copyOf(out);
    }

    private void appendTimeline(Served served) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(TIMELINE);
            if (!Files.exists(file)) { // carry over what the history knew before the timeline existed
                StringBuilder seed = new StringBuilder();
                timeline().stream().filter(s -> s != served).forEach(s -> seed.append(s.since()).append(' ')
                        .append(s.version()).append('\n'));
                Files.writeString(file, seed, StandardCharsets.UTF_8);
            }
            Files.writeString(file, served.since() + " " + served.version() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warnf("Cannot append to the rules timeline in %s (%s): it is kept in memory until a restart", dir,
                    e.getMessage());
        }
    }

    private Map<String, Instant> readIndex() {
        Map<String, Instant> found = new ConcurrentHashMap<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String version = name.endsWith(".json") ? name.substring(0, name.length() - 5) : "";
                if (isVersion(version)) {
                    Instant at = servedAt(f);
                    if (at != null) {
                        found.put(version, at);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot list the rules history in %s: %s", dir, e.getMessage());
        }
        return found;
    }

    /** The servedAt field, read with a streaming parser: it comes before the files, which are not read. */
    private Instant servedAt(Path file) {
        try (JsonParser p = json.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("servedAt")) {
                    return Instant.parse(p.getText());
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot read rules history file %s: %s", file.getFileName(), e.getMessage());
            return null;
        }
    }

    private boolean write(Entry entry) {
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
            return true;
        } catch (IOException e) {
            LOG.warnf("Cannot keep rules version %s in %s (%s); it is kept in memory until a restart",
                    entry.version(), dir, e.getMessage());
            return false;
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
