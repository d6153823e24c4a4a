#!/usr/bin/env bash
# The window's slowest frames while zooming into High basemap detail and panning there (issue
# 14: every frame under 100 ms at any zoom), under Xvfb (llvmpipe), driven by xdotool.
# Usage: bench/window_zoom.sh INCIMAP_BINARY DATA_FILE
# After READY: eight wheel notches in about (700, 400), then six 600 px drags to the left.
# Prints the frames after READY and the six slowest (ms); the frame log is the window's
# --frame-log (t_s frame_ms playing ready gl_errors).
set -euo pipefail
BIN="$1"; DATA="$2"
TMP="$(mktemp -d)"; APP=""; XVFB=""
trap 'kill $APP $XVFB 2>/dev/null || true; rm -rf "$TMP"' EXIT
exec 3> "$TMP/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 2>/dev/null & XVFB=$!
for _ in $(seq 100); do [[ -s "$TMP/display" ]] && break; sleep 0.05; done
export DISPLAY=":$(cat "$TMP/display")" HOME="$TMP" XDG_CONFIG_HOME="$TMP/c" XDG_STATE_HOME="$TMP/s"
"$BIN" "$DATA" --ready-file "$TMP/ready" --frame-log "$TMP/frames" --test-mode \
    >/dev/null 2>&1 & APP=$!
for _ in $(seq 12000); do [[ -f "$TMP/ready" ]] && break; sleep 0.05; done
[[ -f "$TMP/ready" ]] || { echo "$DATA: not ready after 600 s" >&2; exit 1; }
sleep 1
xdotool mousemove 700 400
for _ in $(seq 8); do xdotool click 4; sleep 0.4; done
for _ in $(seq 6); do
    xdotool mousedown 1
    xdotool mousemove_relative -- -300 0; sleep 0.1; xdotool mousemove_relative -- -300 0
    xdotool mouseup 1; sleep 0.5
done
sleep 1
kill -TERM $APP; wait $APP || true
echo "$DATA: $(awk '$4 == 1' "$TMP/frames" | wc -l) frames after READY; slowest (ms):" \
    "$(awk '$4 == 1 { print $2 }' "$TMP/frames" | sort -g -r | head -6 | tr '\n' ' ')"
