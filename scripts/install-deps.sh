#!/usr/bin/env bash
# Installs the Debian packages atpipe builds and tests with (README "Dependencies").
# Skips apt entirely when everything is already there.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git tzdata
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev libhowardhinnant-date-dev
  libsqlite3-dev libicu-dev rapidjson-dev libxlsxwriter-dev libssl-dev catch2 sqlite3 python3
  python3-yaml
  # Google Benchmark: the release preset builds bench/ (ATPIPE_BUILD_BENCH=ON) and its
  # comparator micro-benchmarks.
  libbenchmark-dev
)

# Connectors with their own dependencies list them in scripts/deps/<name>.txt, one package
# per line (# comments allowed).
for list in "$(dirname "$0")"/deps/*.txt; do
  [ -e "$list" ] || continue
  while read -r p _; do
    case "$p" in ''|\#*) continue ;; esac
    PACKAGES+=("$p")
  done < "$list"
done

# The dashboard's browser test runs playwright-core (from npm, at test time) under node. A
# machine without node gets Debian's; a node installed another way (NodeSource) is left alone.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "atpipe: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
