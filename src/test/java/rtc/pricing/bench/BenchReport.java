package rtc.pricing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns JMH JSON results of {@link QuoteDayBenchmark} into the figures of bench/README.md: user-hours priced
 * per second per core, and allocation per op and per interval ({@code -prof gc}). The size of each day (user-hours,
 * intervals) is written by the benchmark's setup under {@code target/bench/days/}, so nothing is regenerated here.
 * <p>
 * Usage: {@code BenchReport result.json [more.json ...]}; prints a Markdown table.
 */
public final class BenchReport {

    static final Path DAYS = Path.of("target", "bench", "days");

    private BenchReport() {
    }

    static void saveDay(int rooms, SyntheticDay.Content content, int divisor, SyntheticDay.Stats stats) {
        Properties p = new Properties();
        p.setProperty("users", Long.toString(stats.users()));
        p.setProperty("stays", Long.toString(stats.stays()));
        p.setProperty("subscriptions", Long.toString(stats.subscriptions()));
        p.setProperty("segments", Long.toString(stats.segments()));
        p.setProperty("tasks", Long.toString(stats.recordingTasks() + stats.transcodingTasks()));
        p.setProperty("intervals", Long.toString(stats.intervals()));
        p.setProperty("presenceSeconds", Long.toString(stats.presenceSeconds()));
        p.setProperty("segmentSeconds", Long.toString(stats.segmentSeconds()));
        try {
            Files.createDirectories(DAYS);
            try (var out = Files.newBufferedWriter(dayFile(rooms, content.name(), divisor))) {
                p.store(out, stats.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dayFile(int rooms, String content, int divisor) {
        return DAYS.resolve(rooms + "-" + content + "-" + divisor + ".properties");
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> rows = new ArrayList<>();
        rows.add("| benchmark | rooms | content | durations | intervals | user-hours | time/op (ms, ±99.9%) "
                + "| **user-hours/s/core** | alloc/op (MB) | alloc/interval (B) |");
        rows.add("|---|---:|---|---|---:|---:|---:|---:|---:|---:|");
        for (String file : args) {
            for (JsonNode r : json.readTree(Path.of(file).toFile())) {
                String bench = r.path("benchmark").asText();
                JsonNode params = r.path("params");
                int rooms = params.path("rooms").asInt();
                String content = params.path("content").asText();
                int divisor = params.path("durationDivisor").asInt(1);
                JsonNode primary = r.path("primaryMetric");
                double ms = toMillis(primary.path("score").asDouble(), primary.path("scoreUnit").asText());
                double msError = toMillis(primary.path("scoreError").asDouble(), primary.path("scoreUnit").asText());
                double allocPerOp = Double.NaN;
                for (Iterator<Map.Entry<String, JsonNode>> it = r.path("secondaryMetrics").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> m = it.next();
                    if (m.getKey().endsWith("gc.alloc.rate.norm")) {
                        allocPerOp = m.getValue().path("score").asDouble();
                    }
                }
                Properties day = new Properties();
                Path df = dayFile(rooms, content, divisor);
                if (Files.exists(df)) {
                    try (var in = Files.newBufferedReader(df)) {
                        day.load(in);
                    }
                }
                long intervals = Long.parseLong(day.getProperty("intervals", "0"));
                double userHours = Long.parseLong(day.getProperty("presenceSeconds", "0")) / 3600.0;
                rows.add(String.format(Locale.ROOT,
                        "| %s | %,d | %s | %s | %,d | %,.0f | %,.0f ± %,.0f | **%,.0f** | %s | %s |",
                        bench.substring(bench.lastIndexOf('.') + 1), rooms, content,
                        divisor == 1 ? "real" : "÷" + divisor, intervals, userHours, ms, msError,
                        userHours / (ms / 1000.0),
                        Double.isNaN(allocPerOp) ? "n/a" : String.format(Locale.ROOT, "%,.0f", allocPerOp / 1e6),
                        Double.isNaN(allocPerOp) || intervals == 0 ? "n/a"
                                : String.format(Locale.ROOT, "%,.0f", allocPerOp / intervals)));
            }
        }
        rows.forEach(System.out::println);
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "s/op" -> value * 1000;
            case "ms/op" -> value;
            case "us/op" -> value / 1000;
            case "ns/op" -> value / 1e6;
            default -> throw new IllegalArgumentException("unexpected unit " + unit + " (use an avgt or ss mode)");
        };
    }
}
