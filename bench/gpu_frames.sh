#!/usr/bin/env bash
# Frame times on a hardware GPU (issue 14, part 4): `incimap render --stats` at 1M and 10M
# incidents through an EGL device (INCIMAP_EGL_DEVICE=hardware: NVIDIA's driver or a Mesa GPU
# driver, never llvmpipe), and the real window when a display with a hardware GL renderer is
# given. Exits 77 when there is no hardware EGL device (this project's CI machines have none).
#
#   bench/gpu_frames.sh [--data DIR] [--incimap PATH] [--runs N] [--display :N] [--seconds S]
#
# Prints one Markdown table: work, size, draw path (instanced or the index's plan), primitives,
# first draw and the moved-window redraw (median of N runs), and the renderer's measured costs
# per instance, marker and plan point. With --display, bench/window_frames.sh runs on that
# display (WINDOW_DISPLAY; no Xvfb) at both sizes. The target: 10M playing at ≤ 16.7 ms.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="/tmp/incimap-bench"
INCIMAP="$ROOT/build-release/incimap"
RUNS=3
DISPLAY_ARG=""
SECS=8
while [[ $# -gt 0 ]]; do
    case "$1" in
        --data) DATA="$2"; shift 2 ;;
        --incimap) INCIMAP="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --display) DISPLAY_ARG="$2"; shift 2 ;;
        --seconds) SECS="$2"; shift 2 ;;
        *) echo "usage: $0 [--data DIR] [--incimap PATH] [--runs N] [--display :N] [--seconds S]" >&2
           exit 2 ;;
    esac
done
export INCIMAP_EGL_DEVICE=hardware
mkdir -p "$DATA"
probe="$DATA/.gpu_probe.geojson"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[44,33]},"properties":{"date":"2024-01-01"}}]}' >"$probe"
if ! renderer=$("$INCIMAP" render "$probe" -o "$DATA/.gpu_probe.png" --stats 2>"$DATA/.gpu_probe.err" |
                python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["renderer"])'); then
    echo "no hardware EGL device: $(cat "$DATA/.gpu_probe.err")" >&2
    exit 77
fi
case "$renderer" in *llvmpipe*|*softpipe*|*SwiftShader*) echo "only software GL ($renderer)" >&2; exit 77 ;; esac
echo "GPU: $renderer"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
echo
declare -A FILES=([1000000]="$DATA/incidents_1000000.geojson" [10000000]="$DATA/incidents_10000000.geojsonl")
for n in 1000000 10000000; do
    [[ -s "${FILES[$n]}" ]] || python3 "$ROOT/scripts/gen_incidents.py" "$n" "${FILES[$n]}" >/dev/null
done
cat >"$DATA/.gpu_row.py" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.startswith("{")]
med = lambda k: statistics.median(r[k] for r in rows)
r, label, n = rows[-1], sys.argv[1], sys.argv[2]
c = r["cost_ns"]
path = "plan" if r["aggregated"] else "instanced"
print(f"| {label} | {n} | {path} | {r['primitives']} | {med('draw_s'):.4f} | "
      f"{med('redraw_moved_window_s'):.4f} | {c['instance']} / {c['marker']} / {c['point']} |")
PY
echo "| work | incidents | path | primitives | draw s (median) | moved-window redraw s (median) | cost ns: instance / marker / point |"
echo "|---|---|---|---|---|---|---|"
for n in 1000000 10000000; do
    f="${FILES[$n]}"
    while IFS='|' read -r label args; do
        # shellcheck disable=SC2086
        for r in $(seq "$RUNS"); do
            "$INCIMAP" render "$f" -o "$DATA/gpu_$n.png" --stats $args </dev/null
        done | python3 "$DATA/.gpu_row.py" "$label" "$n"
    done <<'VIEWS'
full view, everything|--bbox 19,13,62,37
full view, 7-day window|--bbox 19,13,62,37 --from 2024-01-01 --to 2024-01-08
Baghdad zoom ≈ 12, 7-day window|--bbox 44.2,33.2,44.55,33.45 --from 2024-01-01 --to 2024-01-08
VIEWS
done
if [[ -n "$DISPLAY_ARG" ]]; then
    echo
    for n in 1000000 10000000; do
        WINDOW_DISPLAY="$DISPLAY_ARG" "$ROOT/bench/window_frames.sh" "$INCIMAP" "${FILES[$n]}" "$SECS"
    done
fi
