#!/usr/bin/env bash
# Start-up (issue 6): the time from starting the packaged function (JVM, Lambda profile,
# PostgreSQL on loopback) to its first successful tick answer, next to a bare Quarkus REST hello
# on the same platform measured in the same run, in turn (function, hello, function, ...). Prints
# every run, the medians and the ratio, and the part after each one's "started" log line (what a
# SnapStart restore does not skip). Usage: bench/startup.sh [RUNS] (default 7). Sets up
# PostgreSQL like bench/run.sh, so it runs as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
. bench/postgres.sh

# The function is built as the Lambda build builds it (the build-time switches the pom's lambda
# profile sets as quarkus.* properties), as a plain jar, into a directory of its own: the
# container's target/quarkus-app is left as it is.
lambda_switches=$(sed -n '/<id>lambda<\/id>/,/<\/profile>/s/^ *<\(quarkus\.[a-z.-]*\)>\([^<$]*\)<.*/-D\1=\2/p' pom.xml | tr "\n" " ")
[ -n "$lambda_switches" ] || { echo "pom.xml's lambda profile sets no quarkus.* property" >&2; exit 1; }
echo "Lambda build switches (pom.xml): $lambda_switches"
# shellcheck disable=SC2086 # one word per switch
./mvnw -B -q -ntp -DskipTests package $lambda_switches -Dquarkus.package.output-directory=startup # under target/
app=target/startup/quarkus-run.jar
./mvnw -B -q -ntp -f bench/startup/hello/pom.xml package

db=ct_startup
$sudo su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $db' -c 'CREATE DATABASE $db OWNER bench'"
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:5432/$db
export QUARKUS_DATASOURCE_USERNAME=bench QUARKUS_DATASOURCE_PASSWORD=bench
export CRON_SECRET=startup-secret CRON_INTERVAL_SECONDS=1
# The Lambda profile checks the schema instead of migrating: migrate once, as its own step.
MIGRATE_ONLY=true java -jar "$app" >/dev/null

# Both run with the JVM options the Lambda template ships (the JIT stops at C1), as Lambda would
# run either of them.
jvm_options=$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' infra/aws/template.yaml)
[ -n "$jvm_options" ] || { echo "infra/aws/template.yaml sets no JAVA_TOOL_OPTIONS" >&2; exit 1; }
echo "JVM options (infra/aws/template.yaml): $jvm_options"

# Milliseconds from starting JAR (with the given port) to the first 2xx answer from URL, and from
# its "started in" log line to that answer (what a SnapStart restore would not skip), as "A B".
first_answer_ms() {
  local jar=$1 port=$2 url=$3; shift 3
  local start end pid log started
  log=$(mktemp)
  start=$(date +%s%N)
  QUARKUS_PROFILE=prod,lambda PORT=$port QUARKUS_HTTP_PORT=$port java $jvm_options -jar "$jar" >"$log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "$@" "$url"; do sleep 0.01; done
  end=$(date +%s%N)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  # The line's own time stamp: ISO (the function's log format) or "date time,ms" (Quarkus').
  started=$(grep -m1 'started in' "$log" | awk '{ print ($2 ~ /^[0-9]/) ? $1 "T" $2 : $1 }' | tr , .)
  rm -f "$log"
  echo $(((end - start) / 1000000)) $(((end - $(date -d "$started" +%s%N)) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

function_ms=() hello_ms=() function_after=() hello_after=()
# One unmeasured round warms the page cache for both.
first_answer_ms "$app" 18080 http://localhost:18080/api/scheduler/tick \
  -X POST -H "Authorization: Bearer $CRON_SECRET" >/dev/null
first_answer_ms bench/startup/hello/target/quarkus-app/quarkus-run.jar 18081 \
  http://localhost:18081/hello >/dev/null
for i in $(seq "$runs"); do
  sleep 1 # the tick interval (1 s), so every measured tick runs instead of being skipped
  read -r f fa < <(first_answer_ms "$app" 18080 \
    http://localhost:18080/api/scheduler/tick -X POST -H "Authorization: Bearer $CRON_SECRET")
  read -r h ha < <(first_answer_ms bench/startup/hello/target/quarkus-app/quarkus-run.jar 18081 \
    http://localhost:18081/hello)
  function_ms+=("$f") hello_ms+=("$h") function_after+=("$fa") hello_after+=("$ha")
  echo "run $i: function first tick answer ${f} ms (${fa} ms after \"started\"), bare hello ${h} ms (${ha} ms)"
done
f=$(printf '%s\n' "${function_ms[@]}" | median)
h=$(printf '%s\n' "${hello_ms[@]}" | median)
fa=$(printf '%s\n' "${function_after[@]}" | median)
ha=$(printf '%s\n' "${hello_after[@]}" | median)
echo "median: function ${f} ms, bare hello ${h} ms, ratio $(awk "BEGIN {printf \"%.2f\", $f / $h}")"
echo "after \"started\" (what a SnapStart restore does not skip): function ${fa} ms, bare hello ${ha} ms"
