#!/usr/bin/env bash
# End to end: mission editing in the real window under Xvfb. The first start opens the demonstration mission; the
# Place unit tool (key U) places a unit where the map is clicked; Ctrl+Z removes it and Ctrl+Shift+Z brings it
# back; Ctrl+Q quits at once when nothing is unsaved. The next start reopens the mission from the session; a
# placed unit leaves the mission unsaved, so a recovery copy is autosaved and Ctrl+Q asks; Discard quits and
# removes the copy. A third start is killed (SIGTERM) with unsaved work: the copy stays, and the fourth start
# offers it back; Restore brings the unsaved unit back.
# Usage: window_edit.sh ENTENTE_BINARY TEST_DATA_DIR OUT_DIR
set -euo pipefail
bin=$1
out=$3
rm -rf "$out" && mkdir -p "$out/config"
export ENTENTE_CONFIG_DIR=$out/config ENTENTE_EVENT_LOG=$out/events.log

inner() {
  . "$(dirname "$0")/lib.sh"  # wait_for
  last_state() { grep '"event":"mission_state"' "$out/events.log" | tail -1; }
  # An empty stretch of the map south of the units (the first start zooms to the mission).
  local X=760 Y=700
  # The questions' buttons (modals centred in the 1600x1000 window).
  local RESTORE="648 536" DISCARD="707 532"
  local pid
  start() {  # N: a fresh event log (the last one kept as events-N.log), the window, the mission shown
    [ -f "$out/events.log" ] && mv "$out/events.log" "$out/events-$1.log"
    "$bin" >"$out/app$1.log" 2>&1 &
    pid=$!
    wait_for '"event":"layer"' 90  # the first start zooms to the mission once the demo layer is there
    wait_for '"units":15,' 30
    sleep 3  # let the first frames (and ImGui's auto-sized windows) settle
  }
  place_unit() {  # the Place unit tool (key U), a click on the map, the unit there (N units in all)
    xdotool mousemove $X $Y
    press_until u '"tool":"Place unit"' 10
    xdotool mousemove $X $Y click 1
    wait_for "\"units\":$1," 20
  }
  discard_and_quit() {  # Ctrl+Q with unsaved work asks; Discard quits and removes the recovery copy
    press_until ctrl+q '"question":"unsaved"' 10
    sleep 3
    import -window root "$out/ask-$1.png"
    xdotool mousemove $DISCARD click 1
    wait_for '"event":"quit"' 20
    wait $pid || { echo "FAIL: the window did not exit cleanly after Discard"; return 1; }
    test ! -e "$ENTENTE_CONFIG_DIR/recovery.entente.gpkg" || { echo "FAIL: recovery copy left after Discard"; return 1; }
  }

  start 0
  place_unit 16
  last_state | grep -q '"dirty":true' || { echo "FAIL: a placed unit should leave the mission unsaved"; return 1; }
  sleep 1.5
  import -window root "$out/placed.png"
  # Tapped once each: the window queues input, so no tap is lost to a slow frame (app/gui/input_queue.hpp).
  tap ctrl+z
  wait_for '"units":15,' 20 2
  last_state | grep -q '"units":15,.*"dirty":false' || { echo "FAIL: undo did not restore the mission"; last_state; return 1; }
  tap ctrl+shift+z
  wait_for '"units":16,' 20 2
  tap ctrl+z
  wait_for '"units":15,' 20 3
  sleep 1
  import -window root "$out/undone.png"
  tap ctrl+q
  wait_for '"event":"quit"' 20
  wait $pid || { echo "FAIL: the window did not exit cleanly"; return 1; }
  grep -q 'shared_shield.entente.gpkg' "$ENTENTE_CONFIG_DIR/session.json" || { echo "FAIL: mission not in the session"; return 1; }

  # Second start: the mission comes back from the session; unsaved work is autosaved and quitting asks.
  start 1
  place_unit 16
  for _ in $(seq 1 50); do [ -f "$ENTENTE_CONFIG_DIR/recovery.entente.gpkg" ] && break; sleep 0.2; done
  test -f "$ENTENTE_CONFIG_DIR/recovery.entente.gpkg" || { echo "FAIL: no recovery copy of unsaved work"; return 1; }
  discard_and_quit 2

  # Third start: unsaved work, then the app is killed: the recovery copy stays ...
  start 2
  place_unit 16
  sleep 1
  kill -TERM $pid
  wait $pid || { echo "FAIL: SIGTERM did not exit cleanly"; return 1; }
  test -f "$ENTENTE_CONFIG_DIR/recovery.entente.gpkg" || { echo "FAIL: no recovery copy after SIGTERM"; return 1; }
  # ... and the next start offers it back; Restore brings back the unsaved unit, still unsaved.
  start 3
  grep -q '"question":"recovery"' "$out/events.log" || { echo "FAIL: the recovery copy was not offered"; return 1; }
  sleep 1
  import -window root "$out/recovery.png"
  xdotool mousemove $RESTORE click 1
  wait_for '"units":16,' 20
  last_state | grep -q '"dirty":true' || { echo "FAIL: a restored copy should be unsaved work"; return 1; }
  discard_and_quit 4
  echo "PASS: place a unit by clicking, undo/redo, quit; unsaved work autosaved, quitting asks, Discard quits;" \
       "a killed session's recovery copy is offered and restored"
}
# Re-run this script inside a fresh X server (xvfb-run's sh would drop an exported function).
if [ "${E2E_INNER:-}" = 1 ]; then
  inner
else
  E2E_INNER=1 xvfb-run -a -s '-screen 0 1600x1000x24' bash "$0" "$@"
fi
