#!/usr/bin/env bash
# One entry point for building and testing Sora Gateway.
#   ./build.sh test    restore, build, start a throwaway PostgreSQL, run every test project, stop it
#   ./build.sh build   restore and build only
#   ./build.sh pg      start a throwaway PostgreSQL and print its connection string (Ctrl+C stops it)
#   ./build.sh bench <name> [args]   run a benchmark from bench/ against a throwaway PostgreSQL
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1m[build]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[build] %s\033[0m\n' "$*" >&2; exit 1; }

PG_DIR=""
PG_USER=""
PG_BIN=""

find_pg_bin() {
  local candidate
  for candidate in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/postgres" ]; then
      PG_BIN=$candidate; return 0
    fi
  done
  return 1
}

# Runs a PostgreSQL binary as the unprivileged owner of the data directory (postgres refuses root).
as_pg() {
  if [ -n "$PG_USER" ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

stop_pg() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    log "PostgreSQL stopped and its data removed"
  fi
}

start_pg() {
  find_pg_bin || die "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin.
Install PostgreSQL 15+ (Debian: apt-get install postgresql) — the ledger tests must run against a real PostgreSQL and are never skipped."
  PG_DIR=$(mktemp -d /tmp/sora-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    PG_USER=postgres
    id "$PG_USER" >/dev/null 2>&1 || { PG_USER=sora-pg; id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_USER"; }
    chown "$PG_USER" "$PG_DIR"
    chmod 755 "$PG_DIR"
  fi
  trap stop_pg EXIT INT TERM
  local port; port=$(free_port) || die "no free loopback port found for PostgreSQL"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  # Tests trade durability for speed; benchmarks keep PostgreSQL's durable defaults.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${1:-}" = durable ] && durability=""
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c max_connections=400 -c shared_buffers=128MB $durability" >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
  export SORA_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=200;Timeout=30;Command Timeout=120"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (data in $PG_DIR)"
}

build() {
  log "restore and build"
  dotnet build SoraGateway.sln -c Release --nologo -clp:ErrorsOnly -v quiet
}

run_tests() {
  build
  start_pg
  local results="$ROOT/.artifacts/test-results"
  rm -rf "$results"; mkdir -p "$results"
  log "running tests"
  local status=0
  dotnet test SoraGateway.sln -c Release --no-build --nologo \
    --logger "trx;LogFilePrefix=tests" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
  summarize "$results"
  [ "$status" = 0 ] || die "tests failed"
  log "all tests passed"
}

# Counts outcomes from the TRX files so the PostgreSQL share is visible, not assumed.
summarize() {
  local trx total passed failed pg_passed pg_total
  trx=$(find "$1" -name '*.trx')
  [ -n "$trx" ] || die "no test results were written"
  count() { { grep -ho "$1" $trx || true; } | wc -l; }
  total=$(count '<UnitTestResult [^>]*')
  passed=$(count '<UnitTestResult [^>]*outcome="Passed"')
  failed=$(count '<UnitTestResult [^>]*outcome="Failed"')
  pg_total=$(count '<UnitTestResult [^>]*testName="[^"]*Postgres[^"]*"')
  pg_passed=$(count '<UnitTestResult [^>]*testName="[^"]*Postgres[^"]*"[^>]*outcome="Passed"')
  log "results: $passed passed, $failed failed, $total total"
  log "PostgreSQL: $pg_passed of $pg_total tests ran against the live server started above"
  [ "$pg_total" -gt 0 ] || die "no PostgreSQL test ran"
}

case "${1:-test}" in
  test) run_tests ;;
  build) build ;;
  bench)
    shift
    dotnet build SoraGateway.sln -c Release --nologo -clp:ErrorsOnly -v quiet
    start_pg ${SORA_BENCH_PG_MODE:-durable}
    SORA_BENCH_POSTGRES="$SORA_TEST_POSTGRES" PG_BIN="$PG_BIN" dotnet bench/SoraGateway.Bench/bin/Release/net10.0/SoraGateway.Bench.dll "$@"
    ;;
  pg) start_pg; echo "$SORA_TEST_POSTGRES"; log "Ctrl+C stops it"; sleep infinity ;;
  *) die "usage: ./build.sh [test|build|pg|bench <name>]" ;;
esac
