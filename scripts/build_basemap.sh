#!/usr/bin/env bash
# Rebuilds assets/basemap/ (offline basemap for Entente) from the npm package
# world-atlas@2.0.2 (Natural Earth 4.1.0).  See assets/basemap/SOURCES.md.
#
# Needs: node >= 18 and npm (npm registry reachable), Debian's iso-codes package
# (/usr/share/iso-codes/json/iso_3166-1.json).  Dependencies are pinned in
# scripts/basemap/package-lock.json and installed into a temp dir, never into
# the source tree.
#
# Usage: scripts/build_basemap.sh [--out DIR] [--no-check]
#   Output is built and checked (scripts/check_basemap.mjs, ogrinfo) in a temp
#   dir first; assets/basemap/ is only touched when everything passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/assets/basemap"
CHECK=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --no-check) CHECK=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done
ISO_JSON="${ISO_3166_JSON:-/usr/share/iso-codes/json/iso_3166-1.json}"
[[ -f "$ISO_JSON" ]] || { echo "error: $ISO_JSON missing (apt-get install iso-codes)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/entente-basemap.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "== installing pinned npm dependencies into $WORK"
cp "$ROOT/scripts/basemap/package.json" "$ROOT/scripts/basemap/package-lock.json" "$WORK/"
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "== building into $WORK/out"
mkdir -p "$WORK/out"
BASEMAP_NODE_MODULES="$WORK/node_modules" node "$ROOT/scripts/build_basemap.mjs" --out "$WORK/out" --iso "$ISO_JSON"

if [[ $CHECK -eq 1 ]]; then
  echo "== checking"
  node "$ROOT/scripts/check_basemap.mjs" "$WORK/out"
  if command -v ogrinfo >/dev/null; then
    for f in "$WORK"/out/*.geojson.gz; do
      ogrinfo -ro -so -al "/vsigzip/$f" >/dev/null 2>"$WORK/ogr.err" \
        || { echo "error: GDAL cannot read $(basename "$f")" >&2; cat "$WORK/ogr.err" >&2; exit 1; }
    done
    echo "GDAL (ogrinfo /vsigzip/) reads all $(ls "$WORK"/out/*.geojson.gz | wc -l) files"
  else
    echo "(ogrinfo not found, GDAL read check skipped)"
  fi
fi

# Only now replace the outputs (SOURCES.md and anything else in $OUT is kept).
mkdir -p "$OUT"
rm -f "$OUT"/{countries,land,borders,coastlines}_{110m,50m,10m}.geojson.gz
mv "$WORK"/out/*.geojson.gz "$OUT/"
echo "== $OUT"
du -b "$OUT"/* | sort -k2
du -sh "$OUT"
TOTAL=$(du -sb "$OUT" | cut -f1)
LIMIT=$((18 * 1024 * 1024))
if (( TOTAL >= LIMIT )); then
  echo "error: $OUT is $TOTAL bytes, over the 18 MiB budget" >&2
  exit 1
fi
