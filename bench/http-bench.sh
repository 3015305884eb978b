#!/usr/bin/env bash
# HTTP benchmark: POST /v1/quotes (E4 request; a mixed quote with rooms + recording + transcoding) against the
# baseline POST /v1/echo (same server, same JSON stack, no pricing), one after another in the same run, against one
# server started here on loopback and stopped at the end. The echo exists only in a jar built with
# -Dpricing.bench.echo=true, which this script builds apart (target/bench-app), and is public there like the quotes.
# See bench/README.md.
#
#   bench/http-bench.sh                         # ~4.5 minutes: warm-up 30 s, then 2 rounds of 20 s per target
#   DURATION=60 ROUNDS=3 bench/http-bench.sh    # longer: three rounds of 60 s per target
#   REBUILD=1 bench/http-bench.sh               # rebuild target/bench-app even if it looks up to date
#
# Settings (environment): PORT (18080), CONNECTIONS (16), THREADS (2, wrk threads), WARMUP (30 s per target),
# DURATION (20 s per target and round), ROUNDS (2), JAVA_OPTS (server JVM options, default none).
# Results: target/bench/http.md; server log: target/bench/server.log.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1 # loopback only, on purpose
PORT=${PORT:-18080}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-2}
JAVA_OPTS=${JAVA_OPTS:-}
OUT=target/bench
JAR=target/bench-app/quarkus-run.jar # not the service's target/quarkus-app: this one has the echo
BASE="http://$HOST:$PORT"
mkdir -p "$OUT"

need() { # command, Debian package
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing $2"
        apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
    fi
    command -v "$1" >/dev/null 2>&1 || { echo "$1 is missing: apt-get install -y $2" >&2; exit 1; }
}
need wrk wrk
need jq jq
need curl curl

if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    echo "== building $JAR (with the echo baseline)"
    ./mvnw -q package -DskipTests -Dpricing.bench.echo=true -Dquarkus.package.output-directory=bench-app
else
    echo "== reusing $JAR (newer than src/main and pom.xml; REBUILD=1 to force)"
fi

# Request bodies, compact JSON.
jq -c '.request' rules/examples/E4-audio-and-video-mixed.json > "$OUT/body-e4.json"
jq -c . bench/mixed-quote.json > "$OUT/body-mixed.json"

if curl -s -o /dev/null "$BASE/q/health/live"; then
    echo "something already listens on $HOST:$PORT; set PORT" >&2
    exit 1
fi

# The server stops by itself after MAX_SECONDS whatever happens to this script; the trap stops it earlier.
MAX_SECONDS=$((180 + 3 * WARMUP + 3 * ROUNDS * DURATION))
echo "== starting the service on $BASE (stops by itself after ${MAX_SECONDS}s)"
# shellcheck disable=SC2086
timeout --kill-after=10 "$MAX_SECONDS" java $JAVA_OPTS -Dquarkus.http.host=$HOST -Dquarkus.http.port="$PORT" \
    -Dquarkus.http.auth.permission.bench-echo.paths=/v1/echo -Dquarkus.http.auth.permission.bench-echo.policy=permit \
    -jar "$JAR" > "$OUT/server.log" 2>&1 &
SERVER=$!
stop_server() {
    if kill -0 "$SERVER" 2>/dev/null; then
        kill "$SERVER" 2>/dev/null || true # timeout passes the TERM on to java
        wait "$SERVER" 2>/dev/null || true
    fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

for i in $(seq 1 120); do
    curl -sf -o /dev/null "$BASE/q/health/ready" && break
    kill -0 "$SERVER" 2>/dev/null || { echo "the service died; see $OUT/server.log" >&2; exit 1; }
    [ "$i" = 120 ] && { echo "not ready after 120 s; see $OUT/server.log" >&2; exit 1; }
    sleep 1
done
echo "== ready: rules $(curl -s "$BASE/q/health/ready" | jq -r '.checks[] | select(.name == "pricing rules") | .data.version')"

# name|path|body
TARGETS="echo|/v1/echo|$OUT/body-e4.json
quote|/v1/quotes|$OUT/body-e4.json
echo-mixed|/v1/echo|$OUT/body-mixed.json
mixed|/v1/quotes|$OUT/body-mixed.json"

post() { # path body output -> HTTP status
    curl -s -o "$3" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$2" "$BASE$1"
}
echo "== checking the answers"
[ "$(post /v1/echo "$OUT/body-e4.json" "$OUT/resp-echo.json")" = 200 ] \
    && [ "$(jq -S . "$OUT/resp-echo.json")" = "$(jq -S . "$OUT/body-e4.json")" ] \
    || { echo "echo does not echo" >&2; exit 1; }
[ "$(post /v1/quotes "$OUT/body-e4.json" "$OUT/resp-quote.json")" = 200 ] \
    && [ "$(jq -r .total "$OUT/resp-quote.json")" = 5.04 ] \
    || { echo "E4 quote is not 5.04: $(head -c 500 "$OUT/resp-quote.json")" >&2; exit 1; }
[ "$(post /v1/echo "$OUT/body-mixed.json" "$OUT/resp-echo-mixed.json")" = 200 ] \
    && [ "$(jq -S . "$OUT/resp-echo-mixed.json")" = "$(jq -S . "$OUT/body-mixed.json")" ] \
    || { echo "echo does not echo the mixed body" >&2; exit 1; }
[ "$(post /v1/quotes "$OUT/body-mixed.json" "$OUT/resp-mixed.json")" = 200 ] \
    && [ "$(jq -r .total "$OUT/resp-mixed.json")" = 10.218 ] \
    || { echo "mixed quote is not 10.218: $(head -c 500 "$OUT/resp-mixed.json")" >&2; exit 1; }
echo "   echo ok, E4 quote total 5.04, mixed quote total 10.218"

run_wrk() { # name path body seconds log
    BODY_FILE="$3" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4s" --latency -s bench/post.lua "$BASE$2" > "$5" 2>&1
}

echo "== warm-up: ${WARMUP}s per target"
while IFS='|' read -r name path body; do
    run_wrk "$name" "$path" "$body" "$WARMUP" "$OUT/wrk-warmup-$name.txt"
done <<< "$TARGETS"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A RPS P50 P99
ERRORS=0
ROWS=""
for round in $(seq 1 "$ROUNDS"); do
    while IFS='|' read -r name path body; do
        echo "== round $round: $name, ${DURATION}s, $CONNECTIONS connections"
        log="$OUT/wrk-$name-$round.txt"
        run_wrk "$name" "$path" "$body" "$DURATION" "$log"
        line=$(grep '^RESULT' "$log") || { cat "$log" >&2; exit 1; }
        val() { echo "$line" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
        bad=$(($(val connect) + $(val read) + $(val write) + $(val status) + $(val timeout)))
        ERRORS=$((ERRORS + bad))
        RPS[$name-$round]=$(val rps); P50[$name-$round]=$(val p50); P99[$name-$round]=$(val p99)
        ROWS+="| $round | $name | POST $path | $(val requests) | $(val rps) | $(val p50) | $(val p90) | $(val p99) | $(val max) | $bad |"$'\n'
    done <<< "$TARGETS"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "### HTTP: $CONNECTIONS connections, $THREADS wrk threads, ${DURATION}s per target and round, after ${WARMUP}s warm-up"
    echo
    echo "| round | target | request | requests | req/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | errors |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s' "$ROWS"
    echo
    for round in $(seq 1 "$ROUNDS"); do
        # Each quote against the echo of the same body; the mixed quote against the E4 echo too.
        for pair in quote:echo mixed:echo-mixed mixed:echo; do
            name=${pair%%:*}; base=${pair#*:}
            ratio=$(awk -v a="${RPS[$name-$round]}" -v b="${RPS[$base-$round]}" 'BEGIN { printf "%.2f", a / b }')
            ok_ratio=$(awk -v r="$ratio" 'BEGIN { print (r >= 1/3) ? "met" : "NOT met" }')
            ok_p99=$(awk -v p="${P99[$name-$round]}" 'BEGIN { print (p <= 20) ? "met" : "NOT met" }')
            echo "- round $round, $name/$base throughput ratio: **$ratio** (target ≥ 0.33: $ok_ratio); $name p99 ${P99[$name-$round]} ms (target ≤ 20 ms: $ok_p99)"
        done
    done
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(java -version 2>&1 | head -1); wrk and the server share the machine;"
    echo "load average before/after the measured phase: $LOAD_BEFORE / $LOAD_AFTER."
} > "$OUT/http.md"
cat "$OUT/http.md"
if [ "$ERRORS" != 0 ]; then
    echo "$ERRORS socket errors or non-2xx answers during the load; see $OUT/wrk-*.txt" >&2
    exit 1
fi
