#!/usr/bin/env bash
# The scale-out stage of `make test`: the suite (less the slow process tests) on PostgreSQL, with the tests
# marked `postgres` (row locks, Redis broker, concurrent requests), against a PostgreSQL and a Redis; then the
# slow tests marked `postgres` (real worker and beat processes on them: the settlement kill test); then the
# Procfile under honcho (two API processes, a worker, the scheduler) and a smoke test against it
# (scripts/procfile_smoke.py: quotes, an order, /metrics adding up, a clean stop). The tests
# migrate as TEST_DATABASE_URL's user and connect as a role of their own with the service's rights (no UPDATE,
# DELETE or TRUNCATE on the append-only tables: tests/conftest.py, core/privileges.py).
#
# Uses TEST_DATABASE_URL / TEST_REDIS_URL when set (CI points them at servers already running); otherwise starts
# a private PostgreSQL (initdb) and Redis on free loopback ports in a temporary folder and stops them after.
# Without initdb or redis-server it says so and skips, unless CI=true, where a skip is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: scale-out stage cannot run: $1 (under CI=true this stage is mandatory)" >&2
    exit 1
  fi
  echo "SKIPPED the PostgreSQL/Redis stage: $1. Install postgresql and redis-server to run it."
  exit 0
}

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

tmp=""
cleanup() {
  [ -n "$tmp" ] || return 0
  if [ -f "$tmp/pg/postmaster.pid" ]; then $as_pg "$bindir/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ -f "$tmp/redis.pid" ]; then kill "$(cat "$tmp/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "${TEST_DATABASE_URL:-}" ] || [ -z "${TEST_REDIS_URL:-}" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bindir" ] && command -v pg_config >/dev/null; then bindir=$(pg_config --bindir); fi
  [ -n "$bindir" ] && [ -x "$bindir/initdb" ] || skip "no initdb/pg_ctl found"
  command -v redis-server >/dev/null || skip "no redis-server found"
  tmp=$(mktemp -d /tmp/tradelane-services.XXXXXX)
  as_pg=""
  if [ "$(id -u)" = 0 ]; then  # PostgreSQL refuses to run as root
    id postgres >/dev/null 2>&1 || skip "running as root and there is no postgres user"
    chown postgres "$tmp"
    as_pg="runuser -u postgres --"
  fi
  pg_port=$(free_port); redis_port=$(free_port)
  echo "starting a private PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port in $tmp"
  $as_pg "$bindir/initdb" -D "$tmp/pg" -A trust -U postgres -E UTF8 --no-sync >/dev/null
  $as_pg "$bindir/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w -t 60 \
    -o "-p $pg_port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$tmp/redis.pid" --dir "$tmp" --logfile "$tmp/redis.log"
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$pg_port/postgres"
  export TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
else
  echo "using PostgreSQL at ${TEST_DATABASE_URL%%\?*} and Redis at $TEST_REDIS_URL"
fi

echo "== PostgreSQL + Redis stage =="
"$PY" -m pytest -m "not slow" -p no:randomly "$@"
echo "== PostgreSQL + Redis stage: processes (slow) =="
"$PY" -m pytest -m "slow and postgres" -p no:randomly "$@"
echo "== PostgreSQL + Redis stage: the Procfile under honcho =="
"$PY" scripts/procfile_smoke.py
