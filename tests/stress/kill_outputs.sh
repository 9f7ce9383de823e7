#!/usr/bin/env bash
# Kill test for output sets (issue 10, "Done when"): runs the fixture run on a copy of the
# fixtures and SIGKILLs it at random points of its write phase. After every kill the published
# set (<out>/<period>) must be a whole set, the old one or the new one, never a mix: its
# MANIFEST says complete and every file's size and SHA-256 match, and the folder holds nothing
# else. Then a normal run must succeed and leave no temporary file behind.
#
#   tests/stress/kill_outputs.sh <atpipe binary> <source tree> [trials=200] [slow_ms=3]
#
# ATPIPE_TEST_SLOW_WRITES=<slow_ms> makes the killed run sleep between the steps of writing a
# set, so that a random delay after the set folder appears lands inside the write phase.
set -u

BIN=${1:?atpipe binary}
SRC=${2:?source tree}
TRIALS=${3:-200}
SLOW=${4:-3}
PERIOD=2026-10

WORK=$(mktemp -d "${TMPDIR:-/tmp}/atpipe-kill-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/config/examples" "$WORK/fixtures"
cp "$SRC/config/examples/icb_example.yaml" "$WORK/config/examples/"
cp -r "$SRC/fixtures/icb_example" "$WORK/fixtures/"
OUT="$WORK/out"
export ATPIPE_OUT_DIR="$OUT" ATPIPE_STATE_DIR="$WORK/state"
RUN=("$BIN" --log-level warn run --once --config "$WORK/config/examples/icb_example.yaml"
     --period "$PERIOD" --today 2026-11-23)

fail() {
  echo "kill_outputs: FAIL (trial $1): $2" >&2
  ls -laR "$OUT" >&2
  exit 1
}

# Prints the run id of the published set after checking it whole; "none" when nothing is
# published yet.
check_published() {
  local trial=$1 link="$OUT/$PERIOD"
  if [[ ! -e "$link" && ! -L "$link" ]]; then
    echo none
    return
  fi
  [[ -L "$link" ]] || fail "$trial" "$link is not a link"
  local target
  target=$(readlink "$link")
  [[ "$target" == .runs/* && "$target" != *.tmp ]] || fail "$trial" "published target $target"
  local set="$OUT/$target"
  [[ -f "$set/MANIFEST" ]] || fail "$trial" "published set has no MANIFEST"
  grep -qx 'status complete' "$set/MANIFEST" || fail "$trial" "published set is not complete"
  local run_id listed=0 kind sum size name
  run_id=$(sed -n 's/^run_id //p' "$set/MANIFEST")
  while read -r kind sum size name; do
    [[ "$kind" == file ]] || continue
    listed=$((listed + 1))
    [[ -f "$set/$name" && ! -L "$set/$name" ]] || fail "$trial" "$name missing from the set"
    [[ $(stat -c %s "$set/$name") == "$size" ]] || fail "$trial" "$name has the wrong size"
    [[ $(sha256sum "$set/$name" | cut -d' ' -f1) == "$sum" ]] ||
      fail "$trial" "$name does not match its checksum"
  done <"$set/MANIFEST"
  local present
  present=$(find "$set" -mindepth 1 | wc -l)
  ((listed > 0 && present == listed + 1)) || fail "$trial" "set holds files its MANIFEST lacks"
  echo "$run_id"
}

check_no_temporaries() {
  local left
  left=$(find "$OUT" -name '*.tmp*' | head -5)
  [[ -z "$left" ]] || fail "$1" "temporaries left after a normal run: $left"
}

# Starts a slowed run in the background (its pid in $pid) and returns once its set folder
# exists, that is once the write phase has begun.
start_slowed_run() {
  ATPIPE_TEST_SLOW_WRITES=$SLOW "${RUN[@]}" >/dev/null 2>&1 &
  pid=$!
  for ((i = 0; i < 4000; i++)); do
    compgen -G "$OUT/.runs/*.tmp" >/dev/null && return
    kill -0 "$pid" 2>/dev/null || return
    sleep 0.001
  done
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A first complete set, so every kill has an old set to keep.
"${RUN[@]}" >/dev/null || fail 0 "the first run failed"
old=$(check_published 0) || exit 1
[[ "$old" != none ]] || fail 0 "the first run published nothing"

# How long the slowed write phase lasts here (the slowest of three), so kills spread over it.
PHASE=1
for ((i = 0; i < 3; i++)); do
  start_slowed_run
  began=$(now_ms)
  wait "$pid" || fail 0 "a slowed run failed"
  took=$(($(now_ms) - began))
  ((took > PHASE)) && PHASE=$took
done
old=$(check_published 0) || exit 1

kept_old=0
got_new=0
killed=0     # runs the SIGKILL stopped (the others had finished first)
left_temp=0  # kills that left a temporary for the next run to remove
for ((trial = 1; trial <= TRIALS; trial++)); do
  start_slowed_run
  # A random point of the write phase (a little beyond it too, to kill around the end).
  delay=$((RANDOM % (PHASE + PHASE / 5 + 1)))
  sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  (($? == 137)) && killed=$((killed + 1))
  [[ -n $(find "$OUT" -name '*.tmp*' | head -1) ]] && left_temp=$((left_temp + 1))
  now=$(check_published "$trial") || exit 1
  if [[ "$now" == "$old" ]]; then
    kept_old=$((kept_old + 1))
  else
    got_new=$((got_new + 1))
  fi
  "${RUN[@]}" >/dev/null || fail "$trial" "the normal run after a kill failed"
  check_no_temporaries "$trial"
  old=$(check_published "$trial") || exit 1
done
echo "kill_outputs: $TRIALS trial(s) passed (write phase ~${PHASE} ms; $killed killed in it," \
  "$left_temp leaving temporaries): after the kill $kept_old showed the old set and" \
  "$got_new the new one, every set whole; no temporary left after the next run"
