#!/usr/bin/env bash
# The README's second command: install what is missing, build, and run every test (unit, render, CLI, and the
# window end to end under Xvfb).
#   scripts/test.sh             the suite, gcc build in build/
#   scripts/test.sh --sanitize  the same suite built with clang, ASan and UBSan (build-asan/); any sanitizer
#                               report fails its test
#   scripts/test.sh --fuzz      the libFuzzer targets (build-fuzz/), each over its corpus and briefly beyond
# Other arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=build
mode=()
case "${1:-}" in
  --sanitize) dir=build-asan; mode=(--sanitize); shift ;;
  --fuzz) dir=build-fuzz; mode=(--fuzz); shift ;;
esac
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "${mode[@]}"
cd "$root/$dir"
ctest --output-on-failure --timeout 600 -j2 "$@"
