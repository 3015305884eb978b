package rtc.pricing.rules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the gate's checks on a snapshot of the rules folder in a child JVM with its own heap limit and a timeout,
 * so a candidate whose rules loop, allocate without end or hang costs the child and never the serving process.
 * The child is {@code RulesCheckCommand --verdict}: it reads the snapshot (written to a private temporary
 * folder), runs the same gate in-process and prints one {@value #MARKER} line with its verdict as JSON.
 */
public final class IsolatedCheck {

    private static final Logger LOG = Logger.getLogger(IsolatedCheck.class);

    /** Prefix of the child's verdict line on its standard output. */
    public static final String MARKER = "RULES-VERDICT ";
    private static final int MAX_OUTPUT = 1 << 20;
    /** Exit status of a JVM stopped by -XX:+ExitOnOutOfMemoryError. */
    private static final int OUT_OF_MEMORY = 3;

    /** The child's verdict: {@code step} null when every check passed. */
    public record Outcome(String step, List<RuleProblem> problems) {
        public boolean passed() {
            return step == null;
        }
    }

    /**
     * @param timeout how long the child may take, start-up included
     * @param maxHeap the child's -Xmx, e.g. {@code 256m}
     * @param systemProperties passed to the child as -D (billing zone, rule budget)
     */
    public record Settings(Duration timeout, String maxHeap, Map<String, String> systemProperties) {
    }

    private final Settings settings;
    private final String mainClass;
    private final String classpath;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param mainClass the child's entry point
     * @param anchors classes whose code locations the child's class path must include (the entry point's, and
     *        the libraries it needs: under a Quarkus fast-jar the JVM's own class path holds only the launcher)
     */
    public IsolatedCheck(Settings settings, String mainClass, Class<?>... anchors) {
        this.settings = settings;
        this.mainClass = mainClass;
        this.classpath = classpath(anchors);
    }

    public Outcome check(Map<String, byte[]> files) {
        Path dir = null;
        Process child = null;
        long started = System.nanoTime();
        try {
            dir = Files.createTempDirectory("rules-candidate");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("path outside the snapshot");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            child = new ProcessBuilder(command(dir)).redirectErrorStream(true).start();
            child.getOutputStream().close();
            OutputReader out = new OutputReader(child.getInputStream());
            out.start();
            if (!child.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(child);
                return refused("budget", "checking the candidate took longer than " + settings.timeout().toSeconds()
                        + " s, the limit for one check: a rule probably runs away (re-fires itself or does unbounded"
                        + " work); the previous rules keep serving");
            }
            out.join(5_000);
            int exit = child.exitValue();
            if (exit == OUT_OF_MEMORY) {
                return refused("budget", "checking the candidate needed more than " + settings.maxHeap()
                        + " of memory, the limit for one check: a rule probably inserts facts without end");
            }
            Outcome outcome = parse(out.text());
            if (outcome == null) {
                LOG.errorf("Rule check child exited with %d and no verdict; its output:%n%s", exit, out.text());
                return refused("check", "the check of the candidate stopped without a verdict (exit " + exit
                        + "); the previous rules keep serving");
            }
            LOG.debugf("Rule check child finished in %d ms", (System.nanoTime() - started) / 1_000_000);
            return outcome;
        } catch (IOException e) {
            LOG.error("Cannot run the rule check child", e);
            return refused("check", "the check of the candidate could not be run; see the service log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(child);
            return refused("check", "the check of the candidate was interrupted");
        } finally {
            delete(dir);
        }
    }

    private List<String> command(Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + settings.maxHeap());
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1"); // the child lives seconds: start fast rather than peak
        cmd.add("-Xshare:auto");
        cmd.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        settings.systemProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--verdict");
        cmd.add(dir.toString());
        return cmd;
    }

    private Outcome parse(String output) {
        String line = output.lines().filter(l -> l.startsWith(MARKER)).reduce((a, b) -> b).orElse(null);
        if (line == null) {
            return null;
        }
        try {
            JsonNode v = json.readTree(line.substring(MARKER.length()));
            List<RuleProblem> problems = new ArrayList<>();
            for (JsonNode p : v.path("problems")) {
                problems.add(new RuleProblem(p.path("file").isNull() ? null : p.path("file").asText(null),
                        p.path("line").asInt(0), p.path("message").asText("")));
            }
            String step = v.path("step").isNull() ? null : v.path("step").asText(null);
            return new Outcome(v.path("accepted").asBoolean(false) ? null : (step == null ? "check" : step), problems);
        } catch (IOException e) {
            return null;
        }
    }

    /** The verdict line a child prints. */
    public static String verdictLine(ObjectMapper json, RuleGate.Verdict verdict) {
        try {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            v.put("accepted", verdict.accepted());
            v.put("version", verdict.version());
            v.put("step", verdict.step());
            v.put("problems", verdict.problems());
            return MARKER + json.writeValueAsString(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome refused(String step, String message) {
        return new Outcome(step, List.of(new RuleProblem(null, 0, message)));
    }

    private static void kill(Process child) {
        if (child != null) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            try {
                child.waitFor(5, TimeUnit.SECONDS); // reaped, so nothing of it is left behind
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", dir, e.getMessage());
        }
    }

    /**
     * The JVM's class path plus, for each anchor, its code location; a jar's whole folder is added (a fast-jar
     * keeps every library in lib/main/), so the child finds the anchors' dependencies too.
     */
    private static String classpath(Class<?>... anchors) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : anchors) {
            try {
                var source = anchor.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) {
                    continue;
                }
                Path location = Path.of(source.getLocation().toURI());
                if (Files.isDirectory(location)) {
                    entries.add(location.toString());
                } else if (location.getParent() != null) {
                    entries.add(location.getParent().resolve("*").toString());
                }
            } catch (Exception e) {
                LOG.debugf("No code location for %s: %s", anchor.getName(), e.getMessage());
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Drains the child's output on its own thread, keeping at most {@value #MAX_OUTPUT} bytes. */
    private static final class OutputReader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        OutputReader(InputStream in) {
            super("rules-check-output");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (kept) {
                        if (kept.size() < MAX_OUTPUT) {
                            kept.write(buffer, 0, Math.min(n, MAX_OUTPUT - kept.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
