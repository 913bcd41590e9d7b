#!/usr/bin/env bash
# Configures and builds into build/ (Release with debug info). Extra arguments go to cmake.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build" -G Ninja -DBUILD_TESTING=ON "$@" >/dev/null
cmake --build "$root/build" -j"$(nproc)"
