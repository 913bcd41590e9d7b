#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run Entente on its built-in demo.
# With a display it opens the map window; without one it renders the demo to a PNG and says where.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "$root/build/app/entente" "$@"
