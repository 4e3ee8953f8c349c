#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Tessera needs, only those missing.
#   Scripts/install-dependencies.sh            build and run: OpenBLAS, LAPACKE, SQLite
#   Scripts/install-dependencies.sh --tests    also Chromium (report tests), the sqlite3 shell (file tests) and
#                                              Python 3 (the Python evaluator example)
# Uses sudo when not root. Downloads nothing but Debian packages.
set -euo pipefail

packages=(libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(chromium sqlite3 python3)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
  sudo="sudo"
fi
echo "Installing missing packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
