# Sourced by bench/run.sh and bench/startup.sh: installs Debian's PostgreSQL when missing, starts
# it with pg_stat_statements loaded, and makes the superuser role bench/bench. Sets $pg (its
# version) and $sudo (empty as root).
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
pg=$(ls /usr/lib/postgresql | sort -n | tail -1)
conf=/etc/postgresql/$pg/main/conf.d/campaign-tick-bench.conf
if [ ! -f "$conf" ]; then
  echo "shared_preload_libraries = 'pg_stat_statements'" | $sudo tee "$conf" >/dev/null
  $sudo pg_ctlcluster "$pg" main restart || true
fi
$sudo pg_ctlcluster "$pg" main start 2>/dev/null || true
$sudo su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench') THEN
    CREATE ROLE bench LOGIN SUPERUSER PASSWORD 'bench';
  END IF;
END $$;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SQL
