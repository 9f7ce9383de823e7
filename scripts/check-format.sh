#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format (clang-format is on the build machines;
# installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clang-format >/dev/null
fi
files=$(git ls-files '*.cpp' '*.hpp')
clang-format --dry-run --Werror $files
