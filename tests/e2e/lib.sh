# Shared by the end-to-end window tests (sourced inside their Xvfb run). Needs $out: the test's folder, with
# the window's events.log (ENTENTE_EVENT_LOG) and app.log.

# wait_for PATTERN SECONDS [COUNT]: until the event log has COUNT (default 1) lines matching PATTERN; on a
# time-out, says which and prints the log (less the long layout lines) and the window's output.
# Under ASan/UBSan (ENTENTE_SANITIZED, set by the sanitizer build's ctest) a software-GL frame takes several
# seconds, so every wait is five times as long there.
slow=1; [ -n "${ENTENTE_SANITIZED:-}" ] && slow=5
wait_for() {
  for _ in $(seq 1 $(( $2 * 5 * slow ))); do
    local n; n=$(grep -c -- "$1" "$out/events.log" 2>/dev/null) || n=${n:-0}
    [ "${n:-0}" -ge "${3:-1}" ] && return 0
    sleep 0.2
  done
  echo "FAIL: no event matching $1 (x${3:-1}) within $2 s"
  grep -v '"event":"layout"' "$out/events.log" 2>/dev/null
  cat "$out/app.log" 2>/dev/null
  return 1
}

# press_until KEY PATTERN SECONDS [COUNT]: taps KEY until the event log has COUNT (default 1) lines matching
# PATTERN, tapping once more if they did not come within SECONDS (a key that reached the window before it had
# focus). For keys that are safe to repeat (they open a question or select a tool); keys whose loss a test
# must see are tapped once (tap) and waited for.
tap() { xdotool key "$1"; }

press_until() {
  for attempt in 1 2; do
    tap "$1"
    for _ in $(seq 1 $(( $3 * 5 * slow ))); do
      local n; n=$(grep -c -- "$2" "$out/events.log" 2>/dev/null) || n=${n:-0}
      [ "${n:-0}" -ge "${4:-1}" ] && return 0
      sleep 0.2
    done
    echo "note: no event matching $2 (x${4:-1}) after $1 (attempt $attempt)"
  done
  wait_for "$2" 1 "${4:-1}"
}

# shot_until_changed BEFORE_PNG X Y SECONDS AFTER_PNG: screenshots the screen into AFTER_PNG until its pixel at
# (X,Y) differs from BEFORE_PNG's, for at most SECONDS (times the sanitizer factor). On a software rasteriser a
# changed map is drawn in slices over several window frames (app::MapFrames) and the old frame is shown until
# the new one is whole, so a screenshot taken at a fixed delay may still hold the old map.
shot_until_changed() {
  local before now
  before=$(convert "$1" -format '%[pixel:p{'"$2,$3"'}]' info:)
  for _ in $(seq 1 $(( $4 * 2 * slow ))); do
    import -window root "$5"
    now=$(convert "$5" -format '%[pixel:p{'"$2,$3"'}]' info:)
    [ "$now" != "$before" ] && return 0
    sleep 0.5
  done
  return 1
}
