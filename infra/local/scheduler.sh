#!/usr/bin/env bash
# A laptop stand-in for a cloud scheduler: hits the tick URL every minute with the cron secret,
# as EventBridge, Cloud Scheduler or a Kubernetes CronJob would.
#
#   CRON_SECRET=... infra/local/scheduler.sh [tick-url]
#
# The secret is sent in a header read from a file descriptor, so it never shows in `ps`.
set -euo pipefail

url="${1:-${TICK_URL:-http://localhost:8080/api/scheduler/tick}}"
interval="${INTERVAL_SECONDS:-60}"
: "${CRON_SECRET:?set CRON_SECRET to the secret the function expects}"
secret="${CRON_SECRET%%,*}" # the first of a comma-separated list is the current one

echo "ticking ${url} every ${interval}s (Ctrl-C to stop)"
while true; do
  started=$(date +%s)
  answer=$(curl -sS --max-time 30 -X POST -H @- "${url}" <<<"X-Cron-Secret: ${secret}" \
    -w ' http=%{http_code}' || true)
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) ${answer}"
  elapsed=$(( $(date +%s) - started ))
  sleep $(( interval > elapsed ? interval - elapsed : 0 ))
done
