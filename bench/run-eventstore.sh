#!/usr/bin/env bash
# Runs the PostgreSQL event store append benchmark three times (Release), waiting for a quiet moment before each
# run, and keeps the outputs. Needs the test server: scripts/postgres-for-tests.sh.
# Usage: bench/run-eventstore.sh [output-folder [benchmark arguments...]]
#   default folder bench/results (not committed); default arguments: --appenders 64,256 --events 60000 --rounds 11
#   QUIET_LOAD (default 1.5): the 1-minute load average to wait for before each run, up to QUIET_MINUTES (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/results}"
shift || true
[ $# -gt 0 ] && arguments=("$@") || arguments=(--appenders 64,256 --events 60000 --rounds 11)
quiet_load="${QUIET_LOAD:-1.5}"
quiet_minutes="${QUIET_MINUTES:-5}"
mkdir -p "$out"
scripts/postgres-for-tests.sh
dotnet build -c Release bench/Training.EventStore.Benchmarks -v q -nologo
quiet() {
  for _ in $(seq 1 $((quiet_minutes * 12))); do
    awk -v limit="$quiet_load" '{ exit !($1 < limit) }' /proc/loadavg && return 0
    sleep 5
  done
}
for run in 1 2 3; do
  quiet; echo "eventstore-append run $run (load $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet run -c Release --no-build --project bench/Training.EventStore.Benchmarks -- "${arguments[@]}" | tee "$out/eventstore-append-$run.txt"
done
grep -h '^RESULT' "$out"/eventstore-append-*.txt
