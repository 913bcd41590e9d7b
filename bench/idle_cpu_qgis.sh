#!/usr/bin/env bash
# The peer's idle cost, measured as bench/idle_cpu.sh measures entente's: QGIS (Debian's qgis package) with the
# same demo risk raster open in a fresh profile, nothing touched, the pointer outside the window, under Xvfb.
# Usage: bench/idle_cpu_qgis.sh [SECONDS]   (default 30; needs `apt-get install qgis`)
set -euo pipefail
secs=${1:-30}
if [ "${IDLE_INNER:-}" != 1 ]; then
  IDLE_INNER=1 exec xvfb-run -a -s '-screen 0 1920x1080x24' bash "$0" "$secs"
fi
here=$(cd "$(dirname "$0")" && pwd)
prof=$(mktemp -d)
qgis --noversioncheck --nologo --noplugins --profiles-path "$prof" "$here/../assets/demo/risk_synthetic.tif" \
  >"$prof/qgis.log" 2>&1 &
pid=$!
sleep 40  # start-up, the raster drawn, the first-start messages settled
xdotool mousemove 1919 1079
sleep 10
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); s1=$(date +%s.%N)
kill -TERM $pid; wait $pid || true
awk -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v hz="$hz" 'BEGIN {
  cpu = (t1 - t0) / hz; wall = s1 - s0;
  printf "idle QGIS: %.2f s of CPU over %.1f s = %.2f %% of one core\n", cpu, wall, 100 * cpu / wall }'
rm -rf "$prof"
