#!/usr/bin/env bash
# Regenerates two class lists from one fresh process's class-load log.
# src/main/resources/META-INF/campaign-tick-boot-classes.txt: every class it loads by its first
# tick's answer that the JDK's shared archive does not hold, in load order; boot/ClassPreloader
# loads them on a second thread while the jar or the container starts.
# src/main/resources/META-INF/quarkus-preload-classes.txt: the library classes a fresh
# process loads for its first tick after start-up, a tick that launches through the http
# provider. Quarkus' SnapStart support (on in the Lambda build) loads and initializes them during
# start-up, so they are in the snapshot and a restored function does not load them on its first
# tick (measured on the plain jar with quarkus.snapstart.enabled=true and an earlier, shorter
# list: 400 -> 147 ms from "started" to an empty tick's answer, for a few hundred ms more
# start-up, which the snapshot absorbs). The application's own classes Quarkus lists itself. A
# stale entry is skipped; PreloadClassesTests fails when one no longer loads.
# Usage: infra/aws/preload-classes.sh (as root: PostgreSQL as bench/postgres.sh sets it up).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/postgres.sh
./mvnw -B -q -ntp -DskipTests package

db=ct_preload
$sudo su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $db' -c 'CREATE DATABASE $db OWNER bench'"
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:5432/$db
export QUARKUS_DATASOURCE_USERNAME=bench QUARKUS_DATASOURCE_PASSWORD=bench CRON_SECRET=preload
MIGRATE_ONLY=true java -jar target/quarkus-app/quarkus-run.jar >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A due campaign with contacts, through the admin API of a first process, so the measured tick
# below activates it, claims and launches as a busy minute does.
export ADMIN_TOKEN=preload
QUARKUS_HTTP_PORT=18082 java -jar target/quarkus-app/quarkus-run.jar >"$work/seed.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null http://localhost:18082/q/health/ready; do sleep 0.1; done
campaign=$(curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"organizationId": "preload", "name": "preload", "scheduledAt": "2020-01-01T00:00:00Z",
       "callWindow": {"start": "00:00", "end": "23:59",
                      "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"]},
       "maxConcurrentCalls": 20}' \
  http://localhost:18082/api/campaigns | sed -E 's/^\{"id":([0-9]+).*/\1/')
curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: text/csv' \
  --data-binary $'phone\n+14155550101\n+14155550102\n+14155550103\n+14155550104\n+14155550105' \
  "http://localhost:18082/api/campaigns/$campaign/contacts"
kill "$pid"
wait "$pid" 2>/dev/null || true

# A call provider on loopback (CONTRACT.md section 6: any POST answers 201 with an id), so the
# launches go through the http provider's client as they do in production.
python3 - >"$work/provider.log" 2>&1 <<'PROVIDER' &
import http.server, itertools
ids = itertools.count(1)
class Provider(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"id": "call-%d"}' % next(ids)
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
http.server.ThreadingHTTPServer(("127.0.0.1", 18083), Provider).serve_forever()
PROVIDER
provider=$!
trap 'kill "$provider" 2>/dev/null; rm -rf "$work"' EXIT
export CALL_PROVIDER=http CALL_PROVIDER_URL=http://127.0.0.1:18083/calls CALL_PROVIDER_TOKEN=preload

PRELOAD_CLASSES=false QUARKUS_PROFILE=prod,lambda QUARKUS_HTTP_PORT=18082 java -XX:TieredStopAtLevel=1 \
  -Xlog:class+load:file="$work/classes.log" -jar target/quarkus-app/quarkus-run.jar \
  >"$work/app.log" 2>&1 &
pid=$!
until grep -q 'started in' "$work/app.log"; do sleep 0.05; done
sleep 2 # the start-up's own background work (the schema check) ends
loaded=$(wc -l <"$work/classes.log")
curl -sf -H "X-Cron-Secret: $CRON_SECRET" -X POST "http://localhost:18082/api/scheduler/tick?summary=true"
echo
sleep 1 # the tick's own background work (its last outcome writes) ends
# Counted before the process is stopped: shutdown loads classes of its own (Qute's engine, whose
# shutdown observer builds it), which a restored function's first tick never needs.
ticked=$(wc -l <"$work/classes.log")
kill "$pid"
wait "$pid" 2>/dev/null || true

# Classes made at run time (lambdas, proxies, method handles, generated accessors): no list can
# name them, since they are made anew by every process.
made_at_run_time='\$\$Lambda|/0x|LambdaForm|\$Proxy|^jdk\.internal\.reflect\.Generated|^com\.sun\.proxy|^java\.lang\.invoke\.'

out=src/main/resources/META-INF/quarkus-preload-classes.txt
{
  echo "# The library classes a fresh process loads for its first tick after start-up, preloaded"
  echo "# by Quarkus' SnapStart support (the Lambda build). Generated by infra/aws/preload-classes.sh."
  sed -n "$((loaded + 1)),${ticked}p" "$work/classes.log" | awk '{print $2}' |
    grep -v -E "^dev\.campaigntick\.|$made_at_run_time" | sort -u
} >"$out"
echo "$out: $(grep -vc '^#' "$out") classes"

boot=src/main/resources/META-INF/campaign-tick-boot-classes.txt
{
  echo "# The classes a fresh process loads by its first tick answer, in load order, without those"
  echo "# of the JDK's shared archive: boot/ClassPreloader loads them beside start-up."
  echo "# Generated by infra/aws/preload-classes.sh."
  sed -n "1,${ticked}p" "$work/classes.log" | grep -v 'source: shared objects file' |
    awk '{print $2}' | grep -v -E "$made_at_run_time" | awk '!seen[$0]++'
} >"$boot"
echo "$boot: $(grep -vc '^#' "$boot") classes"
