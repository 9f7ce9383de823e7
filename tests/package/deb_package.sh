#!/usr/bin/env bash
# Builds the .deb from a configured and built tree with cpack and checks what it installs:
# file list and modes (dpkg-deb -c), control data and maintainer scripts (dpkg-deb -I/-e),
# then, unpacked into a scratch root, that the binary runs and accepts the shipped config, that
# the sysusers.d and tmpfiles.d entries make the atpipe user and its private folders there
# (systemd-sysusers/-tmpfiles --root), and that the unit's exposure is still at most 1.5.
# usage: deb_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "deb_package: $*" >&2
  exit 1
}

(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg") >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$tmp"/pkg/atpipe_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || fail "no atpipe_*.deb in $tmp/pkg"
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

dpkg-deb -c "$deb" >"$tmp/contents"
expect_file() {  # path mode
  grep -qE "^$2 root/root +[0-9]+ [0-9-]+ [0-9:]+ \.$1\$" "$tmp/contents" ||
    { cat "$tmp/contents" >&2; fail "missing $1 with mode $2"; }
}
expect_file /usr/bin/atpipe -rwxr-xr-x
expect_file /usr/lib/systemd/system/atpipe.service -rw-r--r--
expect_file /usr/lib/sysusers.d/atpipe.conf -rw-r--r--
expect_file /usr/lib/tmpfiles.d/atpipe.conf -rw-r--r--
expect_file /etc/atpipe/atpipe.yaml -rw-r-----
expect_file /etc/atpipe/atpipe.env.example -rw-r-----

dpkg-deb -I "$deb" >"$tmp/info"
grep -q '^ Package: atpipe$' "$tmp/info" || fail "package name"
grep -qE '^ Depends: .*libsystemd0' "$tmp/info" || { cat "$tmp/info" >&2; fail "Depends lacks libsystemd0"; }
grep -qE '^ Depends: .*systemd' "$tmp/info" || fail "Depends lacks systemd"
dpkg-deb -e "$deb" "$tmp/control"
grep -qx /etc/atpipe/atpipe.yaml "$tmp/control/conffiles" || fail "atpipe.yaml is not a conffile"
for script in postinst prerm postrm; do
  [ -x "$tmp/control/$script" ] || fail "$script missing or not executable"
  sh -n "$tmp/control/$script" || fail "$script: syntax error"
done

root="$tmp/root"
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/atpipe" --version >/dev/null || fail "the packaged binary does not run"
"$root/usr/bin/atpipe" check-config "$root/etc/atpipe/atpipe.yaml" >/dev/null ||
  fail "the packaged config does not pass check-config"
grep -qx 'ExecStart=/usr/bin/atpipe daemon --config /etc/atpipe/atpipe.yaml $ATPIPE_DAEMON_ARGS' \
  "$root/usr/lib/systemd/system/atpipe.service" || fail "ExecStart does not name /usr/bin/atpipe"

# What postinst does, inside the scratch root.
touch "$root/etc/passwd" "$root/etc/group" "$root/etc/shadow" "$root/etc/gshadow"
systemd-sysusers --root="$root" || fail "systemd-sysusers refused the entry"
grep -q '^atpipe:x:[0-9]*:[0-9]*:.*:/var/lib/atpipe:/usr/sbin/nologin$' "$root/etc/passwd" ||
  { cat "$root/etc/passwd" >&2; fail "sysusers did not make the atpipe user"; }
systemd-tmpfiles --root="$root" --create || fail "systemd-tmpfiles refused the entry"
for dir in var/lib/atpipe var/lib/atpipe/out var/log/atpipe; do
  [ "$(stat -c %a "$root/$dir")" = 700 ] || fail "/$dir is not 0700"
done
[ "$(stat -c %a "$root/etc/atpipe")" = 750 ] || fail "/etc/atpipe is not 0750"

bash "$src/tests/systemd/unit_exposure.sh" "$root/usr/lib/systemd/system/atpipe.service" 1.5
echo "deb_package: ok"
