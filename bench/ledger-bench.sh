#!/usr/bin/env sh
# Ledger load (bench/README.md §7): a fresh PostgreSQL database, the packaged service on it, then
# LedgerIngestBenchmark (accounts, apps per account, hours of a day, concurrent clients). Needs psql and the
# PostgreSQL of this project's machines (127.0.0.1:5432, trust auth).
# Usage: bench/ledger-bench.sh [accounts] [apps] [hours] [clients]
set -e
cd "$(dirname "$0")/.."
ACCOUNTS=${1:-1000}; APPS=${2:-10}; HOURS=${3:-1}; CLIENTS=${4:-2}
DB=pricing_bench
psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB" -c "create database $DB"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=test
mkdir -p target/bench/ledger && rm -rf target/bench/ledger/rules && cp -r rules target/bench/ledger/
cd target/bench/ledger
QUARKUS_PROFILE=prod,postgresql PRICING_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB \
  PRICING_ADMIN_PASSWORD=bench-admin-password QUARKUS_HTTP_PORT=8089 \
  java -Xmx2g -jar ../../quarkus-app/quarkus-run.jar > server.log 2>&1 &
SERVER=$!
cd ../../..
trap 'kill $SERVER 2>/dev/null || true' EXIT
for i in $(seq 1 60); do curl -sf localhost:8089/q/health/ready > /dev/null && break; sleep 1; done
java -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" rtc.pricing.bench.LedgerIngestBenchmark \
  http://localhost:8089 bench-admin-password "$ACCOUNTS" "$APPS" "$HOURS" "$CLIENTS"
