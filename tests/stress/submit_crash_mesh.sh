#!/usr/bin/env bash
# The submission crash test (submit_crash.sh, issue 13) against the MESH sink: makes a test PKI,
# starts the MESH test server on 127.0.0.1, points a `type: mesh` sink at it and kills
# `atpipe submit` at each of the steps a MESH submission passes through.
#
#   tests/stress/submit_crash_mesh.sh <atpipe binary> <atpipe_mesh_server binary> \
#       <source tree> [trials=200]
#
# The ledger agrees when its one row is `sent` (or `acknowledged`: nobody downloads the message
# here, so MESH tracking says `accepted` and the row stays sent) and its receipt id is the id of
# the one copy on the server. Copies are the messages to the recipient's mailbox (X26ABC2) that MESH accepted or that
# were acknowledged; a half-uploaded one (`uploading`) is not a copy. The mailboxes are emptied
# before each trial, because every trial starts from the same ledger and so sends the same
# local id, which MESH tracking would otherwise already know.
set -u

BIN=${1:?atpipe binary}
SERVER=${2:?atpipe_mesh_server binary}
SRC=$(cd "${3:?source tree}" && pwd)
TRIALS=${4:-200}

MESH=$(mktemp -d "${TMPDIR:-/tmp}/atpipe-submit-crash-mesh-XXXXXX")
server_pid=""
cleanup() {
  [[ -z "$server_pid" ]] || { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }
  rm -rf "$MESH"
}
trap cleanup EXIT

bash "$SRC/tests/mesh_server/make_test_pki.sh" "$MESH/pki" || exit 1
mkdir -p "$MESH/box"
"$SERVER" --dir "$MESH/box" --port 0 --cert "$MESH/pki/server.pem" --key "$MESH/pki/server.key" \
  --client-ca "$MESH/pki/ca.pem" --shared-secret TestKey \
  --mailbox X26ABC1:pw1 --mailbox X26ABC2:pw2 >"$MESH/server.log" 2>&1 &
server_pid=$!
for ((i = 0; i < 1000; i++)); do
  [[ -s "$MESH/box/port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.01
done
[[ -s "$MESH/box/port" ]] || { echo "submit_crash_mesh: the MESH server did not start" >&2; cat "$MESH/server.log" >&2; exit 1; }
port=$(<"$MESH/box/port")

export MESH_MAILBOX_PASSWORD=pw1 MESH_SHARED_SECRET=TestKey
cat >"$MESH/submission.yaml" <<YAML
submission:
  approval: auto
  sink:
    type: mesh
    url: https://127.0.0.1:$port
    mailbox: X26ABC1
    password: "\${MESH_MAILBOX_PASSWORD}"
    shared_secret: "\${MESH_SHARED_SECRET}"
    to: X26ABC2
    workflow_id: AT_RETURN
    client_cert: $MESH/pki/client.pem
    client_key: $MESH/pki/client.key
    ca_bundle: $MESH/pki/ca.pem
YAML

export BOX="$MESH/box"
# shellcheck disable=SC2016  # expanded by submit_crash.sh
COPIES='grep -l "^to=X26ABC2$" "$BOX"/messages/*/meta 2>/dev/null |
  xargs -r grep -lE "^status=(accepted|acknowledged)$"'
COUNT="$COPIES | wc -l"
export RECEIPT="$COPIES | xargs -r -n1 dirname | xargs -r -n1 basename"
# shellcheck disable=SC2016
RESET='rm -rf "$BOX"/messages/* && find "$BOX"/inbox -type f -delete 2>/dev/null; true' \
  STEPS="prepared sending sent_unrecorded sent" DONE_STATES="sent acknowledged" \
  bash "$SRC/tests/stress/submit_crash.sh" "$BIN" "$SRC" "$TRIALS" "$MESH/submission.yaml" "$COUNT"
