#!/usr/bin/env bash
# Runs the whole test suite: unit, grain (Orleans test cluster), event store contract, end-to-end.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Actors.sln -c Release
dotnet test Actors.sln -c Release --no-build --logger "console;verbosity=minimal"
