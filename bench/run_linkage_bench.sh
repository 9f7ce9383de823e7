#!/usr/bin/env bash
# Speed benchmark: links 1,000,000 AT-side records against 1,000,000 census-side records (20%
# of each side without a usable NHS number), end to end from the CSV files, and times sqlite3
# importing the same two files and doing only the exact NHS-number join.
#
#   bench/run_linkage_bench.sh [BUILD_DIR] [DATA_DIR] [RECORDS]
#
# BUILD_DIR is a build with -DATPIPE_BUILD_BENCH=ON (default build/link); it is built here.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/link}"
data="${2:-$build/bench-data/speed}"
records="${3:-1000000}"

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATPIPE_BUILD_BENCH=ON
fi
cmake --build "$build" -j2 --target linkage_gen linkage_speed

# Plain NHS numbers on both sides, so that sqlite's join needs no normalisation of its own.
"$build/bench/linkage_gen" --out "$data" --at "$records" --census "$records" --overlap 0.9 \
  --noise low --unusable-nhs 0.2 --plain --seed 11

echo "== atpipe linkage (read + normalise + exact + probabilistic), 2 threads"
ATPIPE_LINK_THREADS=2 /usr/bin/time -v "$build/bench/linkage_speed" \
  "$data/at.csv" "$data/census.csv" "$data/truth.csv" 2> "$data/atpipe.time"
atpipe_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$data/atpipe.time")
atpipe_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$data/atpipe.time")

echo "== sqlite3: import both files, index, exact join on nhs_number"
cat > "$data/join.sql" <<SQL
.mode csv
.import $data/at.csv at
.import $data/census.csv census
CREATE INDEX census_nhs ON census(nhs_number);
SELECT count(*) AS exact_pairs FROM at JOIN census ON at.nhs_number = census.nhs_number
 WHERE at.nhs_number <> '';
SQL
/usr/bin/time -v sqlite3 :memory: < "$data/join.sql" 2> "$data/sqlite.time"
sqlite_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$data/sqlite.time")
sqlite_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$data/sqlite.time")

# m:ss.cc -> seconds
to_s() { awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<< "$1"; }
a=$(to_s "$atpipe_s")
s=$(to_s "$sqlite_s")
echo
printf 'atpipe linkage : %6.2f s, peak RSS %5d MiB\n' "$a" $((atpipe_kb / 1024))
printf 'sqlite3 exact  : %6.2f s, peak RSS %5d MiB\n' "$s" $((sqlite_kb / 1024))
awk -v a="$a" -v s="$s" 'BEGIN { printf "ratio          : atpipe is %.2fx the speed of sqlite3 (sqlite time / atpipe time)\n", s / a }'
