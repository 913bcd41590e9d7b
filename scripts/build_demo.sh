#!/usr/bin/env bash
# Rebuilds assets/demo/peace_operations.geojson, the built-in demo layer, from the project's sourced reference
# table of peace operations (HQ positions, lead organisation, personnel, source for every row).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$here/../shared/reference/missions.csv}
out=$here/assets/demo/peace_operations.geojson
rm -f "$out"
ogr2ogr -f GeoJSON "$out" "$src" -oo X_POSSIBLE_NAMES=hq_lon -oo Y_POSSIBLE_NAMES=hq_lat \
  -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES -a_srs EPSG:4326 -nln peace_operations \
  -lco RFC7946=YES -lco WRITE_NAME=NO
echo "wrote $out"
