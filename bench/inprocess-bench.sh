#!/usr/bin/env bash
# In-process benchmark of the pricing core (QuoteEngine.quote on a whole synthetic day) with JMH, plus the heap
# footprint of one quote. Single-threaded: the figures are per core. See bench/README.md.
#
#   bench/inprocess-bench.sh                  # full run, about 6-8 minutes on 2 cores
#   JMH_OPTS="-wi 1 -i 2 -w 2 -r 3" bench/inprocess-bench.sh   # shorter iterations while developing
#   SKIP_HEAP=1 bench/inprocess-bench.sh      # JMH only
#
# Results: target/bench/inprocess.md (the Markdown tables), target/bench/jmh-*.json (raw JMH results).
set -euo pipefail
cd "$(dirname "$0")/.."   # the rules/ folder is relative to the working directory

OUT=target/bench
mkdir -p "$OUT"
JMH_OPTS=${JMH_OPTS:-}
LOGGING=-Djava.util.logging.manager=org.jboss.logmanager.LogManager

echo "== compiling test classes and resolving the test classpath"
./mvnw -q test-compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"

echo "== JMH: 1,000 and 10,000 rooms, base service only (ROOMS) and with recording + transcoding tasks (MIXED)"
# shellcheck disable=SC2086
java $LOGGING -cp "$CP" org.openjdk.jmh.Main 'rtc\.pricing\.bench\.QuoteDayBenchmark\.quoteDay' \
    -p rooms=1000,10000 -p content=ROOMS,MIXED -p durationDivisor=1 \
    -prof gc -rf json -rff "$OUT/jmh-day.json" $JMH_OPTS

echo "== JMH: 10,000 rooms with every duration divided by 10 (same intervals, a tenth of the user-hours)"
# shellcheck disable=SC2086
java $LOGGING -cp "$CP" org.openjdk.jmh.Main 'rtc\.pricing\.bench\.QuoteDayBenchmark\.quoteDay' \
    -p rooms=10000 -p content=ROOMS -p durationDivisor=10 \
    -prof gc -rf json -rff "$OUT/jmh-tenth.json" $JMH_OPTS

{
    echo "### In-process throughput and allocation (JMH, avgt, 1 fork, -prof gc)"
    echo
    java $LOGGING -cp "$CP" rtc.pricing.bench.BenchReport "$OUT/jmh-day.json" "$OUT/jmh-tenth.json"
} > "$OUT/inprocess.md"

if [ "${SKIP_HEAP:-0}" != 1 ]; then
    echo "== heap footprint of one quote (one JVM per day; SerialGC, 48 MB young generation)"
    {
        echo
        echo "### Heap footprint of one quote (upper bound: heap after GCs during the quote, minus the heap before it)"
        echo
        header=true
        for day in 1000:ROOMS:1 10000:ROOMS:1 10000:ROOMS:10 1000:MIXED:1 10000:MIXED:1; do
            java $LOGGING -Dheap.header=$header -Xms6g -Xmx6g -XX:+UseSerialGC -Xmn48m -XX:SurvivorRatio=1 \
                -cp "$CP" rtc.pricing.bench.HeapBenchmark "$day" | grep '^|'
            header=false
        done
    } >> "$OUT/inprocess.md"
fi

echo
echo "== $(date -u +%Y-%m-%dT%H:%MZ), nproc $(nproc), $(java -version 2>&1 | head -1)"
cat "$OUT/inprocess.md"
