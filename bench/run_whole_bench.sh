#!/usr/bin/env bash
# Whole-run benchmark (issue 11): times `atpipe run --once` end to end (pull, map, validate,
# merge, reconcile, outputs and state) on synthetic AT and census extracts, and in the same
# run sqlite3 importing the same two files, indexing and doing the exact NHS-number join.
# Prints wall time, peak RSS and the ratio at each size so the growth is visible.
#
#   bench/run_whole_bench.sh [BUILD_DIR] [SIZES...]       (default sizes: 10000 100000 1000000)
#
# BUILD_DIR is a Release build with -DATPIPE_BUILD_BENCH=ON (default build/release, the
# release preset); it is built here. Data and runs go under BUILD_DIR/bench-data/whole.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
shift || true
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000 1000000)
mkdir -p "$build"
build="$(cd "$build" && pwd)"
work="$build/bench-data/whole"
mkdir -p "$work"

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATPIPE_BUILD_BENCH=ON
fi
cmake --build "$build" -j2 --target atpipe linkage_gen

# Every mandatory item of the return is mapped: the generated columns where the extract has
# them, constants (valid codes) for the rest, as a user would for a source without them.
write_config() {
  local dir="$1"
  cat > "$dir/whole.yaml" <<YAML
version: 1
organisation: { commissioner: QPM, name: Bench ICB, timezone: Europe/London }
state: { sqlite: "$dir/state/state.db" }
sources:
  provider:
    type: csv
    role: at
    path: "$dir/at.csv"
    precedence: 1
    mapping:
      local_id: local_id
      spec_version: { value: "4" }
      nhs_number: nhs_number
      surname: surname
      forename: forename
      date_of_birth: { column: date_of_birth, format: "%d/%m/%Y" }
      gender_identity: gender
      postcode_home: postcode
      ethnic_category: { value: A }
      commissioner_code: { value: QPM }
      originating_commissioner_code: { value: QPM }
      commissioning_arrangement: { value: PC }
      provider_code: { value: RP1 }
      provider_site_code: { value: RP101 }
      lda_category: { value: "1" }
      admission_date: { value: "2026-03-02", format: "%Y-%m-%d" }
      admission_source: { value: "19" }
      admission_type: { value: FIRST }
      admission_planned: { value: "2" }
      admission_reason: { value: MENTAL_DISORDER }
      dsr_before_admission: { value: "N" }
      mha_legal_status: { value: "03" }
      ward_security: { value: "1" }
      bed_type: { value: "116" }
      diagnosis_since_admission: { value: NONE }
      ld_diagnosis_date: { value: "2001-01-01", format: "%Y-%m-%d" }
      advocacy_type: { value: IMHA }
      care_plan_status: { value: "3" }
      delayed_discharge: { value: "N" }
      last_updated: { value: "2026-10-20", format: "%Y-%m-%d" }
  census:
    type: csv
    role: census
    path: "$dir/census.csv"
    mapping:
      local_id: local_id
      nhs_number: nhs_number
      surname: surname
      forename: forename
      date_of_birth: { column: date_of_birth, format: "%Y-%m-%d" }
      postcode_home: postcode
      gender_identity: gender
reconcile:
  compare: [date_of_birth, postcode_home]
  method: probabilistic
outputs:
  directory: "$dir/out"
YAML
}

# m:ss.cc or h:mm:ss -> seconds
to_s() { awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<< "$1"; }
field() { awk -F': ' -v k="$2" '$0 ~ k {print $2}' "$1"; }

printf '\n%-9s %12s %10s %12s %10s %8s\n' rows "atpipe s" "MiB" "sqlite3 s" "MiB" ratio
for n in "${sizes[@]}"; do
  dir="$work/$n"
  rm -rf "$dir/state" "$dir/out"
  mkdir -p "$dir"
  if [[ ! -f "$dir/at.csv" ]]; then
    "$build/bench/linkage_gen" --out "$dir" --at "$n" --census "$n" --overlap 0.9 \
      --noise low --unusable-nhs 0.2 --plain --seed 11 >/dev/null
  fi
  write_config "$dir"
  status=0
  # --log-level debug: the run logs each stage's time and the peak memory so far (stderr).
  /usr/bin/time -v -o "$dir/atpipe.time" "$build/daemon/atpipe" --log-level debug run --once \
    --config "$dir/whole.yaml" --today 2026-11-03 > "$dir/atpipe.out" 2> "$dir/atpipe.log" ||
    status=$?
  # A source that failed or a run that stopped is not a figure: the whole run must be "ok".
  if [[ $status -ne 0 ]]; then
    echo "atpipe run failed at $n rows (exit $status):" >&2
    tail -20 "$dir/atpipe.out" "$dir/atpipe.log" "$dir/atpipe.time" >&2
    exit 1
  fi
  cat > "$dir/join.sql" <<SQL
.mode csv
.import $dir/at.csv at
.import $dir/census.csv census
CREATE INDEX census_nhs ON census(nhs_number);
SELECT count(*) AS exact_pairs FROM at JOIN census ON at.nhs_number = census.nhs_number
 WHERE at.nhs_number <> '';
SQL
  /usr/bin/time -v sqlite3 :memory: < "$dir/join.sql" > "$dir/sqlite.out" 2> "$dir/sqlite.time"
  a=$(to_s "$(field "$dir/atpipe.time" 'Elapsed \\(wall clock\\)')")
  s=$(to_s "$(field "$dir/sqlite.time" 'Elapsed \\(wall clock\\)')")
  akb=$(field "$dir/atpipe.time" 'Maximum resident set size')
  skb=$(field "$dir/sqlite.time" 'Maximum resident set size')
  awk -v n="$n" -v a="$a" -v s="$s" -v am="$((akb / 1024))" -v sm="$((skb / 1024))" \
    'BEGIN { printf "%-9s %12.2f %10d %12.2f %10d %8.2f\n", n, a, am, s, sm, a / s }'
  # Where atpipe's time went, stage by stage, at this size.
  sed -n 's/.*\] stage \(.*\): \([0-9]*\) ms, peak RSS \([0-9]*\) MiB, RSS now \([0-9]*\) MiB/\1|\2|\3|\4/p' \
    "$dir/atpipe.log" |
    awk -F'|' '{ printf "            %-36s %7d ms %8d MiB peak %8d MiB held\n", $1, $2, $3, $4 }'
done
echo
echo "ratio = atpipe wall time / sqlite3 wall time (below 1.0: atpipe's whole run is faster)"
echo "atpipe's summary of the last run: $dir/atpipe.out"
