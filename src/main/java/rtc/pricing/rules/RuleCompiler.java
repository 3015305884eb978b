package rtc.pricing.rules;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles the DRL files of a rules folder at runtime (KieFileSystem → KieBuilder → KieContainer), so rule
 * edits need no redeploy. Stateless and thread-safe; the caller decides whether the result may serve.
 */
public final class RuleCompiler {

    /** Either a compiled rule set or the problems that stopped it; {@code version} is set either way. */
    public record Result(RuleSet ruleSet, String version, List<RuleProblem> problems) {
        public boolean ok() {
            return ruleSet != null;
        }
    }

    private static final String KIE_ROOT = "src/main/resources/";
    private static final AtomicLong BUILDS = new AtomicLong();

    private final ClassLoader factClassLoader;
    private final String factsPackage;

    /**
     * @param factClass one of the fact classes the rules import: its class loader compiles them (explicitly: under
     *        Quarkus it is not the thread's context loader), and its package is the API the sandbox lets rules use
     */
    public RuleCompiler(Class<?> factClass) {
        this.factClassLoader = factClass.getClassLoader();
        this.factsPackage = factClass.getPackageName();
    }

    /** The package of the fact classes, which rules may use whole. */
    public String factsPackage() {
        return factsPackage;
    }

    /** The loader of the fact classes the rules import; the sandbox resolves names through it. */
    public ClassLoader factClassLoader() {
        return factClassLoader;
    }

    private static boolean isDrl(String path) {
        return path.endsWith(".drl");
    }

    /** SHA-256 over every file's relative path and content. */
    public static String version(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the folder and compiles what it holds; see {@link #compile(Map)}. */
    public Result compile(Path folder) {
        RuleSources.Snapshot snapshot = RuleSources.read(folder, RuleSources.Limits.DEFAULT);
        if (!snapshot.problems().isEmpty()) {
            return new Result(null, version(snapshot.files()), snapshot.problems());
        }
        return compile(snapshot.files());
    }

    /**
     * Compiles the DRL files of a snapshot of the rules folder (relative path → content). Compiling runs no rule
     * code; the snapshot should have passed the sandbox all the same, so nothing unchecked is ever loaded.
     */
    public Result compile(Map<String, byte[]> files) {
        String version = version(files);
        if (files.keySet().stream().noneMatch(RuleCompiler::isDrl)) {
            return new Result(null, version, List.of(new RuleProblem(null, 0, "no .drl file in the rules folder")));
        }
        KieServices ks = KieServices.Factory.get();
        // A unique release per build: the KieRepository caches modules by release id.
        ReleaseId releaseId = ks.newReleaseId("rtc.pricing", "rules", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        // Each file goes under its package's folder (Drools warns otherwise); remember where it came from.
        Map<String, String> origin = new LinkedHashMap<>();
        files.forEach((path, content) -> {
            if (isDrl(path)) {
                String kiePath = KIE_ROOT + packageFolder(content) + path.replace('/', '_');
                origin.put(kiePath, path);
                kfs.write(kiePath, content);
            }
        });

        KieBuilder builder = ks.newKieBuilder(kfs, factClassLoader).buildAll();
        List<RuleProblem> problems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            problems.add(new RuleProblem(fileOf(m.getPath(), origin), Math.max(0, m.getLine()), m.getText().strip()));
        }
        if (problems.size() > 1) {
            // The consequence of an error reported on its own line, never a cause of its own.
            problems.removeIf(p -> p.message().contains("Parser returned a null Package"));
        }
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            return new Result(null, version, problems);
        }
        KieContainer container = ks.newKieContainer(releaseId, factClassLoader);
        ks.getRepository().removeKieModule(releaseId);
        KieBase kieBase = container.getKieBase();
        return new Result(new RuleSet(kieBase, version, Instant.now(), files, ruleFilesOf(kieBase, files, origin)), version,
                List.of());
    }

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);

    private static String packageFolder(byte[] drl) {
        Matcher m = PACKAGE.matcher(new String(drl, StandardCharsets.UTF_8));
        return m.find() ? m.group(1).replace('.', '/') + "/" : "";
    }

    private static String fileOf(String kiePath, Map<String, String> origin) {
        if (kiePath == null) {
            return null;
        }
        String key = kiePath.startsWith(KIE_ROOT) ? kiePath : KIE_ROOT + kiePath;
        return origin.getOrDefault(key, kiePath);
    }

    private static List<RuleSet.RuleFile> ruleFilesOf(KieBase kieBase, Map<String, byte[]> files,
            Map<String, String> origin) {
        Map<String, List<String>> byFile = new LinkedHashMap<>();
        files.keySet().stream().filter(RuleCompiler::isDrl).forEach(f -> byFile.put(f, new ArrayList<>()));
        List<RuleImpl> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                rules.add((RuleImpl) rule);
            }
        }
        rules.sort(java.util.Comparator.comparingInt(RuleImpl::getLoadOrder)); // as written in the files
        for (RuleImpl rule : rules) {
            String file = rule.getResource() == null ? null : fileOf(rule.getResource().getSourcePath(), origin);
            byFile.computeIfAbsent(file == null ? "(unknown)" : file, k -> new ArrayList<>()).add(rule.getName());
        }
        List<RuleSet.RuleFile> out = new ArrayList<>();
        byFile.forEach((f, names) -> out.add(new RuleSet.RuleFile(f, names)));
        return out;
    }
}
