#!/usr/bin/env bash
# Soak test of the real window under Xvfb (llvmpipe), not part of CI: the timeline plays, looping
# (L, then Space), for MINUTES with INCIDENTS generated incidents while the app's RSS is sampled.
#
#   bench/soak.sh INCIMAP_BINARY [MINUTES=10] [INCIDENTS=1000000]
#
# Checks, exit 1 if any fails (limits can be changed through the environment, e.g. to see that
# a check can fail):
#   RSS growth from the end of the warm-up to the end   ≤ SOAK_MAX_GROWTH_PCT (5) %
#   GL errors (5th column of the frame log)            ≤ SOAK_MAX_GL_ERRORS (0)
#   longest gap between two frames while playing        ≤ SOAK_MAX_STALL_S (1.0) s
#   playback never stops after Space (the loop works) and the app exits 0 on SIGTERM
# Also prints frame time median / p95 / max and the frames played.
#
# Environment:
#   SOAK_DATA      where the generated GeoJSON is cached (default ${TMPDIR:-/tmp}/incimap-soak)
#   SOAK_KEEP=DIR  keep samples.tsv, frames.log (the app's frame log) and app.log there; a sample
#                  is "t_s rss_kib app_cpu_ticks steal_ticks load1" (t from Space; ticks of CLK_TCK)
#   SOAK_WARMUP_S  RSS baseline time after playback starts (default: one pass over the data's
#                  183 days at 1 day/s, 190 s, or a third of the run if that is shorter)
#   SOAK_SAMPLE_S  seconds between samples (default 1)
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
    echo "usage: $0 INCIMAP_BINARY [MINUTES=10] [INCIDENTS=1000000]" >&2
    exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$(realpath "$1")"; MINUTES="${2:-10}"; N="${3:-1000000}"
RUN_S=$(python3 -c "print(round(float('$MINUTES') * 60))")
WARMUP_S="${SOAK_WARMUP_S:-$(( RUN_S / 3 < 190 ? RUN_S / 3 : 190 ))}"
SAMPLE_S="${SOAK_SAMPLE_S:-1}"
DATA_DIR="${SOAK_DATA:-${TMPDIR:-/tmp}/incimap-soak}"

# The dataset: deterministic, generated once (to a temporary name, so a cut-off run is not reused).
mkdir -p "$DATA_DIR"
DATA="$DATA_DIR/incidents_$N.geojson"
if [[ ! -s "$DATA" ]]; then
    echo "generating $N incidents → $DATA"
    python3 "$ROOT/scripts/gen_incidents.py" "$N" "$DATA.tmp.geojson"
    mv "$DATA.tmp.geojson" "$DATA"
fi

TMP="$(mktemp -d)"; APP=""; XVFB=""
cleanup() {
    local rc=$?
    if [[ -n "$APP" ]] && kill -0 "$APP" 2>/dev/null; then
        kill -TERM "$APP" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$APP" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$APP" 2>/dev/null || true
    fi
    if [[ -n "$XVFB" ]]; then kill "$XVFB" 2>/dev/null || true; wait "$XVFB" 2>/dev/null || true; fi
    if [[ -n "${SOAK_KEEP:-}" ]]; then
        mkdir -p "$SOAK_KEEP"
        for f in samples.tsv frames.log app.log; do
            [[ -f "$TMP/$f" ]] && cp "$TMP/$f" "$SOAK_KEEP/"
        done
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "soak: $*" >&2; exit 1; }

exec 3> "$TMP/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 2>/dev/null & XVFB=$!
exec 3>&-
for _ in $(seq 200); do [[ -s "$TMP/display" ]] && break; sleep 0.05; done
[[ -s "$TMP/display" ]] || fail "Xvfb did not report a display"
export DISPLAY=":$(cat "$TMP/display")" HOME="$TMP" XDG_CONFIG_HOME="$TMP/c" XDG_STATE_HOME="$TMP/s"

"$BIN" "$DATA" --ready-file "$TMP/ready" --frame-log "$TMP/frames.log" --test-mode \
    >"$TMP/app.log" 2>&1 & APP=$!
LOAD0=$(date +%s.%N)
until [[ -f "$TMP/ready" ]]; do
    kill -0 "$APP" 2>/dev/null || fail "the app exited before it was ready (see app.log)"
    (( $(date +%s) - ${LOAD0%.*} < 600 )) || fail "not ready after 600 s"
    sleep 0.1
done
LOAD_S=$(python3 -c "print(f'{$(date +%s.%N) - $LOAD0:.1f}')")
echo "ready after $LOAD_S s, RSS $(awk '/VmRSS/ { print $2 }' "/proc/$APP/status") KiB"

# The pointer over the map, as a user watching (no window manager: keys go to the window under
# the pointer). L turns looping on, Space plays; paced because the app samples input per frame.
xdotool mousemove --sync 800 300; sleep 0.2
xdotool key l; sleep 0.2
xdotool key space
T0_NS=$(date +%s%N); PLAY0=$(date +%s)
# Playing shows in the frame log's third column (the log is buffered: seconds late).
until awk 'NF >= 5 && $3 == "1" { found = 1; exit } END { exit !found }' "$TMP/frames.log"; do
    kill -0 "$APP" 2>/dev/null || fail "the app exited"
    (( $(date +%s) - PLAY0 < 60 )) || fail "playback did not start within 60 s"
    sleep 0.1
done

# Every SAMPLE_S seconds for RUN_S seconds of playing: the app's RSS and CPU time, and the
# machine's steal time and load (to tell a stall of the app from one of a busy machine).
echo "playing for $RUN_S s; a sample every $SAMPLE_S s, RSS baseline at $WARMUP_S s"
while :; do
    kill -0 "$APP" 2>/dev/null || fail "the app exited while playing (see app.log)"
    t_ms=$(( ($(date +%s%N) - T0_NS) / 1000000 ))
    rss=$(awk '/VmRSS/ { print $2 }' "/proc/$APP/status")
    cpu=$(sed 's/.*) //' "/proc/$APP/stat" | awk '{ print $12 + $13 }') # utime + stime
    read -r _ _ _ _ _ _ _ _ steal _ < /proc/stat
    read -r load1 _ < /proc/loadavg
    printf '%d.%03d %s %s %s %s\n' $((t_ms / 1000)) $((t_ms % 1000)) "$rss" "$cpu" "$steal" \
        "$load1" >> "$TMP/samples.tsv"
    (( t_ms >= RUN_S * 1000 )) && break
    sleep "$SAMPLE_S"
done
kill -TERM "$APP"
APP_RC=0; wait "$APP" || APP_RC=$?; APP=""

python3 - "$TMP/frames.log" "$TMP/samples.tsv" "$WARMUP_S" "$APP_RC" "$N" "$(getconf CLK_TCK)" \
    <<'PY'
import os, statistics, sys
frames_path, samples_path = sys.argv[1], sys.argv[2]
warmup_s, app_rc, n, tck = float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
max_growth = float(os.environ.get("SOAK_MAX_GROWTH_PCT", "5"))
max_gl = int(os.environ.get("SOAK_MAX_GL_ERRORS", "0"))
max_stall = float(os.environ.get("SOAK_MAX_STALL_S", "1.0"))

rows = [l.split() for l in open(frames_path) if len(l.split()) == 5]
gl_errors = sum(int(r[4]) for r in rows)
start = next(i for i, r in enumerate(rows) if r[2] == "1")
stopped = sum(1 for r in rows[start:] if r[2] != "1")
played = [r for r in rows[start:] if r[2] == "1"]
t = [float(r[0]) for r in played]
# A stall: the time between two consecutive frames that both played.
gaps = [(float(b[0]) - float(a[0]), float(a[0])) for a, b in zip(rows[start:], rows[start + 1:])
        if a[2] == "1" and b[2] == "1"]
stall, stall_at = max(gaps) if gaps else (0.0, 0.0)
ms = sorted(float(r[1]) for r in played)
p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]

samples = [(float(a), int(b), int(c), int(d), float(e)) for a, b, c, d, e in
           (l.split() for l in open(samples_path))]
rss = [(x[0], x[1]) for x in samples]
base_t, base = next(((s, r) for s, r in rss if s >= warmup_s), rss[-1])
end_t, end = rss[-1]
after = [r for s, r in rss if s >= base_t]
growth = 100.0 * (end - base) / base

def mib(kib):
    return f"{kib / 1024:.1f} MiB"
def cores(ticks, seconds):
    return f"{ticks / tck / max(1e-9, seconds):.2f} cores"

play_s = t[-1] - t[0]
print(f"incidents            {n:,}")
print(f"played               {play_s:.0f} s, {len(played):,} frames "
      f"({len(played) / max(1e-9, play_s):.1f} fps)")
print(f"frame time           median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, "
      f"max {ms[-1]:.1f} ms")
# The samples around the longest gap (their clock starts at Space, about the first played frame).
a, b = stall_at - t[0], stall_at + stall - t[0]
lo = max([x for x in samples if x[0] <= a], default=samples[0], key=lambda x: x[0])
hi = min([x for x in samples if x[0] >= b], default=samples[-1], key=lambda x: x[0])
span = hi[0] - lo[0]
print(f"longest frame gap    {stall:.3f} s, at {a:.1f} s of playing; the {span:.1f} s around it: "
      f"app CPU {cores(hi[2] - lo[2], span)}, steal {cores(hi[3] - lo[3], span)}, "
      f"load1 {max(x[4] for x in samples if lo[0] <= x[0] <= hi[0]):.2f}")
print(f"gaps over 0.5 s      {sum(1 for g, _ in gaps if g > 0.5)}")
print(f"machine              load1 median {statistics.median(x[4] for x in samples):.2f}, "
      f"max {max(x[4] for x in samples):.2f}; app CPU "
      f"{cores(samples[-1][2] - samples[0][2], samples[-1][0] - samples[0][0])} on average")
print(f"RSS                  {mib(rss[0][1])} at {rss[0][0]:.0f} s, {mib(base)} at {base_t:.0f} s "
      f"(baseline), {mib(end)} at {end_t:.0f} s (end); after the baseline min {mib(min(after))}, "
      f"max {mib(max(after))}; {len(rss)} samples")
print(f"RSS growth           {growth:+.2f} %")
print(f"GL errors            {gl_errors}")
checks = [
    (growth <= max_growth, f"RSS growth {growth:+.2f} % ≤ {max_growth:g} %"),
    (gl_errors <= max_gl, f"GL errors {gl_errors} ≤ {max_gl}"),
    (stall <= max_stall, f"longest frame gap {stall:.3f} s ≤ {max_stall:g} s"),
    (stopped == 0, f"playback never stopped ({stopped} frames not playing after Space)"),
    (app_rc == 0, f"the app exited 0 on SIGTERM (exit code {app_rc})"),
]
for ok, what in checks:
    print(("PASS " if ok else "FAIL ") + what)
sys.exit(0 if all(ok for ok, _ in checks) else 1)
PY
