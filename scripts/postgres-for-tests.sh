#!/usr/bin/env bash
# Makes a PostgreSQL 15 server available for the tests on this machine (and for CI), idempotently.
#
#   scripts/postgres-for-tests.sh          start it if it is not up, create the database; a no-op when up
#   scripts/postgres-for-tests.sh stop     stop it (the data folder stays; `start` brings it back)
#   scripts/postgres-for-tests.sh status   exit 0 when it answers, 1 otherwise
#   scripts/postgres-for-tests.sh destroy  stop it and delete its data folder and log (for throwaway servers of one test)
#
# What it runs: a throwaway cluster of its own (not Debian's 15/main), in a data folder owned by the
# `postgres` OS user (initdb refuses to run as root), listening on 127.0.0.1 only, port 5433, with
# trust authentication for local and loopback connections (it is a test server: never expose it),
# fsync on and synchronous_commit on (the event store's durability is what the tests check).
# The database `training_test` (UTF8) is created in it. Tests connect with
#
#   Host=127.0.0.1;Port=5433;Username=postgres;Database=training_test
#
# which is the default of TRAINING_TEST_POSTGRES. Override the port and the folder with
# TRAINING_TEST_POSTGRES_PORT and TRAINING_TEST_POSTGRES_DATA: a test that must stop its server (the cluster tests'
# PostgreSQL outage) runs a server of its own that way — `TRAINING_TEST_POSTGRES_PORT=54xx scripts/postgres-for-tests.sh`,
# then `stop`, `start` and finally `destroy` with the same variable — and never stops the shared one on 5433.
# When the server binaries are missing it installs postgresql-15 from Debian's packages (needs root). Several runs at once are serialised by a lock.
set -euo pipefail

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/${PG_VERSION}/bin
PORT=${TRAINING_TEST_POSTGRES_PORT:-5433}
DATA=${TRAINING_TEST_POSTGRES_DATA:-/var/tmp/training-postgres-${PG_VERSION}-${PORT}}
SOCKET_DIR=/tmp
DATABASE=training_test
LOG=${DATA}.log
ACTION=${1:-start}

say() { echo "postgres-for-tests: $*" >&2; }

# Commands that touch the data folder run as its owner, `postgres`, when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_up() {
  [ -x "$PG_BIN/pg_isready" ] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2
}

ensure_installed() {
  if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && command -v psql >/dev/null; then
    return
  fi

  if [ "$(id -u)" -ne 0 ]; then
    say "PostgreSQL ${PG_VERSION} is not installed ($PG_BIN/initdb missing) and installing it needs root: apt-get install -y postgresql-${PG_VERSION}"
    exit 1
  fi

  say "installing postgresql-${PG_VERSION} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "postgresql-${PG_VERSION}" >/dev/null
}

initialise() {
  if [ -f "$DATA/PG_VERSION" ]; then
    local found
    found=$(cat "$DATA/PG_VERSION")
    if [ "$found" = "$PG_VERSION" ]; then
      return
    fi

    say "$DATA holds a PostgreSQL $found cluster, not $PG_VERSION: remove it (rm -rf $DATA) or set TRAINING_TEST_POSTGRES_DATA"
    exit 1
  fi

  if [ -e "$DATA" ] && [ -n "$(ls -A "$DATA" 2>/dev/null)" ]; then
    say "$DATA exists but is not a PostgreSQL data folder: remove it or set TRAINING_TEST_POSTGRES_DATA"
    exit 1
  fi

  say "creating a throwaway cluster in $DATA"
  if [ "$(id -u)" -eq 0 ]; then
    install -d -o postgres -g postgres -m 700 "$DATA"
    touch "$LOG" && chown postgres:postgres "$LOG"
  else
    install -d -m 700 "$DATA"
  fi

  as_owner "$PG_BIN/initdb" -D "$DATA" --username=postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
}

start() {
  ensure_installed
  if ! is_up; then
    initialise
    say "starting PostgreSQL ${PG_VERSION} on 127.0.0.1:${PORT} (data $DATA, log $LOG)"
    # -w waits until it accepts connections. A stale postmaster.pid left by a killed server is handled by
    # PostgreSQL itself (it checks whether that process still lives).
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -k $SOCKET_DIR -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=200" \
      start >/dev/null 9>&- || { say "PostgreSQL did not start; the end of $LOG:"; tail -n 20 "$LOG" >&2 || true; exit 1; }
  fi

  local exists
  exists=$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -XtAq -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")
  if [ "$exists" != "1" ]; then
    say "creating database $DATABASE"
    psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE $DATABASE ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
  fi

  say "ready: Host=127.0.0.1;Port=${PORT};Username=postgres;Database=${DATABASE}"
}

stop() {
  if [ -f "$DATA/postmaster.pid" ]; then
    say "stopping PostgreSQL in $DATA"
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null 9>&-
  else
    say "not running (no $DATA/postmaster.pid)"
  fi
}

# One run at a time: two test runs starting together must not both initdb or createdb. (The server
# must not inherit the lock's descriptor, hence `9>&-` where it is started.)
LOCK="/tmp/training-postgres-${PG_VERSION}-${PORT}.lock"
trap 'if [ "$ACTION" = destroy ]; then rm -f "$LOCK"; fi' EXIT
exec 9>"$LOCK"
if ! flock -w 120 9; then
  say "another run has held $LOCK for 2 minutes; giving up (fuser -v $LOCK shows who)"
  exit 1
fi

destroy() {
  stop
  if [ -f "$DATA/PG_VERSION" ] || [ ! -e "$DATA" ]; then
    say "deleting $DATA"
    rm -rf "$DATA" "$LOG"
  else
    say "$DATA is not a PostgreSQL data folder: left as it is"
    exit 1
  fi
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  destroy) destroy ;;
  status) if is_up; then say "up on 127.0.0.1:${PORT}"; else say "not answering on 127.0.0.1:${PORT}"; exit 1; fi ;;
  *)
    say "usage: $0 [start|stop|status|destroy]"
    exit 2
    ;;
esac
