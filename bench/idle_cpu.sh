#!/usr/bin/env bash
# Idle cost of the window: the demo mission open, nothing touched, the pointer outside the window, under Xvfb.
# Prints the CPU time the process used over a quiet interval as a percentage of one core.
# Usage: bench/idle_cpu.sh [ENTENTE_BINARY] [SECONDS] [outside|map]   (default build/app/entente, 30 s, outside;
# "map" rests the pointer over the map, where hover tooltips live)
set -euo pipefail
bin=${1:-$(dirname "$0")/../build/app/entente}
secs=${2:-30}
where=${3:-outside}
if [ "${IDLE_INNER:-}" != 1 ]; then
  IDLE_INNER=1 exec xvfb-run -a -s '-screen 0 1920x1080x24' bash "$0" "$bin" "$secs" "$where"
fi
cfg=$(mktemp -d)
export ENTENTE_CONFIG_DIR=$cfg ENTENTE_EVENT_LOG=$cfg/events.log
"$bin" >"$cfg/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 450); do grep -q '"units":15,' "$cfg/events.log" 2>/dev/null && break; sleep 0.2; done
if [ "$where" = map ]; then
  xdotool mousemove 800 500  # over the map, between the panel columns
else
  xdotool mousemove 1919 1079  # the pointer away from the window's content
fi
sleep 10                     # the first start's loads and the last frames settle
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); s1=$(date +%s.%N)
kill -TERM $pid; wait $pid || true
awk -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v hz="$hz" 'BEGIN {
  cpu = (t1 - t0) / hz; wall = s1 - s0;
  printf "idle window (pointer '"$where"'): %.2f s of CPU over %.1f s = %.2f %% of one core\n", cpu, wall, 100 * cpu / wall }'
rm -rf "$cfg"
