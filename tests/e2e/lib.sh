# Shared by the end-to-end window tests (sourced inside their Xvfb run). Needs $out: the test's folder, with
# the window's events.log (ENTENTE_EVENT_LOG) and app.log.

# wait_for PATTERN SECONDS [COUNT]: until the event log has COUNT (default 1) lines matching PATTERN; on a
# time-out, says which and prints the log (less the long layout lines) and the window's output.
wait_for() {
  for _ in $(seq 1 $(( $2 * 5 ))); do
    local n; n=$(grep -c -- "$1" "$out/events.log" 2>/dev/null) || n=${n:-0}
    [ "${n:-0}" -ge "${3:-1}" ] && return 0
    sleep 0.2
  done
  echo "FAIL: no event matching $1 (x${3:-1}) within $2 s"
  grep -v '"event":"layout"' "$out/events.log" 2>/dev/null
  cat "$out/app.log" 2>/dev/null
  return 1
}

# press_until KEY PATTERN SECONDS: holds KEY for a second (see hold in the tests) until the event log has a line
# matching PATTERN, pressing once more if none came within SECONDS: under load a software-GL frame can take
# longer than the hold, and ImGui 1.86 then never sees the key. For keys that are safe to repeat (they open a
# question, or quit).
press_until() {
  for attempt in 1 2; do
    xdotool keydown "$1"; sleep 1; xdotool keyup "$1"
    for _ in $(seq 1 $(( $3 * 5 ))); do
      grep -q -- "$2" "$out/events.log" 2>/dev/null && return 0
      sleep 0.2
    done
    echo "note: no event matching $2 after $1 (attempt $attempt)"
  done
  wait_for "$2" 1
}
