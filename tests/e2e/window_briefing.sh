#!/usr/bin/env bash
# End to end: briefing mode in the real window under Xvfb. The first start opens the demonstration mission; F5
# goes full screen at slide 1, Page Down twice steps to slide 3 (flying there), Page Up back to 2, Escape leaves
# and the window quits cleanly. ENTENTE_PRESENTER=1 opens the presenter window (notes, next slide, clock) as a
# second monitor would; it closes with the briefing. Screenshots of slides 1 and 3 are kept for a look.
# Usage: window_briefing.sh ENTENTE_BINARY TEST_DATA_DIR OUT_DIR
set -euo pipefail
bin=$1
out=$3
rm -rf "$out" && mkdir -p "$out/config"
export ENTENTE_CONFIG_DIR=$out/config ENTENTE_EVENT_LOG=$out/events.log ENTENTE_PRESENTER=1

inner() {
  . "$(dirname "$0")/lib.sh"  # wait_for
  # Keys are tapped (pressed and released at once), as a presenter's clicker does: the window queues input, so
  # a tap during a slow software-GL frame still counts, once (app/gui/input_queue.hpp).
  local wid
  tap() { xdotool key --window "$wid" "$1" 2>/dev/null || true; } # the window may be gone when the key quits it
  "$bin" >"$out/app.log" 2>&1 &
  local pid=$!
  wait_for '"event":"layer"' 90
  wait_for '"units":15,' 30
  sleep 3
  wid=$(xdotool search --name Entente | head -1)
  [ -n "$wid" ] || { echo "FAIL: no window"; return 1; }
  # Focus the map, not a panel, so the key reaches it.
  xdotool mousemove --window "$wid" 760 700 click 1
  sleep 1
  tap F5
  wait_for '"event":"briefing","on":true,"slide":1,' 20
  wait_for '"event":"presenter","on":true' 20
  sleep 4
  import -window root "$out/brief-1.png"
  tap Next
  wait_for '"slide":2,' 20
  sleep 2
  tap Next
  wait_for '"slide":3,' 20
  sleep 4  # the flight (1 s) and a settled frame
  import -window root "$out/brief.png"
  tap Prior
  wait_for '"slide":2,' 20 2
  sleep 2
  tap Escape
  wait_for '"event":"briefing","on":false' 20
  wait_for '"event":"presenter","on":false' 20
  sleep 2
  import -window root "$out/after.png"
  tap ctrl+q
  wait_for '"event":"quit"' 20
  wait $pid || { echo "FAIL: the window did not exit cleanly"; return 1; }
  # Each step was one slide: 1, 2, 3, back to 2.
  local seq; seq=$(grep -o '"slide":[0-9]*' "$out/events.log" | tr -d '"slide:' | tr '\n' ' ')
  [ "$seq" = "1 2 3 2 " ] || { echo "FAIL: slides shown: $seq (expected 1 2 3 2)"; return 1; }
  echo "briefing: slides $seq"
}

# Re-run this script inside a fresh X server (xvfb-run's sh would drop an exported function).
if [ "${E2E_INNER:-}" = 1 ]; then
  inner
else
  E2E_INNER=1 xvfb-run -a -s '-screen 0 1600x1000x24' bash "$0" "$@"
fi
