#!/usr/bin/env bash
# Issue 14's "every size fast": the same views at 10k, 50k, 100k, 190k, 210k and 1M incidents,
# so that no band of sizes is slower than 1M. For each size (scripts/gen_incidents.py, cached in
# DATA) and each binary given (compare two commits in one run: ratios, not absolute times):
#   - `incimap render --stats`: first draw and the redraw with the window moved a day, for the
#     whole range and a 7-day window, at the fitted view; the path the frame took and its
#     primitives; RUNS runs, median;
#   - bench/window_frames.sh: the real window under Xvfb, idle and playing frame medians and
#     the RSS peak (SECONDS each).
#
#   bench/every_size.sh [--data DIR] [--runs N] [--seconds S] [--sizes "10000 …"] BIN [BIN…]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="/tmp/incimap-bench"
RUNS=2
SECS=6
SIZES="10000 50000 100000 190000 210000 1000000"
BINS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --data) DATA="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --seconds) SECS="$2"; shift 2 ;;
        --sizes) SIZES="$2"; shift 2 ;;
        -*) echo "usage: $0 [--data DIR] [--runs N] [--seconds S] [--sizes LIST] BIN [BIN…]" >&2
            exit 2 ;;
        *) BINS+=("$1"); shift ;;
    esac
done
[[ ${#BINS[@]} -gt 0 ]] || BINS=("$ROOT/build-release/incimap")
mkdir -p "$DATA"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
cat >"$DATA/.size_row.py" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
med = lambda k: statistics.median(r[k] for r in rows)
r = rows[-1]
path = "plan" if r.get("aggregated") else "instanced"
print(f"{med('draw_s'):.3f} / {med('redraw_moved_window_s'):.3f} s, {path} {r.get('primitives', r.get('frame_points', '?'))}")
PY
echo
echo "| incidents | binary | render, all dates: draw / moved redraw | render, 7 days: draw / moved redraw | window idle median | window playing median | window RSS peak |"
echo "|---|---|---|---|---|---|---|"
for n in $SIZES; do
    f="$DATA/incidents_$n.geojson"
    [[ -s "$f" ]] || python3 "$ROOT/scripts/gen_incidents.py" "$n" "$f" >/dev/null
    for bin in "${BINS[@]}"; do
        for view in all week; do
            args=()
            [[ $view == week ]] && args=(--from 2024-01-01 --to 2024-01-08)
            : >"$DATA/.render_$view"
            for _ in $(seq "$RUNS"); do
                "$bin" render "$f" -o "$DATA/.render.png" --stats "${args[@]}" \
                    >>"$DATA/.render_$view" 2>/dev/null </dev/null
            done
        done
        all=$(python3 "$DATA/.size_row.py" "$DATA/.render_all")
        week=$(python3 "$DATA/.size_row.py" "$DATA/.render_week")
        win=$("$ROOT/bench/window_frames.sh" "$bin" "$f" "$SECS" 2>&1 || true)
        idle=$(sed -n 's/.*idle: .*median \([0-9.]*\) ms.*/\1/p' <<<"$win")
        play=$(sed -n 's/.*playing: .*median \([0-9.]*\) ms.*/\1/p' <<<"$win")
        peak=$(sed -n 's/.*memory:  peak \([0-9]*\) MiB.*/\1/p' <<<"$win")
        echo "| $n | $bin | $all | $week | ${idle:-?} ms | ${play:-?} ms | ${peak:-?} MiB |"
    done
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
