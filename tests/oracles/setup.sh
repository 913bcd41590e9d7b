#!/usr/bin/env bash
# Installs the consumers' own parsers (tests/oracles/package.json, pinned by its lock file) into the build
# folder once, and copies the check scripts beside them so `node DIR/x.mjs` resolves the packages.
# Re-runs npm only when the lock file changed.
set -euo pipefail
src=$1 dest=$2
mkdir -p "$dest"
cp "$src"/*.mjs "$src/package.json" "$src/package-lock.json" "$dest/"
stamp="$dest/node_modules/.entente-lock"
if [ -f "$stamp" ] && cmp -s "$stamp" "$src/package-lock.json"; then
  echo "oracles: node_modules up to date in $dest"
  exit 0
fi
command -v npm >/dev/null || { echo "oracles: npm is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
cd "$dest"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
echo "oracles: installed $(ls node_modules | wc -l) packages into $dest/node_modules"
