#!/usr/bin/env bash
# The unit's sandbox, rated by systemd itself: `systemd-analyze security` on
# systemd/atpipe.service.in (install paths filled in as `cmake --install` does) must report an
# overall exposure of at most MAX (default 1.5; README "Install" gives the figure).
# usage: unit_exposure.sh UNIT_FILE_OR_TEMPLATE [MAX]
set -euo pipefail
unit_in=$1
max=${2:-1.5}
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze not found: apt-get install systemd (scripts/deps/daemon.txt)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e 's#@ATPIPE_BIN_DIR@#/usr/bin#g; s#@ATPIPE_CONFIG_DIR@#/etc/atpipe#g' \
  -e 's#@ATPIPE_DOC_DIR@#/usr/share/doc/atpipe#g' "$unit_in" >"$tmp/atpipe.service"
if grep -q '@[A-Z_]*@' "$tmp/atpipe.service"; then
  echo "unfilled placeholder in $unit_in" >&2
  exit 1
fi
report=$(SYSTEMD_COLORS=0 systemd-analyze security --offline=yes --no-pager \
  "$tmp/atpipe.service" 2>&1) || true
figure=$(sed -n 's/.*Overall exposure level for atpipe.service: \([0-9.]*\).*/\1/p' <<<"$report")
if [ -z "$figure" ]; then
  echo "$report" >&2
  echo "no exposure figure in systemd-analyze's report" >&2
  exit 1
fi
echo "atpipe.service exposure: $figure (at most $max)"
if ! awk -v f="$figure" -v m="$max" 'BEGIN { exit !(f <= m) }'; then
  grep '✗' <<<"$report" >&2 || true
  echo "exposure $figure is above $max" >&2
  exit 1
fi
