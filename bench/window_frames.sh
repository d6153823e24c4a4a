#!/usr/bin/env bash
# Frame time of the real window under Xvfb (llvmpipe): idle and while playing.
# Usage: bench/window_frames.sh INCIMAP_BINARY DATA_FILE [SECONDS]
# Prints: file, frames and median / p95 frame ms for idle (data on screen) and playing.
# The log has one line per frame: t_s frame_ms playing ready gl_errors.
set -euo pipefail
BIN="$1"; DATA="$2"; SECS="${3:-8}"
TMP="$(mktemp -d)"; trap 'kill $APP $XVFB 2>/dev/null || true; rm -rf "$TMP"' EXIT
exec 3> "$TMP/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null & XVFB=$!
for _ in $(seq 100); do [[ -s "$TMP/display" ]] && break; sleep 0.05; done
export DISPLAY=":$(cat "$TMP/display")" HOME="$TMP" XDG_CONFIG_HOME="$TMP/c" XDG_STATE_HOME="$TMP/s"
"$BIN" "$DATA" --ready-file "$TMP/ready" --frame-log "$TMP/frames" --test-mode >/dev/null 2>&1 & APP=$!
for _ in $(seq 1200); do [[ -f "$TMP/ready" ]] && break; sleep 0.25; done
# Idle: the pointer over the map, nothing moving (the app waits for events).
xdotool mousemove 800 300; sleep "$SECS"
xdotool key space; sleep "$SECS"
kill -TERM $APP; wait $APP || true
python3 - "$TMP/frames" "$DATA" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def stats(sel):
    ms = sorted(float(r[1]) for r in sel)
    if not ms:
        return "no frames"
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"{len(ms)} frames, median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms"
print(sys.argv[2])
# Idle: after the data is on screen (column 4), before playback starts.
print("  idle:   ", stats([r for r in rows if r[2] == "0" and r[3] == "1"]))
print("  playing:", stats([r for r in rows if r[2] == "1"]))
PY
