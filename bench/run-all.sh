#!/usr/bin/env bash
# Runs each benchmark three times (Release), waiting for a quiet moment before each run, and keeps the outputs.
# Usage: bench/run-all.sh [output-folder [command...]]   (default: bench/results, not committed; every command)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/results}"
shift || true
[ $# -gt 0 ] && commands=("$@") || commands=(bulk-register cold-activation morning-rush)
mkdir -p "$out"
dotnet build -c Release bench/Training.Benchmarks -v q -nologo
quiet() { # wait up to 5 minutes for the 1-minute load average to drop below 1.5
  for _ in $(seq 1 60); do
    awk '{ exit !($1 < 1.5) }' /proc/loadavg && return 0
    sleep 5
  done
}
declare -A args=(
  [bulk-register]="--staff 100000 --batch 5000 --concurrency 4 --phases"
  [cold-activation]="--staff 200 --events 2000"
  [morning-rush]="--rooms 80 --centers 4 --concurrency 64 --rate 1000 --duration 10 --warmup-per-lane 30"
)
for run in 1 2 3; do
  for command in "${commands[@]}"; do
    quiet; echo "$command run $run (load $(cut -d' ' -f1-3 /proc/loadavg))"
    # shellcheck disable=SC2086
    dotnet run -c Release --no-build --project bench/Training.Benchmarks -- "$command" ${args[$command]} | tee "$out/$command-$run.txt" || echo "$command run $run exited with $?"
  done
done
grep -h '^RESULT' "$out"/*.txt
