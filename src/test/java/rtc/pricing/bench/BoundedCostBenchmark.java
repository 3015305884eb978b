package rtc.pricing.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.quote.Quote;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteRequest;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * The cost of a request is bounded by its size: the most expensive shapes the input limits allow (every
 * interval 48 h long across three billing days, 100 recording files, a distinct resolution per input), each at
 * three sizes, read, priced and written as a client would get them. Prints a Markdown table of request bytes,
 * answer bytes, time, and time and answer bytes per request byte; linear cost shows as flat per-byte columns.
 * Not a test (nothing here asserts a time). Run from the project root, after test-compile:
 *
 * <pre>java -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" rtc.pricing.bench.BoundedCostBenchmark</pre>
 */
public final class BoundedCostBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FROM = "2022-06-30T12:00:00+08:00"; // 48 h from here touch three billing days
    private static final String TO = "2022-07-02T12:00:00+08:00";
    private static final int[][] TIERS = { { 640, 360 }, { 1280, 720 }, { 1920, 1080 }, { 2560, 1440 }, { 3840, 2160 } };

    private BoundedCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RuleSet rules = RulesCheckCommand.compiler().compile(Path.of("rules")).ruleSet();
        QuoteEngine engine = new QuoteEngine(ZoneId.of("Asia/Shanghai"), RuleBudget.DEFAULT, nanos -> { });
        for (String shape : List.of("transcoding-48h", "recording-48h-100-files", "room-48h", "distinct-resolutions")) {
            price(engine, rules, JSON.writeValueAsBytes(request(shape, 1_000))); // JIT warm-up for every path
        }
        StringBuilder out = new StringBuilder();
        out.append("| shape | n | request bytes | answer bytes | ms (median of 7) | ns per request byte | answer bytes per request byte |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String shape : List.of("transcoding-48h", "recording-48h-100-files", "room-48h", "distinct-resolutions")) {
            for (int n : List.of(100, 1_000, 10_000)) {
                if (shape.equals("distinct-resolutions") && n > 1_000) {
                    continue; // at most 1,000 distinct resolutions per request
                }
                byte[] body = JSON.writeValueAsBytes(request(shape, n));
                long[] nanos = new long[7];
                int answerBytes = 0;
                for (int warm = 0; warm < 3; warm++) {
                    price(engine, rules, body);
                }
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    answerBytes = price(engine, rules, body);
                    nanos[i] = System.nanoTime() - t;
                }
                Arrays.sort(nanos);
                long median = nanos[nanos.length / 2];
                out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f | %.0f | %.2f |%n", shape, n,
                        body.length, answerBytes, median / 1e6, (double) median / body.length,
                        (double) answerBytes / body.length));
            }
        }
        System.out.print(out);
        Path target = Path.of("target/bench/bounded-cost.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, out, StandardCharsets.UTF_8);
    }

    /** Read, priced and written out: the answer's size in bytes. */
    private static int price(QuoteEngine engine, RuleSet rules, byte[] body) throws Exception {
        Quote quote = engine.quote(QuoteRequest.read(JSON.readTree(body)), rules);
        return JSON.writeValueAsBytes(quote).length;
    }

    static ObjectNode request(String shape, int n) {
        ObjectNode root = JSON.createObjectNode();
        switch (shape) {
            case "transcoding-48h" -> {
                ObjectNode task = root.putArray("transcodings").addObject().put("taskId", "mcu").put("codec", "H265");
                task.putObject("output").put("audio", true).putObject("video").put("width", 1920).put("height", 1080);
                inputs(task.putArray("inputs"), n, false);
            }
            case "recording-48h-100-files" -> {
                ObjectNode task = root.putArray("recordings").addObject().put("taskId", "rec").put("mode", "MIXED")
                        .put("files", 100);
                inputs(task.putArray("inputs"), n, false);
            }
            case "room-48h" -> {
                ObjectNode room = root.putArray("rooms").addObject().put("roomId", "live");
                ArrayNode users = room.putArray("users");
                ArrayNode streams = room.putArray("streams");
                ArrayNode subs = room.putArray("subscriptions");
                for (int p = 0; p < TIERS.length; p++) {
                    stay(users.addObject().put("userId", "host-" + p));
                    streams.addObject().put("streamId", "cam-" + p).put("userId", "host-" + p).put("type", "CAMERA")
                            .putObject("video").put("width", TIERS[p][0]).put("height", TIERS[p][1]);
                }
                for (int i = 0; i < n; i++) {
                    stay(users.addObject().put("userId", "viewer-" + i));
                    subs.addObject().put("userId", "viewer-" + i).put("streamId", "cam-" + (i % TIERS.length))
                            .put("from", FROM).put("to", TO);
                }
            }
            case "distinct-resolutions" -> {
                ObjectNode task = root.putArray("recordings").addObject().put("taskId", "rec").put("mode", "SINGLE");
                inputs(task.putArray("inputs"), n, true);
            }
            default -> throw new IllegalArgumentException(shape);
        }
        return root;
    }

    private static void inputs(ArrayNode inputs, int n, boolean distinct) {
        for (int i = 0; i < n; i++) {
            ObjectNode in = inputs.addObject().put("streamId", "in-" + i).put("audio", true).put("from", FROM)
                    .put("to", TO);
            int[] size = TIERS[i % TIERS.length];
            in.putObject("video").put("width", distinct ? 320 + i : size[0]).put("height", size[1]);
        }
    }

    private static void stay(ObjectNode user) {
        user.putArray("presence").addObject().put("from", FROM).put("to", TO);
    }

}
