#!/usr/bin/env bash
# Installs the terrain backend of Examples/DiffusionServer, only what is missing; quiet and
# quick when everything is there:
#   adaptive-terrain-diffusion==0.4.2  (MIT; its bundled ONNX consistency UNet, 45 MB) with
#                                      --no-deps: its own requirement pulls onnxruntime-gpu
#                                      and CUDA libraries on Linux x86-64
#   onnxruntime numpy                  the CPU runtime the backend drives the model with
# Each `python3 -m pip install --quiet ...` is retried with --break-system-packages when pip
# refuses an externally managed environment, and with --user when not root and not in a
# virtual environment and the install still fails. PYTHON=... picks the interpreter.
set -euo pipefail

python3=${PYTHON:-python3}
version=0.4.2

installed() {
  "$python3" - "$version" >/dev/null 2>&1 <<'PY'
import importlib.metadata, sys
assert importlib.metadata.version("adaptive-terrain-diffusion") == sys.argv[1]
import numpy, onnxruntime  # noqa: F401
PY
}

if installed; then
  exit 0
fi
if ! "$python3" -m pip --version >/dev/null 2>&1; then
  echo "$python3 has no pip: install python3-pip (Debian/Ubuntu) or use a virtual environment" >&2
  exit 1
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
in_venv="$("$python3" -c 'import sys; print(int(sys.prefix != sys.base_prefix))')"
extra=()

# pip_install ARGS...: installs with the fallbacks above; they stick for later calls.
pip_install() {
  local output
  if output="$("$python3" -m pip install --quiet ${extra[@]+"${extra[@]}"} "$@" 2>&1)"; then
    return 0
  fi
  if grep -qi "externally-managed-environment" <<<"$output" && [[ " ${extra[*]-} " != *" --break-system-packages "* ]]; then
    extra+=(--break-system-packages)
    if output="$("$python3" -m pip install --quiet ${extra[@]+"${extra[@]}"} "$@" 2>&1)"; then
      return 0
    fi
  fi
  if [[ "$(id -u)" -ne 0 && "$in_venv" == 0 && " ${extra[*]-} " != *" --user "* ]]; then
    extra+=(--user)
    if output="$("$python3" -m pip install --quiet ${extra[@]+"${extra[@]}"} "$@" 2>&1)"; then
      return 0
    fi
  fi
  echo "Could not install $* with pip:" >&2
  echo "$output" >&2
  exit 1
}

echo "Installing the terrain model (adaptive-terrain-diffusion $version, onnxruntime) with pip" >&2
pip_install --no-deps "adaptive-terrain-diffusion==$version"
pip_install onnxruntime numpy
if ! installed; then
  echo "adaptive-terrain-diffusion $version, numpy and onnxruntime still do not import for $python3" >&2
  exit 1
fi
