#!/usr/bin/env bash
# Runs one benchmark figure with its own PostgreSQL and a Release build of the service.
# Usage: bench/run.sh block-create|claim|read|import|callbacks|scaling|partitioned-ledger|console|micro [extra options for the driver]
set -euo pipefail
cd "$(dirname "$0")/.."
figure=${1:-scaling}; shift || true
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null; }
if [ "$figure" = "micro" ]; then
  exec dotnet run -c Release --project bench/NumberBlocks.Benchmarks -- --filter '*' "$@"
fi
dotnet build -c Release -v q src/NumberBlocks.Api >/dev/null && dotnet build -c Release -v q bench/NumberBlocks.Bench >/dev/null
export NB_BENCH_PG=$(bench/pg.sh start)
trap 'bench/pg.sh stop' EXIT
dotnet bench/NumberBlocks.Bench/bin/Release/net10.0/NumberBlocks.Bench.dll "$figure" "$@"
