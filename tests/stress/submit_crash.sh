#!/usr/bin/env bash
# Crash test for submission (issue 13, "Done when"): kills `atpipe submit` with SIGKILL at each
# step of a submission in turn, restarts it, and checks that the receiver ends with exactly one
# copy of the return and that the ledger agrees (one row acknowledged, its receipt the copy).
#
#   tests/stress/submit_crash.sh <atpipe binary> <source tree> [trials=200] \
#       [submission yaml] [count command]
#
# The steps come from core/test_hook.hpp: ATPIPE_TEST_PAUSE_AT=<step> makes atpipe stop there
# until it is killed (compiled in only with ATPIPE_TEST_HOOKS, on in the dev preset). Trials
# cycle through the steps; a step the sink never reaches is counted as "not reached".
#
# The sink is a parameter so the same test runs against any receiver:
#   submission yaml  a file holding a whole `submission:` section; ${OUTBOX} and ${WORK} in it
#                    are expanded by atpipe (default: folder sink into $OUTBOX, approval auto)
#   count command    a shell command printing how many copies of the return the receiver holds
#                    (default: regular, non-hidden files in $OUTBOX); it sees OUTBOX and WORK
#   STEPS            env: the steps to cycle through (default below; add the sink's own)
#   RESET            env: a shell command that empties the receiver before each trial
#                    (the outbox is always emptied)
#   DONE_STATES      env: the ledger states that count as done (default "acknowledged"; a sink
#                    whose receiver confirms later, as MESH, ends a trial in "sent")
#   RECEIPT          env: a shell command printing the receiver's id of the copy; if given, the
#                    ledger row's receipt id must be that id
#
# Against the https_upload sink, with tests/stress/upload_receiver.py as the receiver:
#   STEPS="prepared sending sent_unrecorded sent" RESET='rm -f "$R"/recv/*' \
#     tests/stress/submit_crash.sh BIN . 200 sub.yaml 'ls "$R/recv" | grep -vc "\.part$"'
set -u

BIN=${1:?atpipe binary}
SRC=${2:?source tree}
TRIALS=${3:-200}
SUBMISSION=${4:-}
COUNT=${5:-'find "$OUTBOX" -maxdepth 1 -type f ! -name ".*" | wc -l'}
STEPS=${STEPS:-prepared sending folder_temp_written folder_renamed sent_unrecorded sent}
DONE_STATES=${DONE_STATES:-acknowledged}
PERIOD=2026-10

WORK=$(mktemp -d "${TMPDIR:-/tmp}/atpipe-submit-crash-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export WORK OUTBOX="$WORK/outbox"
mkdir -p "$WORK/config/examples" "$WORK/fixtures" "$OUTBOX"
cp "$SRC/config/examples/icb_example.yaml" "$WORK/config/examples/"
cp -r "$SRC/fixtures/icb_example" "$WORK/fixtures/"
CONFIG="$WORK/config/examples/icb_example.yaml"
if [[ -n "$SUBMISSION" ]]; then
  cat "$SUBMISSION" >>"$CONFIG"
else
  cat >>"$CONFIG" <<'YAML'
submission:
  approval: auto
  sink:
    type: folder
    path: ${OUTBOX}
YAML
fi
export ATPIPE_OUT_DIR="$WORK/out" ATPIPE_STATE_DIR="$WORK/state"
SUBMIT=("$BIN" --log-level error submit --config "$CONFIG" --period "$PERIOD" --lock-wait 5)

fail() {
  echo "submit_crash: FAIL (trial $1): $2" >&2
  "$BIN" submissions --config "$CONFIG" >&2
  exit 1
}

"$BIN" --log-level warn run --once --config "$CONFIG" --period "$PERIOD" --today 2026-11-23 \
  >/dev/null || fail 0 "the fixture run failed"
"$BIN" check-config "$CONFIG" >/dev/null || fail 0 "the config with the submission is invalid"
cp -a "$WORK/state" "$WORK/state.template"

copies() { (eval "$COUNT"); }

# Rows of the period and how many are acknowledged, from the ledger itself.
ledger_rows() { sqlite3 "$WORK/state/state.db" "SELECT count(*) FROM submissions WHERE period='$PERIOD'"; }
ledger_done() {
  local states done_states
  read -r -a done_states <<<"$DONE_STATES"
  states=$(printf "'%s'," "${done_states[@]}")
  sqlite3 "$WORK/state/state.db" \
    "SELECT count(*) FROM submissions WHERE period='$PERIOD' AND state IN (${states%,})"
}
# Whether the ledger's receipt names the copy at the receiver (always, without RECEIPT).
receipt_agrees() {
  [[ -z "${RECEIPT:-}" ]] && return 0
  local at_receiver in_ledger
  at_receiver=$( (eval "$RECEIPT"))
  in_ledger=$(sqlite3 "$WORK/state/state.db" "SELECT receipt_id FROM submissions WHERE period='$PERIOD'")
  [[ -n "$at_receiver" && "$at_receiver" == "$in_ledger" ]]
}

read -r -a steps <<<"$STEPS"
declare -A hit=()
recoveries=0 lost=0 duplicated=0 disagreed=0 unreached=0
for ((trial = 1; trial <= TRIALS; trial++)); do
  step=${steps[$(((trial - 1) % ${#steps[@]}))]}
  rm -rf "$WORK/state" "$OUTBOX" "$WORK/paused"
  cp -a "$WORK/state.template" "$WORK/state"
  mkdir -p "$OUTBOX"
  [[ -z "${RESET:-}" ]] || (eval "$RESET")
  ATPIPE_TEST_PAUSE_AT=$step ATPIPE_TEST_PAUSE_FILE="$WORK/paused" "${SUBMIT[@]}" \
    >/dev/null 2>&1 &
  pid=$!
  for ((i = 0; i < 2000; i++)); do
    [[ -e "$WORK/paused" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  if [[ -e "$WORK/paused" ]]; then
    hit[$step]=$((${hit[$step]:-0} + 1))
  else
    unreached=$((unreached + 1))
  fi
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  # The restart: resumes the ledger; exit 0 (sent now) or 8 (already sent, settled on resume).
  "${SUBMIT[@]}" >"$WORK/restart.out" 2>&1
  rc=$?
  ((rc == 0 || rc == 8)) || fail "$trial" "restart after a kill at '$step' exited $rc: $(cat "$WORK/restart.out")"
  n=$(copies)
  ((n == 0)) && lost=$((lost + 1))
  ((n > 1)) && duplicated=$((duplicated + 1))
  if [[ $(ledger_done) == 1 && $(ledger_rows) == 1 && $n == 1 ]] && receipt_agrees; then
    recoveries=$((recoveries + 1))
  else
    disagreed=$((disagreed + 1))
    echo "submit_crash: trial $trial (kill at '$step'): $n copies, ledger $(ledger_done) done of $(ledger_rows)" >&2
  fi
done

per_step=""
for step in "${steps[@]}"; do
  per_step+=" $step=${hit[$step]:-0}"
done
echo "submit_crash: trials $TRIALS, recoveries $recoveries, copies lost $lost," \
  "copies duplicated $duplicated, ledger disagreed $disagreed, step not reached $unreached"
echo "submit_crash: kills per step:$per_step"
((recoveries == TRIALS))
