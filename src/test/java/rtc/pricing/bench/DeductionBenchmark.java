package rtc.pricing.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import rtc.pricing.facts.Account;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.RunOutAction;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionInput;
import rtc.pricing.packages.Deductions;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;

/**
 * In-process throughput of the deduction replay (api.md POST /v1/deductions, {@link DeductionEngine}): one op
 * replays a whole month of 5-minute usage of one account — {@code apps} apps × 6 items (audio, SD … 4K), every app
 * and item with usage in every interval of {@code days} days (30 days: 8,640 intervals × 600 = 5,184,000 entries)
 * — against 20 packages (the trial and 19 general packages of varied sizes, some acquired a year earlier and
 * expiring mid-month, some bought during the month, so that packages run out mid-month and the rest is postpaid).
 * The entries go to a counting sink (the streaming API: nothing keeps them), so the op measures the allocation loop,
 * the two rule sessions and the pricing of the postpaid lines, not a list of 5 million answers. The input is built
 * once, as records ({@link DeductionInput}), outside the measurement; JSON and the 200,000-entry request limit are
 * not involved (a month of 100 apps is 26 requests of that size over HTTP).
 * <p>
 * The replay is single-threaded, so entries per second of one op are entries per second per core:
 * {@code entries/s/core = entries / (s per op)}; with {@code -prof gc}, {@code gc.alloc.rate.norm / entries} is the
 * allocation per entry. Run from the project root (real {@code rules/} folder, as the other benchmarks), see
 * bench/README.md §5. {@link DeductionHeapBenchmark} measures the replay's live state. Not a test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g",
        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager" })
@State(Scope.Benchmark)
public class DeductionBenchmark {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate FIRST_DAY = LocalDate.of(2022, 6, 1);
    private static final String[] TIERS = { null, "SD", "HD", "FHD", "2K", "4K" };

    /** Apps of the account; each has usage of every item in every interval. */
    @Param({ "100" })
    public int apps;

    /** Days replayed, from 2022-06-01 (+08:00). */
    @Param({ "30" })
    public int days;

    /**
     * IN_ORDER: usage sent by interval, app and item, the processing order (the engine then skips its sort);
     * SHUFFLED: the same entries in a random order (fixed seed), so the replay sorts 5 million entries.
     */
    @Param({ "IN_ORDER", "SHUFFLED" })
    public String order;

    private DeductionEngine engine;
    private RuleSet rules;
    private DeductionInput input;
    private final Counter counter = new Counter();

    /** The sink: counts entries and the minutes in them, keeps nothing. */
    static final class Counter implements java.util.function.Consumer<Deductions.Entry> {
        long entries;
        long minutes;
        long postpaidMinutes;

        @Override
        public void accept(Deductions.Entry e) {
            entries++;
            minutes += e.minutes();
            postpaidMinutes += e.postpaidMinutes();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        rules = compileRules();
        engine = new DeductionEngine(ZONE, RuleBudget.DEFAULT);
        input = month(apps, days);
        if (order.equals("SHUFFLED")) {
            List<DeductionInput.Usage> shuffled = new ArrayList<>(input.usage());
            java.util.Collections.shuffle(shuffled, new java.util.Random(7));
            input = new DeductionInput(input.account(), input.packages(), shuffled);
        }
        Counter check = new Counter();
        DeductionEngine.Result r = engine.replay(input, rules, check, null);
        System.out.printf("%n# month: %d apps × 6 items × %d intervals = %,d entries, %d packages%n", apps,
                days * 288, input.usage().size(), input.packages().size());
        System.out.printf("# replay: %,d entries, %,d usage minutes, %,d postpaid; %d postpaid lines, total %s CNY;"
                + " packages used up: %d; events %s%n", check.entries, check.minutes, check.postpaidMinutes,
                r.postpaid().size(), r.postpaidTotal(), r.packages().stream().filter(p -> p.remaining() == 0)
                        .count(), r.events().stream().map(e -> e.type() + "@" + e.at().substring(5, 16)).toList());
        if (check.entries != input.usage().size()) {
            throw new IllegalStateException("expected one entry per usage entry");
        }
    }

    @Benchmark
    public long replayMonth() {
        counter.entries = 0;
        DeductionEngine.Result r = engine.replay(input, rules, counter, null);
        return counter.entries + r.events().size();
    }

    static RuleSet compileRules() {
        RuleCompiler.Result compiled = new RuleCompiler(VideoFormat.class).compile(Path.of("rules"));
        if (!compiled.ok()) {
            throw new IllegalStateException("rules/ does not compile (run from the project root): "
                    + compiled.problems());
        }
        return compiled.ruleSet();
    }

    /**
     * The month: fixed seed; seconds per entry 0–600 (an interval of up to two users' time), so about 5 usage
     * minutes per entry and ≈ 34,000 package minutes per interval at the general ratios — about 290 million over 30
     * days, against ≈ 140 million in the packages.
     */
    static DeductionInput month(int apps, int days) {
        SplittableRandom random = new SplittableRandom(20220601L);
        ZonedDateTime start = FIRST_DAY.atStartOfDay(ZONE);
        List<String> appIds = new ArrayList<>();
        for (int a = 0; a < apps; a++) {
            appIds.add(String.valueOf(1_400_000_000L + 17L * a));
        }
        int intervals = days * 288;
        List<DeductionInput.Usage> usage = new ArrayList<>(intervals * apps * 6);
        for (int i = 0; i < intervals; i++) {
            long interval = start.toEpochSecond() + 300L * i;
            for (String app : appIds) {
                for (int item = 0; item < 6; item++) {
                    usage.add(new DeductionInput.Usage(app, interval, item > 0, TIERS[item], random.nextInt(601),
                            "/usage"));
                }
            }
        }
        Account account = new Account(BillingMode.NEW, false, RunOutAction.POSTPAID, null);
        List<HeldPackage> packages = new ArrayList<>();
        packages.add(new HeldPackage("trial", PackageKind.TRIAL, 10_000, 0,
                ZonedDateTime.of(2022, 5, 20, 10, 0, 0, 0, ZONE)));
        long[] sizes = { 25_000, 250_000, 1_000_000, 3_000_000, 10_000_000, 12_345_000, 2_000, 40, 7_000_000,
                3_000_000, 25_000, 250_000, 1_000_000, 20_000_000, 5_000_000, 30_000_000, 15_000_000, 36_000_000,
                1_234_567 };
        for (int g = 0; g < sizes.length; g++) {
            ZonedDateTime acquired = switch (g % 4) {
                case 0 -> ZonedDateTime.of(2021, 6, 1 + g, 9, 0, 0, 0, ZONE); // expires 2022-06-30, with minutes left
                case 1 -> ZonedDateTime.of(2022, 3, 1 + g, 15, 30, 0, 0, ZONE);
                case 2 -> start.plusDays(g % days).plusHours(g % 24).plusMinutes(7 * g); // bought this month: backfill
                default -> ZonedDateTime.of(2021, 12, 24, 23, 58, 0, 0, ZONE); // same instant: the id decides
            };
            packages.add(new HeldPackage(String.format("g%02d", g), PackageKind.GENERAL, sizes[g], sizes[g] / 10,
                    acquired));
        }
        return new DeductionInput(account, packages, usage);
    }
}
