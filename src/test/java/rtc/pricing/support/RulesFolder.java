package rtc.pricing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The rules the tests pin: {@link #FIXTURE}, a copy of the rules folder as these tests were written against it,
 * so an analyst's accepted edit of the live {@code rules/} never breaks the build (the live folder is checked by
 * replaying its own examples). Also private copies that a test may edit while the service watches them.
 */
public final class RulesFolder {

    /** The tests' own rules; the test profile serves them too (application.properties). */
    public static final Path FIXTURE = Path.of("src/test/resources/fixture-rules");

    private RulesFolder() {
    }

    /** A private copy of the fixture rules, with or without its examples, in a new temporary folder. */
    public static Path copyOfFixture(String prefix, boolean withExamples) {
        try {
            Path target = Files.createTempDirectory(prefix);
            Path source = FIXTURE;
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.toList()) {
                    Path rel = source.relativize(p);
                    if (!withExamples && rel.startsWith("examples")) {
                        continue;
                    }
                    Path dest = target.resolve(rel.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void replace(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            write(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes through a temporary file and a move, as many editors do, so a reader never sees half a file. */
    public static void write(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".edit", ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the files of {@code folder} whose text contains {@code needle}, sorted. */
    public static java.util.List<String> filesContaining(Path folder, String needle) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> read(f).contains(needle)).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test profile serving a private copy of the rules (with the documented examples), watched as in production. */
    public static class EditableRules implements QuarkusTestProfile {
        public static final Path FOLDER = copyOfFixture("rules-editable", true);

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pricing.rules.dir", FOLDER.toString(), "pricing.rules.debounce", "PT0.2S");
        }
    }
}
