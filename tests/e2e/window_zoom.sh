#!/usr/bin/env bash
# End to end: opening a file or a mission zooms to it. A layer that crosses the date line (Fiji-like test data)
# is framed across it, not as the whole world; a mission given on the command line is framed where its units
# are (the demonstration mission: the Central African Republic). The view's edges come from the event log.
# Usage: window_zoom.sh ENTENTE_BINARY TEST_DATA_DIR OUT_DIR
set -euo pipefail
bin=$1
out=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$out" && mkdir -p "$out/config"
export ENTENTE_CONFIG_DIR=$out/config ENTENTE_EVENT_LOG=$out/events.log

# check_view PYTHON-CONDITION: the last view event (w, e, c = west, east, [lon, lat]) satisfies it.
check_view() {
  grep '"event":"view"' "$out/events.log" | tail -1 | /usr/bin/python3 -c '
import json, sys
v = json.loads(sys.stdin.read()); w, e, c = v["west"], v["east"], v["centre"]
ok = eval(sys.argv[1])
print(("ok: " if ok else "FAIL: view not as expected: ") + sys.argv[1] + " with west %.2f east %.2f centre %.2f %.2f" % (w, e, c[0], c[1]))
sys.exit(0 if ok else 1)' "$1"
}

inner() {
  . "$(dirname "$0")/lib.sh"  # wait_for
  "$bin" "$root/tests/render/cases/antimeridian_fiji/crossing.geojson" >"$out/app.log" 2>&1 &
  local pid=$!
  wait_for '"event":"layer"' 60
  sleep 3  # let the first frames settle
  import -window root "$out/dateline.png"
  # 165 E to 170 W framed between the panels (the zoom waits for their layout), so the whole view, which runs
  # on under the panels, reaches a little beyond: its west between 150 E and 165 E, its east between 170 W and
  # 150 W, its centre near 180 (not the whole world).
  check_view '150 < w < 165 and -170 < e < -150 and abs(c[0]) > 170' || { kill $pid; return 1; }
  kill -TERM $pid
  wait $pid || true
  grep -q '"zoom_on_open": true' "$ENTENTE_CONFIG_DIR/session.json" || { echo "FAIL: setting not saved"; return 1; }

  rm -f "$ENTENTE_CONFIG_DIR/session.json" "$out/events.log"
  "$bin" "$root/assets/demo/shared_shield.entente.gpkg" >"$out/app-mission.log" 2>&1 &
  pid=$!
  wait_for '"event":"mission_state","open":true' 60
  sleep 3
  import -window root "$out/mission.png"
  # The Central African Republic lies about 14-28 E, 2-11 N.
  check_view 'w > 5 and e < 40 and 13 < c[0] < 29 and 1 < c[1] < 12' || { kill $pid; return 1; }
  kill -TERM $pid
  wait $pid || true
  echo "PASS: a layer across the date line and a mission are each zoomed to when opened"
}
# Re-run this script inside a fresh X server (xvfb-run's sh would drop an exported function).
if [ "${E2E_INNER:-}" = 1 ]; then
  inner
else
  E2E_INNER=1 xvfb-run -a -s '-screen 0 1600x1000x24' bash "$0" "$@"
fi
