#!/usr/bin/env bash
# The side-by-side benchmark (bench/README.md): campaign-tick, db-scheduler, BullMQ on Redis and on
# PostgreSQL, the naive cron route and a bare HTTP client (the reference), on the same work,
# machine and PostgreSQL. Writes docs/benchmarks.md and docs/benchmarks-launches.svg. Installs and
# starts Debian's PostgreSQL and Redis, so it runs as root (or with sudo). Settings: BENCH_SIZES
# (10x1000,1000x100,10000x10), BENCH_LATENCIES (0,50,500), BENCH_SYSTEMS (all), BENCH_TIMEBOX
# seconds per run (20), BENCH_INFLIGHT launches in flight (64), BENCH_TIMELINE a folder for each
# run's launches per quarter second (none).
set -euo pipefail
cd "$(dirname "$0")/.."

# One PostgreSQL server for every system, counting statements (pg_stat_statements); sets $sudo.
. bench/postgres.sh

command -v redis-server >/dev/null || {
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
}

# The function as shipped, and the competitors.
./mvnw -B -q -ntp -DskipTests package
./mvnw -B -q -ntp -f bench/pom.xml package
(cd bench/bullmq && npm install --no-audit --no-fund --loglevel=error)

exec java -Dsun.net.httpserver.nodelay=true \
  -Dbench.root=. \
  -Dbench.pg.data="/var/lib/postgresql/$pg/main" \
  -Dbench.sizes="${BENCH_SIZES:-10x1000,1000x100,10000x10}" \
  -Dbench.latencies="${BENCH_LATENCIES:-0,50,500}" \
  -Dbench.systems="${BENCH_SYSTEMS:-}" \
  -Dbench.timebox="${BENCH_TIMEBOX:-20}" \
  -Dbench.inflight="${BENCH_INFLIGHT:-64}" \
  -Dbench.ct.javaopts="${BENCH_CT_JAVA_OPTS:-}" \
  -Dbench.timeline="${BENCH_TIMELINE:-}" \
  -Dbench.out="${BENCH_OUT:-docs/benchmarks.md}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.Matrix
