#!/usr/bin/env bash
# Fresh machine to green tests: installs what is missing, builds the dev and the ASan+UBSan
# presets, and runs the whole ctest suite in both.
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
