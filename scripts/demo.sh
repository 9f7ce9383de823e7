#!/usr/bin/env bash
# Fresh machine to first return: installs what is missing, builds, and runs the monthly job
# on the bundled fictional ICB (fixtures/icb_example) for October 2026.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Only the binary the job runs, not the test suite (scripts/test.sh builds that).
cmake --preset dev >/dev/null
cmake --build --preset dev --target atpipe
export ATPIPE_OUT_DIR="${ATPIPE_OUT_DIR:-$PWD/out}"
export ATPIPE_STATE_DIR="${ATPIPE_STATE_DIR:-$PWD/out}"
status=0
build/dev/daemon/atpipe run --once --config config/examples/icb_example.yaml \
  --period 2026-10 --today 2026-11-23 || status=$?
if [ "$status" -ne 0 ]; then
  echo "atpipe exited with status $status (see README, Exit codes)" >&2
fi
exit "$status"
