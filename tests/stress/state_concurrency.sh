#!/usr/bin/env bash
# State store concurrency test (issue 10, "Done when"): N trials, each of
#   (a) `atpipe run --once` while a plain sqlite3 reader loops on the same state database, and
#   (b) two `atpipe run --once` started at once on one state, one of them with --lock-wait 0;
# after each trial: PRAGMA integrity_check is ok, every run that exited 0 or 4 is in `runs`,
# `runs` holds runs only (and `atpipe runs` lists them), and a run refused by the run lock
# exited 7 with its message. Works on a copy of the fixtures in a temporary folder.
#
# Usage: tests/stress/state_concurrency.sh PATH/TO/atpipe [N]      (N defaults to 200)
set -euo pipefail

atpipe=$(realpath "${1:?usage: $0 PATH/TO/atpipe [N]}")
trials=${2:-200}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/atpipe-stress-XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -s $work/reader.err ]] && sort "$work/reader.err" | uniq -c | head -5 >&2; rm -rf "$work"' EXIT

mkdir -p "$work/config/examples" "$work/fixtures"
cp "$repo/config/examples/icb_example.yaml" "$work/config/examples/"
cp -r "$repo/fixtures/icb_example" "$work/fixtures/"
export ATPIPE_OUT_DIR="$work/out" ATPIPE_STATE_DIR="$work/state"
db="$work/state/state.db"
config="$work/config/examples/icb_example.yaml"
run_id_glob='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]'

recorded=0   # runs that exited 0 or 4 so far
refused=0    # runs the run lock turned away
failures=0
reader_errors=0

fail() { echo "trial $trial: $*" >&2; failures=$((failures + 1)); }

# run NAME [extra args]: runs atpipe in the background, output in $work/NAME.{out,err}
start_run() {
  local name=$1; shift
  "$atpipe" --log-level warn run --once --config "$config" --period 2026-10 \
    --today 2026-11-23 "$@" >"$work/$name.out" 2>"$work/$name.err" &
}

# check_run NAME EXIT: a run that exited 0/4 must be recorded; 7 must say why.
check_run() {
  local name=$1 code=$2 id
  case $code in
    0|4)
      recorded=$((recorded + 1))
      id=$(sed -n 's/^atpipe run \([^ ]*\) for period.*/\1/p' "$work/$name.out")
      [[ -n $id ]] || { fail "$name exited $code without a summary"; return; }
      [[ $(sqlite3 "$db" "select count(*) from runs where run_id='$id'") == 1 ]] ||
        fail "$name ($id) exited $code but is not in runs"
      ;;
    7)
      refused=$((refused + 1))
      grep -q "another atpipe run is working on this state" "$work/$name.err" ||
        fail "$name exited 7 without the lock message"
      ;;
    *) fail "$name exited $code: $(head -c 300 "$work/$name.err")" ;;
  esac
}

check_state() {
  local integrity runs others
  integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
  [[ $integrity == ok ]] || fail "integrity_check: $integrity"
  runs=$(sqlite3 "$db" 'select count(*) from runs')
  [[ $runs == "$recorded" ]] || fail "runs holds $runs rows, $recorded runs were recorded"
  others=$(sqlite3 "$db" "select count(*) from runs where run_id not glob '$run_id_glob'")
  [[ $others == 0 ]] || fail "runs holds $others row(s) that are not runs"
  "$atpipe" runs --state "$db" --limit 1000 >"$work/runs.out" 2>"$work/runs.err" ||
    fail "atpipe runs failed: $(head -c 300 "$work/runs.err")"
}

started=$(date +%s)
for ((trial = 1; trial <= trials; trial++)); do
  # (a) a reader loop beside a run
  start_run a; run_pid=$!
  while kill -0 "$run_pid" 2>/dev/null; do
    [[ -f $db ]] || continue
    sqlite3 "$db" 'select count(*) from runs' >/dev/null 2>>"$work/reader.err" ||
      reader_errors=$((reader_errors + 1))
  done
  set +e; wait "$run_pid"; code=$?; set -e
  [[ $code == 0 ]] || fail "run beside the reader exited $code"
  check_run a "$code"
  check_state

  # (b) two runs at once: one waits for the lock, one gives up at once
  start_run b1; pid1=$!
  start_run b2 --lock-wait 0; pid2=$!
  set +e; wait "$pid1"; code1=$?; wait "$pid2"; code2=$?; set -e
  [[ $code1 == 0 ]] || fail "the waiting run exited $code1"
  check_run b1 "$code1"
  check_run b2 "$code2"
  check_state
done
elapsed=$(( $(date +%s) - started ))

echo "state_concurrency: $trials trial(s) in ${elapsed}s: $recorded run(s) recorded," \
     "$refused refused by the run lock (exit 7), $reader_errors reader error(s), $failures failure(s)"
if ((failures > 0)); then
  exit 1
fi
# The lock must have been exercised, or (b) proved nothing.
if ((trials >= 10 && refused == 0)); then
  echo "state_concurrency: no run was ever refused by the run lock" >&2
  exit 1
fi
