#!/usr/bin/env bash
# The README's second command: install what is missing, build, and run every test (unit, render, CLI, and the
# window end to end under Xvfb).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure --timeout 600 -j2 "$@"
