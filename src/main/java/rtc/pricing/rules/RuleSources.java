package rtc.pricing.rules;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rules folder into memory the way {@link RuleCompiler#sources(Path)} does (every {@code .drl} and
 * {@code .json} file under it, relative path → bytes, sorted by path), but refuses what an analyst's folder
 * must not do: links that lead out of the folder, text that is not UTF-8, and more files or bytes than the
 * limits. The cost of a read is bounded by the limits, never by what is on disk. Problems name paths relative
 * to the folder only, since they are shown over HTTP.
 */
public final class RuleSources {

    /** How much a rules folder may hold; {@code maxRules} is enforced by {@link RuleSandbox}. */
    public record Limits(int maxFiles, long maxFileBytes, long maxTotalBytes, int maxRules) {
        public static final Limits DEFAULT = new Limits(200, 512 * 1024, 4 * 1024 * 1024, 2_000);
    }

    /** The files that were read safely, and why the folder is refused (empty when it is not). */
    public record Snapshot(Map<String, byte[]> files, List<RuleProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Folders nested deeper than this are not read: no analyst needs them, and a deep tree costs time. */
    static final int MAX_DEPTH = 8;
    /** Directory entries (of any kind) listed per allowed source file, so a huge folder is not listed to its end. */
    static final int ENTRIES_PER_FILE = 16;

    private final Path folder;
    private final Limits limits;
    private final List<RuleProblem> problems = new ArrayList<>();
    private final List<Map.Entry<Path, byte[]>> read = new ArrayList<>();
    private Path root;
    private int sourceFiles;
    private int entries;
    private long totalBytes;
    private boolean stopped;

    private RuleSources(Path folder, Limits limits) {
        this.folder = folder;
        this.limits = limits;
    }

    public static Snapshot read(Path folder, Limits limits) {
        RuleSources reader = new RuleSources(folder, limits);
        reader.run();
        // Sorted by Path, as RuleCompiler.sources sorts, so the version hash is the same for the same folder.
        reader.read.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<Path, byte[]> e : reader.read) {
            files.put(relative(folder, e.getKey()), e.getValue());
        }
        return new Snapshot(Collections.unmodifiableMap(files), List.copyOf(reader.problems));
    }

    private void run() {
        if (!Files.isDirectory(folder)) {
            return; // as today: no folder, no sources; the compiler says there is no .drl file
        }
        try {
            root = folder.toRealPath();
        } catch (IOException e) {
            problems.add(new RuleProblem(null, 0, "the rules folder cannot be read (" + e.getClass().getSimpleName()
                    + "); check its permissions"));
            return;
        }
        visit(folder, 1);
    }

    private void visit(Path dir, int depth) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            for (Path child : list) {
                if (++entries > (long) limits.maxFiles() * ENTRIES_PER_FILE) {
                    stop(new RuleProblem(null, 0, "the rules folder holds more than " + limits.maxFiles()
                            * ENTRIES_PER_FILE + " files and folders; keep only the rules and their examples in it"));
                    return;
                }
                children.add(child);
            }
        } catch (IOException e) {
            problems.add(cannotRead(dir, e));
            return;
        }
        children.sort(Comparator.naturalOrder());
        for (Path child : children) {
            if (stopped) {
                return;
            }
            visitEntry(child, depth);
        }
    }

    private void visitEntry(Path p, int depth) {
        String rel = relative(folder, p);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            problems.add(cannotRead(p, e));
            return;
        }
        if (attrs.isSymbolicLink()) {
            visitLink(p, rel);
        } else if (attrs.isDirectory()) {
            if (depth >= MAX_DEPTH) {
                problems.add(new RuleProblem(rel, 0, "is nested more than " + MAX_DEPTH
                        + " folders deep and is not read; move its files up"));
            } else {
                visit(p, depth + 1);
            }
        } else if (attrs.isRegularFile() && isSource(rel)) {
            readSource(p, p, rel, attrs.size());
        }
    }

    /**
     * A link is followed only if it leads inside the folder. Links to folders are not descended (as
     * {@code Files.walk} does not), which also keeps link cycles out.
     */
    private void visitLink(Path link, String rel) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (NoSuchFileException e) {
            return; // a dangling link (an editor's lock file, say) is not a source, as today
        } catch (IOException e) {
            problems.add(cannotRead(link, e));
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            problems.add(cannotRead(link, e));
            return;
        }
        if (!target.startsWith(root)) {
            String what = attrs.isDirectory() ? "folder" : "file";
            problems.add(new RuleProblem(rel, 0, "is a link to a " + what + " outside the rules folder; copy the "
                    + what + " in instead"));
        } else if (attrs.isRegularFile() && isSource(rel)) {
            readSource(link, target, rel, attrs.size());
        }
    }

    /** Reads at most what the limits leave; the file is opened without following links (see known gaps). */
    private void readSource(Path p, Path target, String rel, long size) {
        if (++sourceFiles > limits.maxFiles()) {
            stop(new RuleProblem(null, 0, "the rules folder holds more than " + limits.maxFiles()
                    + " .drl and .json files; remove the ones that are not needed"));
            return;
        }
        if (size > limits.maxFileBytes()) {
            problems.add(tooLarge(rel));
            return;
        }
        long cap = Math.min(limits.maxFileBytes(), limits.maxTotalBytes() - totalBytes);
        byte[] bytes;
        try (SeekableByteChannel ch = Files.newByteChannel(target, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            bytes = readAtMost(ch, cap + 1); // one byte more tells that the file is over the cap
        } catch (IOException e) {
            problems.add(cannotRead(p, e));
            return;
        }
        if (bytes.length > limits.maxFileBytes()) {
            problems.add(tooLarge(rel)); // it grew since its size was read
            return;
        }
        if (totalBytes + bytes.length > limits.maxTotalBytes()) {
            stop(new RuleProblem(rel, 0, "the .drl and .json files add up to more than " + size(limits.maxTotalBytes())
                    + " (reached at this file); remove the ones that are not needed"));
            return;
        }
        totalBytes += bytes.length;
        int badLine = firstMalformedLine(bytes);
        if (badLine > 0) {
            problems.add(new RuleProblem(rel, badLine, "is not valid UTF-8 (first bad byte on line " + badLine
                    + "); save the file as UTF-8"));
            return;
        }
        read.add(Map.entry(p, bytes));
    }

    private static byte[] readAtMost(SeekableByteChannel ch, long max) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(max, 64 * 1024));
        while (buf.position() < max) {
            if (!buf.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(max, (long) buf.capacity() * 2));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
            if (ch.read(buf) < 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** The 1-based line of the first byte that is not UTF-8, or 0 if the text is valid. */
    static int firstMalformedLine(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult r = utf8.decode(in, out, true);
            if (r.isError()) {
                return lineAt(bytes, in.position()); // the decoder stops at the first bad byte
            }
            if (r.isUnderflow()) {
                return 0;
            }
            out.clear(); // overflow: only validating, the decoded text is not kept
        }
    }

    /** Decodes UTF-8 strictly; for callers that were handed bytes this class did not read. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int k = 0; k < offset && k < bytes.length; k++) {
            if (bytes[k] == '\n') {
                line++;
            }
        }
        return line;
    }

    private void stop(RuleProblem problem) {
        problems.add(problem);
        stopped = true;
    }

    private RuleProblem tooLarge(String rel) {
        return new RuleProblem(rel, 0, "is larger than " + size(limits.maxFileBytes())
                + " (the limit for one file); split it or remove what is not needed");
    }

    /** The exception's type only: its message holds an absolute path, which must not be shown over HTTP. */
    private RuleProblem cannotRead(Path p, IOException e) {
        String rel = p.equals(folder) ? null : relative(folder, p);
        return new RuleProblem(rel, 0, "cannot be read (" + e.getClass().getSimpleName() + "); check its permissions");
    }

    private static String size(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    private static String relative(Path folder, Path p) {
        return folder.relativize(p).toString().replace('\\', '/');
    }

    static boolean isSource(String name) {
        return name.endsWith(".drl") || name.endsWith(".json");
    }
}
