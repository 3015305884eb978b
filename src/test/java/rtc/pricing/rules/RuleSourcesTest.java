package rtc.pricing.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rtc.pricing.support.RulesFolder;

/**
 * A rules folder is read as RuleCompiler.sources reads it, except that links leading out of the folder, text
 * that is not UTF-8 and folders over the limits are refused, naming paths relative to the folder only.
 */
class RuleSourcesTest {

    private static final RuleSources.Limits DEFAULT = RuleSources.Limits.DEFAULT;

    @TempDir
    Path tmp;

    private Path rules() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("a.drl"), "package pricing;\n");
        Files.createDirectories(rules.resolve("examples"));
        Files.writeString(rules.resolve("examples/E1.json"), "{}");
        return rules;
    }

    private Path outside() throws IOException {
        Path secret = Files.createDirectories(tmp.resolve("outside")).resolve("secret.txt");
        Files.writeString(secret, "root:x:0:0");
        return secret;
    }

    /** The reader this project had before RuleSources: every regular .drl and .json file, sorted by path. */
    private static Map<String, byte[]> plainWalk(Path folder) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(f -> (f.toString().endsWith(".drl") || f.toString().endsWith(".json"))
                    && Files.isRegularFile(f)).sorted().toList()) {
                files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return files;
    }

    private static void assertSameSources(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "same files, same order");
        expected.forEach((file, bytes) -> assertArrayEquals(bytes, actual.get(file), file));
    }

    private void assertNoAbsolutePath(List<RuleProblem> problems) {
        for (RuleProblem p : problems) {
            assertFalse(p.toString().contains(tmp.toString()), () -> "absolute path in " + p);
        }
    }

    @Test
    void theFixtureRulesAreReadAsAPlainWalkReadsThem() {
        RuleSources.Snapshot snapshot = RuleSources.read(RulesFolder.FIXTURE, DEFAULT);
        assertEquals(List.of(), snapshot.problems());
        assertSameSources(plainWalk(RulesFolder.FIXTURE), snapshot.files());
        assertEquals(RuleCompiler.version(plainWalk(RulesFolder.FIXTURE)), RuleCompiler.version(snapshot.files()));
    }

    @Test
    void aNormalFolderIsReadAsAPlainWalkReadsIt() throws IOException {
        Path rules = rules();
        Files.writeString(rules.resolve("a.drl.bak"), "not a source");
        Files.writeString(rules.resolve("README.md"), "not a source");
        Files.createDirectories(rules.resolve("a/b"));
        Files.writeString(rules.resolve("a/b/deep.drl"), "package pricing;\n");
        Files.writeString(rules.resolve("a.json"), "[]");
        Files.writeString(rules.resolve("examples/manifest.json"), "{\"examples\": []}");
        Files.createSymbolicLink(rules.resolve("alias.drl"), rules.resolve("a.drl")); // inside → inside is fine
        Files.createSymbolicLink(rules.resolve("same-folder"), rules.resolve("a")); // not descended, as today
        Files.createSymbolicLink(rules.resolve(".#a.drl"), Path.of("user@host.1234:1700000000")); // an editor lock
        RuleSources.Snapshot snapshot = RuleSources.read(rules, DEFAULT);
        assertEquals(List.of(), snapshot.problems());
        assertSameSources(plainWalk(rules), snapshot.files());
        assertEquals(List.of("a.drl", "a.json", "a/b/deep.drl", "alias.drl", "examples/E1.json",
                "examples/manifest.json"), List.copyOf(snapshot.files().keySet()));
    }

    @Test
    void aMissingFolderHasNoSourcesAndNoProblem() {
        RuleSources.Snapshot snapshot = RuleSources.read(tmp.resolve("nowhere"), DEFAULT);
        assertEquals(Map.of(), snapshot.files());
        assertTrue(snapshot.ok());
    }

    @Test
    void aLinkToAFileOutsideIsRefusedAndNotRead() throws IOException {
        Path rules = rules();
        Path secret = outside();
        Files.createSymbolicLink(rules.resolve("passwd.drl"), secret);
        Files.createSymbolicLink(rules.resolve("examples/x.json"), Path.of("../../outside/secret.txt"));
        RuleSources.Snapshot snapshot = RuleSources.read(rules, DEFAULT);
        assertEquals(List.of(
                new RuleProblem("examples/x.json", 0, "is a link to a file outside the rules folder; copy the file in instead"),
                new RuleProblem("passwd.drl", 0, "is a link to a file outside the rules folder; copy the file in instead")),
                snapshot.problems());
        assertEquals(List.of("a.drl", "examples/E1.json"), List.copyOf(snapshot.files().keySet()));
        assertNoAbsolutePath(snapshot.problems());
    }

    @Test
    void aLinkToAFolderOutsideIsRefused() throws IOException {
        Path rules = rules();
        outside();
        Files.createSymbolicLink(rules.resolve("more"), tmp.resolve("outside"));
        Files.createSymbolicLink(rules.resolve("examples/up"), tmp);
        RuleSources.Snapshot snapshot = RuleSources.read(rules, DEFAULT);
        assertEquals(List.of(
                new RuleProblem("examples/up", 0, "is a link to a folder outside the rules folder; copy the folder in instead"),
                new RuleProblem("more", 0, "is a link to a folder outside the rules folder; copy the folder in instead")),
                snapshot.problems());
        assertEquals(List.of("a.drl", "examples/E1.json"), List.copyOf(snapshot.files().keySet()));
        assertNoAbsolutePath(snapshot.problems());
    }

    /**
     * The one deliberate difference from RuleCompiler.sources, whose Files.walk does not enter a start folder
     * that is a link and so finds no rules at all: the configured folder may be a link (a mounted volume, a
     * "current" release link); what must stay inside is what it holds.
     */
    @Test
    void aRulesFolderThatIsItselfALinkIsRead() throws IOException {
        Path rules = rules();
        Path link = Files.createSymbolicLink(tmp.resolve("current"), rules);
        RuleSources.Snapshot snapshot = RuleSources.read(link, DEFAULT);
        assertEquals(List.of(), snapshot.problems());
        assertSameSources(plainWalk(rules), snapshot.files());
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithItsLine() throws IOException {
        Path rules = rules();
        byte[] latin1 = "package pricing;\n// prix en \u00e9t\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(rules.resolve("b.drl"), latin1);
        RuleSources.Snapshot snapshot = RuleSources.read(rules, DEFAULT);
        assertEquals(List.of(new RuleProblem("b.drl", 2, "is not valid UTF-8 (first bad byte on line 2); save the file as UTF-8")),
                snapshot.problems());
        assertFalse(snapshot.files().containsKey("b.drl"));
    }

    @Test
    void tooManyFilesStopsTheRead() throws IOException {
        Path rules = rules();
        for (int i = 0; i < 10; i++) {
            Files.writeString(rules.resolve("r" + i + ".drl"), "package pricing;\n");
        }
        RuleSources.Snapshot snapshot = RuleSources.read(rules, new RuleSources.Limits(3, 1024, 4096, 100));
        assertEquals(List.of(new RuleProblem(null, 0,
                "the rules folder holds more than 3 .drl and .json files; remove the ones that are not needed")),
                snapshot.problems());
        assertEquals(3, snapshot.files().size());
    }

    @Test
    void aFileOverTheLimitIsRefusedUnread() throws IOException {
        Path rules = rules();
        Files.writeString(rules.resolve("big.drl"), "x".repeat(2000));
        RuleSources.Snapshot snapshot = RuleSources.read(rules, new RuleSources.Limits(10, 1024, 8192, 100));
        assertEquals(List.of(new RuleProblem("big.drl", 0,
                "is larger than 1 KiB (the limit for one file); split it or remove what is not needed")), snapshot.problems());
        assertEquals(List.of("a.drl", "examples/E1.json"), List.copyOf(snapshot.files().keySet()));
    }

    @Test
    void moreBytesInTotalThanTheLimitStopsTheRead() throws IOException {
        Path rules = rules();
        for (int i = 0; i < 5; i++) {
            Files.writeString(rules.resolve("r" + i + ".drl"), "y".repeat(900));
        }
        RuleSources.Snapshot snapshot = RuleSources.read(rules, new RuleSources.Limits(10, 1024, 2048, 100));
        assertEquals(1, snapshot.problems().size(), snapshot.problems()::toString);
        assertTrue(snapshot.problems().get(0).message().startsWith("the .drl and .json files add up to more than 2 KiB"));
        long total = snapshot.files().values().stream().mapToLong(b -> b.length).sum();
        assertTrue(total <= 2048, "read no more than the limit: " + total);
    }

    @Test
    void foldersNestedTooDeepAreNotRead() throws IOException {
        Path rules = rules();
        Path dir = rules;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < RuleSources.MAX_DEPTH + 2; i++) {
            names.add("d" + i);
            dir = Files.createDirectories(dir.resolve("d" + i));
            Files.writeString(dir.resolve("r.drl"), "package pricing;\n");
        }
        RuleSources.Snapshot snapshot = RuleSources.read(rules, DEFAULT);
        String tooDeep = String.join("/", names.subList(0, RuleSources.MAX_DEPTH));
        assertEquals(List.of(new RuleProblem(tooDeep, 0, "is nested more than " + RuleSources.MAX_DEPTH
                + " folders deep and is not read; move its files up")), snapshot.problems());
        assertTrue(snapshot.files().containsKey(String.join("/", names.subList(0, RuleSources.MAX_DEPTH - 1)) + "/r.drl"));
    }

    @Test
    void aHugeFolderIsNotListedToItsEnd() throws IOException {
        Path rules = rules();
        for (int i = 0; i < 60; i++) {
            Files.writeString(rules.resolve("note" + i + ".txt"), "");
        }
        RuleSources.Snapshot snapshot = RuleSources.read(rules, new RuleSources.Limits(2, 1024, 4096, 100));
        assertEquals(List.of(new RuleProblem(null, 0, "the rules folder holds more than 32 files and folders; keep only"
                + " the rules and their examples in it")), snapshot.problems());
    }
}
