#!/usr/bin/env bash
# ctest browser.dashboard: runs the fixture month, serves it with `atpipe serve-status` on
# 127.0.0.1 (any free port, token required) and drives the dashboard in headless chromium.
# Usage: run_dashboard_test.sh ATPIPE_BINARY SOURCE_DIR OUTPUT_DIR
# Exits 77 (ctest: skipped) only when chromium or node is not installed; scripts/install-deps.sh
# installs both.
set -euo pipefail
binary=$1
source_dir=$2
out_dir=$3

if [ ! -x /usr/bin/chromium ]; then
  echo "SKIP: /usr/bin/chromium is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIP: node and npm are not installed (scripts/install-deps.sh installs them)"
  exit 77
fi

mkdir -p "$out_dir"
rm -f "$out_dir"/dashboard.png "$out_dir"/queries_*.csv
# playwright-core is installed once per build folder, beside the test output.
node_dir="$out_dir/../browser-node"
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error playwright-core >/dev/null
fi

work=$(mktemp -d /tmp/atpipe_browser.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

sed "s#\.\./\.\./fixtures#$source_dir/fixtures#g" "$source_dir/config/examples/icb_example.yaml" \
  > "$work/atpipe.yaml"
printf '\nstatus:\n  listen: 127.0.0.1:8470\n  token: "${ATPIPE_TEST_STATUS_TOKEN}"\n' >> "$work/atpipe.yaml"
export ATPIPE_OUT_DIR="$work/out" ATPIPE_STATE_DIR="$work/state"
export ATPIPE_TEST_STATUS_TOKEN="browser-test-$RANDOM$RANDOM"
"$binary" --log-level warn run --once --config "$work/atpipe.yaml" --period 2026-10 \
  --today 2026-11-23 >/dev/null

"$binary" serve-status --config "$work/atpipe.yaml" --status-listen 127.0.0.1:0 \
  > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.out" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "the status server did not start:" >&2
  cat "$work/serve.err" >&2
  exit 1
fi

PLAYWRIGHT_DIR="$(cd "$node_dir" && pwd)" node "$(dirname "$0")/dashboard_test.mjs" "$url" \
  "$ATPIPE_TEST_STATUS_TOKEN" "$(cd "$out_dir" && pwd)" "$work/out/2026-10/queries_QPM_2026-10.csv"
