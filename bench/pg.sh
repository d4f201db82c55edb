#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL for the benchmarks on 127.0.0.1:${NB_BENCH_PG_PORT:-55432}, in
# ${NB_BENCH_PG_DIR:-/tmp/numberblocks-bench-pg}: give both to run beside another benchmark on the same machine.
# Usage: bench/pg.sh start | stop.  As root, initdb runs as the postgres user (it refuses root).
set -euo pipefail
PORT=${NB_BENCH_PG_PORT:-55432}
DIR=${NB_BENCH_PG_DIR:-/tmp/numberblocks-bench-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if [ -f "$DIR/data/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR" && mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
    # Durability settings as a production server would have them, so baselines and service pay the same costs.
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB" start >/dev/null
    "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE numberblocks" >/dev/null
    echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=numberblocks;Maximum Pool Size=100"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
