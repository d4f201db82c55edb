#!/usr/bin/env bash
# Runs every test of NumberBlocks: domain unit tests and API tests on SQLite and PostgreSQL.
# Installs what the tests need when it is missing (PostgreSQL server binaries and PgBouncer; the tests start private servers).
set -uo pipefail
cd "$(dirname "$0")"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL server binaries for the test suite..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib) >/tmp/numberblocks-apt.log 2>&1 \
      || { echo "apt-get install postgresql failed; see /tmp/numberblocks-apt.log"; }
  else
    echo "PostgreSQL server binaries not found; PostgreSQL tests will report themselves skipped (failed under CI=true)."
  fi
fi
# PgBouncer (transaction pooling in front of the test server; docs/scaling.md).
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing PgBouncer for the test suite..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer) >>/tmp/numberblocks-apt.log 2>&1 \
      || { echo "apt-get install pgbouncer failed; see /tmp/numberblocks-apt.log"; }
  else
    echo "pgbouncer not found; its test will report itself skipped (failed under CI=true)."
  fi
fi

# The console's browser tests drive Debian's chromium through Playwright (tests/NumberBlocks.Console.Tests); Playwright
# downloads no browser of its own.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing chromium for the console's browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >>/tmp/numberblocks-apt.log 2>&1 \
      || { echo "apt-get install chromium failed; see /tmp/numberblocks-apt.log"; }
  else
    echo "chromium not found; the console's browser tests will report themselves skipped (failed under CI=true)."
  fi
fi

# The contract tests drive Telnyx's Node SDK (pinned in tests/NumberBlocks.Contract.Tests/sdk/package-lock.json).
sdk=tests/NumberBlocks.Contract.Tests/sdk
if [ ! -d "$sdk/node_modules/telnyx" ] && command -v npm >/dev/null; then
  (cd "$sdk" && npm ci --no-audit --no-fund >/tmp/numberblocks-npm.log 2>&1) || echo "npm ci in $sdk failed; see /tmp/numberblocks-npm.log"
fi

log=$(mktemp)
dotnet test NumberBlocks.slnx "$@" 2>&1 | tee "$log" | grep -vE "^\s+Passed |^\s*$"
status=${PIPESTATUS[0]}

sum() { grep -E "^(Passed|Failed)!" "$log" | sed -nE "s/.*$1: +([0-9]+).*/\1/p" | awk '{s+=$1} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
[ -z "$passed" ] && passed=0
[ -z "$failed" ] && failed=0
if [ "$status" -ne 0 ] && [ "$failed" = "0" ]; then failed=1; fi
[ "${skipped:-0}" != "0" ] && echo "${skipped} skipped"
echo "${passed} passed, ${failed} failed"
exit "$status"
