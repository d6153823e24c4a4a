#!/usr/bin/env bash
# Issue 5's 10,000,000-incident targets: opens with a progress bar, scrubs at ≤ 250 ms per
# frame, stays within 8 GiB. Generates 10M GeoJSONSeq and CSV (scripts/gen_incidents.py,
# deterministic, ~2 GB each, cached in DATA), then measures, once each:
#   - `incimap info` load-to-ready and peak RSS, attributes in memory and left in the file;
#   - the real window under Xvfb (bench/window_frames.sh): load-to-ready, idle and playing
#     frame times and RSS, with screenshots while loading and when ready in DATA/shots-*.
#
#   bench/ten_million.sh [--data DIR] [--incimap PATH] [--seconds S]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="/tmp/incimap-bench"
INCIMAP="$ROOT/build-release/incimap"
SECS=8
while [[ $# -gt 0 ]]; do
    case "$1" in
        --data) DATA="$2"; shift 2 ;;
        --incimap) INCIMAP="$2"; shift 2 ;;
        --seconds) SECS="$2"; shift 2 ;;
        *) echo "usage: $0 [--data DIR] [--incimap PATH] [--seconds S]" >&2; exit 2 ;;
    esac
done
mkdir -p "$DATA"
N=10000000
echo "| file | size MiB | attributes | incimap info s | peak RSS MiB |"
echo "|---|---|---|---|---|"
for ext in geojsonl csv; do
    f="$DATA/incidents_$N.$ext"
    [[ -s "$f" ]] || python3 "$ROOT/scripts/gen_incidents.py" "$N" "$f" >/dev/null
    for a in memory file; do
        /usr/bin/time -f "%e %M" -o "$DATA/.time" "$INCIMAP" info "$f" --attributes "$a" >/dev/null
        read -r s kib <"$DATA/.time"
        awk -v f="$(basename "$f")" -v b="$(stat -L -c %s "$f")" -v a="$a" -v s="$s" -v k="$kib" \
            'BEGIN { printf "| %s | %.0f | %s | %.2f | %.0f |\n", f, b / 1048576, a, s, k / 1024 }'
    done
done
echo
for ext in geojsonl csv; do
    f="$DATA/incidents_$N.$ext"
    WINDOW_SHOTS="$DATA/shots-$ext" "$ROOT/bench/window_frames.sh" "$INCIMAP" "$f" "$SECS"
done
