package rtc.pricing.bench;

import java.nio.file.Path;
import java.time.ZoneId;
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
import org.openjdk.jmh.annotations.Warmup;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.quote.Quote;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteInput;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;

/**
 * In-process throughput of the pricing core: one {@link QuoteEngine#quote} call prices a whole synthetic day
 * ({@link SyntheticDay}) held in one {@link QuoteInput}, with the real {@code rules/} folder compiled as the
 * service compiles it. JSON parsing and HTTP are outside the measurement (see bench/http-bench.sh).
 * <p>
 * One op = one quote of the whole day, single-threaded, so user-hours per second of one op are user-hours per
 * second per core. bench/inprocess-bench.sh runs it with {@code -prof gc} and turns the JSON result into
 * user-hours/s/core and bytes allocated per interval ({@link BenchReport}). Run from the project root (the
 * rules folder is relative to the working directory). Not a test: surefire never picks up {@code *Benchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g",
        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager" })
@State(Scope.Benchmark)
public class QuoteDayBenchmark {

    /** Rooms in the day. */
    @Param({ "1000", "10000" })
    public int rooms;

    /** ROOMS = base service only; MIXED = the same rooms plus recording and transcoding tasks. */
    @Param({ "ROOMS", "MIXED" })
    public SyntheticDay.Content content;

    /** 10 = every duration divided by 10, same intervals: shows cost and memory follow intervals, not seconds. */
    @Param({ "1" })
    public int durationDivisor;

    private QuoteEngine engine;
    private RuleSet rules;
    private QuoteInput input;

    @Setup(Level.Trial)
    public void setUp() {
        RuleCompiler.Result compiled = new RuleCompiler(VideoFormat.class).compile(Path.of("rules"));
        if (!compiled.ok()) {
            throw new IllegalStateException("rules/ does not compile (run from the project root): "
                    + compiled.problems());
        }
        rules = compiled.ruleSet();
        engine = new QuoteEngine(ZoneId.of("Asia/Shanghai"), nanos -> { });
        input = SyntheticDay.input(rooms, content, durationDivisor);
        Quote check = engine.quote(input, rules);
        SyntheticDay.Stats stats = SyntheticDay.stats(input);
        System.out.printf("%n# day: %s%n# quote: total %s CNY, %d lines, %d attribution entries%n", stats,
                check.total(), check.lines().size(), check.attribution().size());
        BenchReport.saveDay(rooms, content, durationDivisor, stats);
    }

    @Benchmark
    public Quote quoteDay() {
        return engine.quote(input, rules);
    }
}
