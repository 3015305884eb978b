package rtc.pricing.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load script for the ledger (bench/README.md §7), against a running service (bench/ledger-bench.sh starts one on
 * PostgreSQL): creates {@code accounts} accounts of {@code apps} apps, each with a package, then sends a day's
 * 5-minute base-service reports from {@code hours} hours, interval by interval, in batches of 1,000 from
 * {@code clients} concurrent clients; prints reports per second and batch latencies, sends one batch again to show it
 * counted once, and times the settlement of the day.
 *
 * <pre>java -cp … rtc.pricing.bench.LedgerIngestBenchmark http://localhost:8080 admin-password 1000 10 2 2</pre>
 */
public final class LedgerIngestBenchmark {

    private static final String DAY = "2022-06-01";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1])
                .getBytes(StandardCharsets.UTF_8));
        int accounts = Integer.parseInt(args[2]);
        int apps = Integer.parseInt(args[3]);
        int hours = Integer.parseInt(args[4]);
        int clients = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(clients, 4));

        long setup = System.nanoTime();
        List<Future<?>> created = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            int account = a;
            created.add(pool.submit(() -> {
                String id = "bench-" + account;
                post(http, base, auth, "/v1/accounts", "{\"accountId\": \"" + id + "\", \"registeredAt\":"
                        + " \"2022-05-01T10:00:00+08:00\", \"postpaid\": true}", 201);
                post(http, base, auth, "/v1/accounts/" + id + "/top-ups",
                        "{\"amount\": \"10000.00\", \"at\": \"2022-05-01T10:00:00+08:00\"}", 200);
                if (account % 2 == 0) { // half the accounts hold a package, the other half pay everything postpaid
                    post(http, base, auth, "/v1/accounts/" + id + "/packages",
                            "{\"thousandMinutes\": 250, \"paidAt\": \"2022-05-01T10:00:00+08:00\"}", 201);
                }
                for (int p = 0; p < apps; p++) {
                    post(http, base, auth, "/v1/accounts/" + id + "/apps", "{\"appId\": \"" + app(account, p)
                            + "\", \"createdAt\": \"2022-05-01T10:00:00+08:00\"}", 201);
                }
                return null;
            }));
        }
        for (Future<?> f : created) {
            f.get();
        }
        System.out.printf("setup: %d accounts × %d apps in %.1f s%n", accounts, apps, (System.nanoTime() - setup) / 1e9);

        // Interval by interval, every app reports one entry (an item drawn at random): the pipeline's order.
        Random random = new Random(7);
        String[] tiers = {null, "SD", "HD", "FHD"};
        List<String> reports = new ArrayList<>();
        ZonedDateTime start = ZonedDateTime.parse(DAY + "T00:00:00+08:00");
        for (int i = 0; i < hours * 12; i++) {
            String interval = start.plusMinutes(5L * i).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            for (int a = 0; a < accounts; a++) {
                for (int p = 0; p < apps; p++) {
                    String tier = tiers[random.nextInt(tiers.length)];
                    reports.add("{\"reportId\": \"r-" + i + "-" + a + "-" + p + "\", \"appId\": \"" + app(a, p)
                            + "\", \"interval\": \"" + interval + "\", \"service\": \"BASE\", \"category\": \""
                            + (tier == null ? "AUDIO" : "VIDEO") + "\", \"tier\": " + (tier == null ? "null"
                                    : "\"" + tier + "\"") + ", \"seconds\": " + random.nextInt(301) + "}");
                }
            }
        }
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < reports.size(); from += 1000) {
            batches.add("{\"reports\": [" + String.join(",", reports.subList(from, Math.min(reports.size(),
                    from + 1000))) + "]}");
        }
        long[] latencies = new long[batches.size()];
        long sent = System.nanoTime();
        List<Future<?>> posted = new ArrayList<>();
        int[] next = {0};
        for (int c = 0; c < clients; c++) {
            posted.add(pool.submit(() -> {
                while (true) {
                    int b;
                    synchronized (next) {
                        b = next[0]++;
                    }
                    if (b >= batches.size()) {
                        return null;
                    }
                    long t = System.nanoTime();
                    post(http, base, "Basic " + Base64.getEncoder().encodeToString("admin:".concat(args[1])
                            .getBytes(StandardCharsets.UTF_8)), "/v1/usage", batches.get(b), 200);
                    latencies[b] = System.nanoTime() - t;
                }
            }));
        }
        for (Future<?> f : posted) {
            f.get();
        }
        double seconds = (System.nanoTime() - sent) / 1e9;
        // The day's replay grows through the day: the mean batch latency of each hour shows how.
        int perHour = Math.max(1, batches.size() / hours);
        StringBuilder hourly = new StringBuilder();
        for (int h = 0; h < hours; h++) {
            long sum = 0;
            for (int b = h * perHour; b < Math.min(batches.size(), (h + 1) * perHour); b++) {
                sum += latencies[b];
            }
            hourly.append(String.format(" %d:00 %.0f ms", h, sum / 1e6 / perHour));
        }
        System.out.println("mean batch latency by hour of the day:" + hourly);
        Arrays.sort(latencies);
        System.out.printf("ingestion: %d reports in %d batches of 1,000, %d clients: %.1f s, %.0f reports/s;"
                + " batch latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", reports.size(), batches.size(), clients,
                seconds, reports.size() / seconds, latencies[latencies.length / 2] / 1e6,
                latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] / 1e6,
                latencies[latencies.length - 1] / 1e6);
        String again = post(http, base, auth, "/v1/usage", batches.get(0), 200);
        System.out.println("first batch sent again: " + again.substring(again.lastIndexOf("\"accepted\"")));

        long settle = System.nanoTime();
        String run = post(http, base, auth, "/v1/settlements/" + DAY, "", 200);
        System.out.printf("settlement of %s (%d apps): %.1f s: %s%n", DAY, accounts * apps,
                (System.nanoTime() - settle) / 1e9, run);
        pool.shutdown();
    }

    private static String app(int account, int app) {
        return "14" + String.format("%05d%03d", account, app);
    }

    private static String post(HttpClient http, String base, String auth, String path, String body, int expected) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
