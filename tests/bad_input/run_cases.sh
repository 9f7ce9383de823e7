#!/usr/bin/env bash
# Runs every case of the bad-input corpus (tests/bad_input/<case>/) against the atpipe binary.
#
# A case folder holds config.yaml, any input files, an optional `setup` script (run with bash in
# a scratch copy of the folder, for inputs that cannot live in git: FIFOs, symbolic links, huge
# files) and an `expect` file of `key: value` lines:
#   command: run --once --dry-run --config config.yaml     (arguments after `atpipe`)
#   exit: 4                                                (the expected exit status)
#   message: is a FIFO                                     (a substring of stdout+stderr; repeatable)
#   absent: 9990000018                                     (must NOT appear: a patient value; repeatable)
# Every command runs under a time limit, so an input that makes atpipe hang fails the case.
# Usage: run_cases.sh ATPIPE_BINARY [CASE...]
set -u
binary=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for dir in "$here"/*/; do cases+=("$(basename "$dir")"); done
fi
scratch=$(mktemp -d)
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
failed=0
for name in "${cases[@]}"; do
  work="$scratch/$name"
  cp -r "$here/$name" "$work"
  if [ -f "$work/setup" ] && ! (cd "$work" && bash ./setup); then
    echo "FAIL $name: setup failed"; failed=$((failed + 1)); continue
  fi
  command=$(sed -n 's/^command: //p' "$work/expect")
  want_exit=$(sed -n 's/^exit: //p' "$work/expect")
  # shellcheck disable=SC2086  # the command line is split into arguments on purpose
  output=$(cd "$work" && ATPIPE_STATE_DIR="$work" timeout 30 "$binary" $command 2>&1)
  got_exit=$?
  problems=()
  [ "$got_exit" = "$want_exit" ] || problems+=("exit $got_exit, expected $want_exit")
  while IFS= read -r message; do
    [[ "$output" == *"$message"* ]] || problems+=("no '$message' in the output")
  done < <(sed -n 's/^message: //p' "$work/expect")
  while IFS= read -r value; do
    [[ "$output" != *"$value"* ]] || problems+=("the output quotes '$value'")
  done < <(sed -n 's/^absent: //p' "$work/expect")
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name: $(IFS=';'; echo "${problems[*]}")"
    echo "---- output of atpipe $command"; echo "$output" | head -c 4000; echo "----"
  fi
done
echo "${#cases[@]} case(s), $failed failed"
[ "$failed" -eq 0 ]
