#!/usr/bin/env bash
# Fresh machine to green tests: installs what is missing, builds the dev and the ASan+UBSan
# presets and runs the whole ctest suite in both, then builds the release preset (-O3, with
# the benchmarks) and smoke-tests its binary: --version, and the fixture run giving exactly
# the expected outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/check-format.sh
for preset in dev asan; do
  echo "== build ($preset)"
  scripts/build.sh "$preset"
  echo "== test ($preset)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset "$preset" -j2
done

# Release: GCC warns differently at -O3 (-Wrestrict, -Wstringop-*), so it is built with the
# same -Werror; the suite is not run again, only a smoke test of what users install.
echo "== build (release)"
scripts/build.sh release
echo "== smoke (release)"
atpipe=build/release/daemon/atpipe
"$atpipe" --version
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
if ! ATPIPE_OUT_DIR="$smoke/out" ATPIPE_STATE_DIR="$smoke/state" \
  "$atpipe" run --once --config config/examples/icb_example.yaml --period 2026-10 \
  --today 2026-11-23 >"$smoke/log" 2>&1; then
  cat "$smoke/log" >&2
  exit 1
fi
for expected in fixtures/icb_example/expected/*; do
  cmp "$expected" "$smoke/out/$(basename "$expected")"
done
echo "release smoke: the fixture run matches fixtures/icb_example/expected"
