package rtc.pricing.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.rules.RuleProblem;

/**
 * The documented examples of the policy (§7) that every rule set must reproduce. Their list ships with the
 * service ({@code normative-examples.json}), not with the rules folder, so removing an example file, or
 * changing what it asks, cannot switch the gate off. An analyst may still change an example's expected
 * figures together with the rules (a policy change); the request of a normative example is pinned by hash.
 */
public final class NormativeExamples {

    /** A normative example: its id and the SHA-256 of its canonical request. */
    public record Entry(String id, String title, String request) {
    }

    private static final String RESOURCE = "/normative-examples.json";

    private final List<Entry> entries;

    public NormativeExamples(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static NormativeExamples load(ObjectMapper json) {
        try (InputStream in = NormativeExamples.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the service ships no " + RESOURCE);
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : json.readTree(in).path("normative")) {
                entries.add(new Entry(e.path("id").asText(), e.path("title").asText(), e.path("request").asText()));
            }
            return new NormativeExamples(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    /** What is wrong with the examples of a candidate: a normative one missing, twice, or asking something else. */
    List<RuleProblem> check(List<DocumentedExamples.Example> examples, ObjectMapper json) {
        Map<String, List<DocumentedExamples.Example>> byId = examples.stream()
                .collect(Collectors.groupingBy(DocumentedExamples.Example::id, TreeMap::new, Collectors.toList()));
        List<RuleProblem> problems = new ArrayList<>();
        for (Entry entry : entries) {
            List<DocumentedExamples.Example> found = byId.getOrDefault(entry.id(), List.of());
            if (found.isEmpty()) {
                problems.add(new RuleProblem(DocumentedExamples.FOLDER, 0, entry.id() + " (" + entry.title()
                        + ") is a documented example of the policy and must stay in examples/; restore its file"));
            } else if (found.size() > 1) {
                problems.add(new RuleProblem(found.get(1).file(), 0, entry.id() + " is defined by "
                        + found.stream().map(DocumentedExamples.Example::file).toList() + "; keep one file per id"));
            } else if (!entry.request().equals(requestHash(found.get(0).question(), json))) {
                problems.add(new RuleProblem(found.get(0).file(), 0, entry.id() + ": the request of a documented "
                        + "example is fixed by the policy; restore it (only its expected figures may change with a "
                        + "policy change)"));
            }
        }
        return problems;
    }

    /** SHA-256 of the request written with sorted keys and no spaces, so formatting does not matter. */
    public static String requestHash(JsonNode request, ObjectMapper json) {
        if (request == null) {
            return "";
        }
        try {
            byte[] canonical = json.writeValueAsString(sorted(request, json)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node, ObjectMapper json) {
        if (node.isObject()) {
            ObjectNode out = json.createObjectNode();
            new TreeMap<>(toMap(node)).forEach((k, v) -> out.set(k, sorted(v, json)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = json.createArrayNode();
            node.forEach(v -> out.add(sorted(v, json)));
            return out;
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(JsonNode object) {
        Map<String, JsonNode> m = new TreeMap<>();
        object.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
        return m;
    }

    /** For maintainers: prints the manifest entries of the given example files (run when E10… land). */
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Function<String, JsonNode> read = f -> {
            try {
                return json.readTree(new java.io.File(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        for (String f : args) {
            JsonNode ex = read.apply(f);
            DocumentedExamples.Example example = new DocumentedExamples.Example(f, ex.path("id").asText(),
                    ex.path("title").asText(), ex.path("check").asText(DocumentedExamples.QUOTE), ex);
            System.out.println("    {\"id\": \"" + example.id() + "\", \"title\": "
                    + json.writeValueAsString(example.title()) + ", \"request\": \""
                    + requestHash(example.question(), json) + "\"},");
        }
    }
}
