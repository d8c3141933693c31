#!/usr/bin/env bash
# Runs the whole test suite: unit, grain (Orleans test cluster), event store contract, end-to-end.
set -euo pipefail
cd "$(dirname "$0")"
# The PostgreSQL event store tests need a server: unless TRAINING_TEST_POSTGRES names one, start the throwaway
# test server (a no-op when it is already up).
if [ -z "${TRAINING_TEST_POSTGRES:-}" ]; then
  scripts/postgres-for-tests.sh
  export TRAINING_TEST_POSTGRES="Host=127.0.0.1;Port=5433;Username=postgres;Database=training_test"
fi
dotnet build Actors.sln -c Release
dotnet test Actors.sln -c Release --no-build --logger "console;verbosity=minimal"
