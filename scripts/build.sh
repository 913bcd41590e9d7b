#!/usr/bin/env bash
# Configures and builds (Release with debug info). With no option into build/; `--sanitize` into build-asan/
# (clang, ASan+UBSan, cmake/sanitizers.cmake); `--fuzz` into build-fuzz/ (clang, libFuzzer targets in
# tests/fuzz). Other arguments go to cmake. Uses ccache when it is installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=build
opts=()
case "${1:-}" in
  --sanitize) dir=build-asan; opts=(-DENTENTE_SANITIZE=ON); shift ;;
  --fuzz) dir=build-fuzz; opts=(-DENTENTE_FUZZ=ON); shift ;;
esac
if command -v ccache >/dev/null; then
  opts+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$root/$dir" -G Ninja -DBUILD_TESTING=ON "${opts[@]}" "$@" >/dev/null
cmake --build "$root/$dir" -j"$(nproc)"
