#!/usr/bin/env bash
# The vitest suites of `npm test`, each run once:
# - integration:postgres (when TEST_DATABASE_URL is set) on today's clock: a
#   PostgreSQL server's now() can't be moved from here;
# - unit and integration:pglite with the process clock a year ahead (Debian's
#   faketime), so a test that only passes on today's calendar fails. PGlite runs
#   inside the Node process, so its now() moves too. Monotonic time stays real,
#   or timers misbehave.
# The two run at the same time: the PostgreSQL suite mostly waits (on the server,
# on job timers, on killed workers), so it fits beside the PGlite suite, which is
# CPU-bound; its output follows the PGlite suite's.
# `npm run test:unit` still runs every project on today's clock.
set -euo pipefail
shift_by="${CLOCK_SHIFT:-+365d}"

pg_pid=""
pg_log=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  pg_log=$(mktemp)
  npx vitest run --project integration:postgres "$@" >"$pg_log" 2>&1 &
  pg_pid=$!
else
  echo "test:vitest: integration:postgres SKIPPED (no TEST_DATABASE_URL)" >&2
fi

status=0
if ! command -v faketime >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "test:vitest: faketime is missing (apt-get install faketime; .ci/run installs it)" >&2
    status=1
  else
    echo "test:vitest: faketime is not installed (apt-get install faketime): unit and PGlite suites on today's clock only" >&2
    npx vitest run --project unit --project integration:pglite "$@" || status=$?
  fi
else
  shifted=$(FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$shift_by" date -u +%Y-%m-%d)
  echo "test:vitest: unit and PGlite integration suites with the clock at $shifted (real: $(date -u +%Y-%m-%d))"
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$shift_by" npx vitest run --project unit --project integration:pglite "$@" || status=$?
fi

if [ -n "$pg_pid" ]; then
  pg_status=0
  wait "$pg_pid" || pg_status=$?
  echo
  echo "test:vitest: integration:postgres (ran beside the suites above), exit $pg_status"
  cat "$pg_log"
  rm -f "$pg_log"
  [ "$pg_status" -eq 0 ] || status=$pg_status
fi
exit "$status"
