#!/usr/bin/env bash
# End to end: the panels tile. The window starts at 1280x720 on a 1280x720 screen (a small laptop or a
# projector's lowest mode) with the demonstration mission; every default panel must lie inside the screen,
# none may overlap another or the map's legends, and the mission must be in view beside them. Then the layout
# (a panel moved to the other column, another folded) must come back on the next start.
# Usage: window_layout.sh ENTENTE_BINARY TEST_DATA_DIR OUT_DIR
set -euo pipefail
bin=$1
out=$3
rm -rf "$out" && mkdir -p "$out/config"
export ENTENTE_CONFIG_DIR=$out/config ENTENTE_EVENT_LOG=$out/events.log ENTENTE_WINDOW_SIZE=1280x720
here=$(cd "$(dirname "$0")" && pwd)

inner() {
  . "$(dirname "$0")/lib.sh"  # wait_for
  "$bin" >"$out/app.log" 2>&1 &
  local pid=$!
  wait_for '"event":"layer"' 90
  wait_for '"units":15,' 30
  sleep 4  # the first frames, the legends drawn
  import -window root "$out/layout-1280x720.png"
  /usr/bin/python3 "$here/check_layout.py" "$out/events.log" \
    "Date,Layers,Style,Open,Edit tools,Order of battle,Control measures,Properties,Identify,Phases" || {
    kill $pid; return 1; }
  kill -TERM $pid
  wait $pid || true
  grep -q '"layout"' "$ENTENTE_CONFIG_DIR/session.json" || { echo "FAIL: the layout was not kept with the session"; return 1; }
  # The session's layout, edited as the title-bar menu would (Identify to the left column, Style folded), comes
  # back on the next start.
  /usr/bin/python3 - "$ENTENTE_CONFIG_DIR/session.json" <<'PY'
import json, sys
p = sys.argv[1]; j = json.load(open(p))
for e in j["layout"]["panels"]:
    if e["title"] == "Identify": e["dock"] = "left"
    if e["title"] == "Style": e["collapsed"] = True
json.dump(j, open(p, "w"))
PY
  mv "$out/events.log" "$out/events-0.log"
  "$bin" >"$out/app1.log" 2>&1 &
  pid=$!
  wait_for '"units":15,' 90
  sleep 4
  import -window root "$out/layout-restored.png"
  /usr/bin/python3 "$here/check_layout.py" "$out/events.log" "Identify,Style" --left Identify --folded Style || {
    kill $pid; return 1; }
  kill -TERM $pid
  wait $pid || true
  echo "PASS: at 1280x720 every default panel is on screen, none overlaps another or a legend; the layout persists"
}
if [ "${E2E_INNER:-}" = 1 ]; then
  inner
else
  E2E_INNER=1 xvfb-run -a -s '-screen 0 1280x720x24' bash "$0" "$@"
fi
