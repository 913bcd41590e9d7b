#!/usr/bin/env bash
# The command line linked without app/gui holds no ImGui or GLFW code, and still renders a map, draws a
# symbol, exports an overlay and writes a briefing deck.
# Usage: cli_links_no_gui.sh ENTENTE_CLI_ONLY TEST_DATA_DIR OUT_DIR
set -euo pipefail
bin=$1 data=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
gui=$(nm -C "$bin" | grep -c -E ' (ImGui::|glfw[A-Z])' || true)
if [ "$gui" -ne 0 ]; then
  echo "FAIL: $gui ImGui/GLFW symbols linked into the command line:"; nm -C "$bin" | grep -E ' (ImGui::|glfw[A-Z])' | head
  exit 1
fi
demo=$(dirname "$0")/../../assets/demo/shared_shield.entente.gpkg
"$bin" render "$data/multi.gpkg" --size 160x100 -o "$out/map.png"
"$bin" symbol 10031000161211000000 -o "$out/symbol.png"
"$bin" export "$demo" --format kmz -o "$out/plan.kmz"
"$bin" brief "$demo" --size 320x180 --scale 1 -o "$out/deck.pdf"
for f in map.png symbol.png plan.kmz deck.pdf; do
  [ -s "$out/$f" ] || { echo "FAIL: $f not written"; exit 1; }
done
echo "no ImGui or GLFW symbols; render, symbol, export (KMZ) and brief ran"
