#!/usr/bin/env bash
# Frame time and memory of the real window under Xvfb (llvmpipe): idle and while playing.
# Usage: bench/window_frames.sh INCIMAP_BINARY DATA_FILE [SECONDS] [-- EXTRA_APP_ARGS…]
#   WINDOW_SHOTS=DIR  also save DIR/loading.png (while the file loads) and DIR/ready.png
#   WINDOW_DISPLAY=:N use that X display (a GPU's, bench/gpu_frames.sh) instead of a new Xvfb
# Prints: file, load-to-ready seconds, frames and median / p95 / max frame ms for idle (data on
# screen) and playing (each frame a scrub step), and the process's peak and final RSS.
# The log has one line per frame: t_s frame_ms playing ready gl_errors.
set -euo pipefail
BIN="$1"; DATA="$2"; SECS="${3:-8}"
shift $(( $# < 3 ? $# : 3 ))
[[ "${1:-}" == "--" ]] && shift
TMP="$(mktemp -d)"; APP=""; XVFB=""
trap 'kill $APP $XVFB 2>/dev/null || true; rm -rf "$TMP"' EXIT
if [[ -n "${WINDOW_DISPLAY:-}" ]]; then
    export DISPLAY="$WINDOW_DISPLAY"
else
    exec 3> "$TMP/display"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 2>/dev/null & XVFB=$!
    for _ in $(seq 100); do [[ -s "$TMP/display" ]] && break; sleep 0.05; done
    export DISPLAY=":$(cat "$TMP/display")"
fi
export HOME="$TMP" XDG_CONFIG_HOME="$TMP/c" XDG_STATE_HOME="$TMP/s"
start=$(date +%s.%N)
"$BIN" "$DATA" --ready-file "$TMP/ready" --frame-log "$TMP/frames" --test-mode "$@" \
    >/dev/null 2>&1 & APP=$!
shot() { [[ -n "${WINDOW_SHOTS:-}" ]] && mkdir -p "$WINDOW_SHOTS" &&
         import -display "$DISPLAY" -window root "$WINDOW_SHOTS/$1.png" || true; }
# With WINDOW_SHOTS, a large file is still loading 3 s in: the window shows its progress bar.
if [[ -n "${WINDOW_SHOTS:-}" ]]; then sleep 3; [[ -f "$TMP/ready" ]] || shot loading; fi
# Load-to-ready to 0.05 s (the READY file is written once the data is on screen).
for _ in $(seq 12000); do [[ -f "$TMP/ready" ]] && break; sleep 0.05; done
[[ -f "$TMP/ready" ]] || { echo "$DATA: not ready after 600 s" >&2; exit 1; }
ready=$(date +%s.%N)
shot ready
# Idle: the pointer over the map, nothing moving (the app waits for events).
xdotool mousemove 800 300; sleep "$SECS"
xdotool key space; sleep "$SECS"
rss() { awk -v k="$1" '$1 == k":" { printf "%.0f", $2 / 1024 }' "/proc/$APP/status"; }
peak_mib=$(rss VmHWM); now_mib=$(rss VmRSS)
kill -TERM $APP; wait $APP || true
python3 - "$TMP/frames" "$DATA" "$start" "$ready" "$peak_mib" "$now_mib" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def stats(sel):
    ms = sorted(float(r[1]) for r in sel)
    if not ms:
        return "no frames"
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (f"{len(ms)} frames, median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, "
            f"max {ms[-1]:.1f} ms")
print(sys.argv[2])
print(f"  ready:   {float(sys.argv[4]) - float(sys.argv[3]):.1f} s after start")
# Idle: after the data is on screen (column 4), before playback starts.
print("  idle:   ", stats([r for r in rows if r[2] == "0" and r[3] == "1"]))
print("  playing:", stats([r for r in rows if r[2] == "1"]))
print(f"  memory:  peak {sys.argv[5]} MiB, at the end {sys.argv[6]} MiB (RSS)")
PY
