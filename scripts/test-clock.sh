#!/usr/bin/env bash
# Runs the unit and PGlite integration suites with the process clock a year ahead
# (Debian's faketime), so a test that only passes on today's calendar fails here.
# PGlite runs inside the Node process, so its now() moves too; a PostgreSQL server
# would not, hence PGlite only. Monotonic time stays real, or timers misbehave.
set -euo pipefail
shift_by="${CLOCK_SHIFT:-+365d}"
if ! command -v faketime >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "test:clock: faketime is missing (apt-get install faketime; .ci/run installs it)" >&2
    exit 1
  fi
  echo "test:clock: SKIPPED, faketime is not installed (apt-get install faketime)" >&2
  exit 0
fi
shifted=$(FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$shift_by" date -u +%Y-%m-%d)
echo "test:clock: unit and PGlite integration suites with the clock at $shifted (real: $(date -u +%Y-%m-%d))"
FAKETIME_DONT_FAKE_MONOTONIC=1 exec faketime -f "$shift_by" npx vitest run --project unit --project integration:pglite "$@"
