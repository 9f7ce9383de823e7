#!/usr/bin/env bash
# Accuracy harness: generates AT and census extracts with known truth at three noise levels
# and prints precision, recall and F1 of the linkage engine on each.
#
#   bench/run_accuracy.sh [BUILD_DIR] [DATA_DIR] [RECORDS]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/link}"
data="${2:-$build/bench-data/accuracy}"
records="${3:-100000}"

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATPIPE_BUILD_BENCH=ON
fi
cmake --build "$build" -j2 --target linkage_gen linkage_accuracy

for level in low medium heavy; do
  "$build/bench/linkage_gen" --out "$data/$level" --at "$records" --census "$records" \
    --overlap 0.8 --noise "$level" --seed 7
done
"$build/bench/linkage_accuracy" "$data/low" "$data/medium" "$data/heavy"
