#!/usr/bin/env bash
# Issue 18's speed targets for `incimap animate`: a 120-frame 1280×800 MP4 of the bundled
# sample (≤ 10 s) and of 1,000,000 generated incidents (≤ 20 s, scripts/gen_incidents.py,
# cached in DATA), wall time of the whole command (read, draw, encode). Beside it, in the same
# run, the peer: the `ffmpeg` binary encoding the same 120 frames, already drawn as PNGs, with
# the same encoder and preset (libx264 veryfast, crf 20) — the cost of encoding alone.
#
#   bench/animate_bench.sh [--data DIR] [BIN]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="/tmp/incimap-bench"
BIN=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --data) DATA="$2"; shift 2 ;;
        -*) echo "usage: $0 [--data DIR] [BIN]" >&2; exit 2 ;;
        *) BIN="$1"; shift ;;
    esac
done
[[ -n $BIN ]] || BIN="$ROOT/build/incimap"
mkdir -p "$DATA"
big="$DATA/incidents_1000000.geojson"
[[ -s "$big" ]] || python3 "$ROOT/scripts/gen_incidents.py" 1000000 "$big" >/dev/null
sample="$ROOT/assets/samples/incidents-2023-10_2024-02.geojson"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| data | incidents | 120 frames 1280×800 | wall | CPU (user+sys) | read (wall) | draw (wall) | MP4 size | peer: ffmpeg encoding the 120 PNGs, wall / CPU |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in sample 1M; do
    if [[ $name == sample ]]; then f=$sample; range=(--from 2023-10-07 --to 2024-02-04)
    else f=$big; range=(--from 2023-10-01 --to 2024-01-29); fi
    args=(animate "$f" "${range[@]}" --step 1d --size 1280x800 --legend --fps 24 --quiet)
    # Wall and CPU (user + system) seconds: on a shared machine the CPU time is what the
    # command needs; on an idle 2-core machine the wall time approaches CPU / cores.
    /usr/bin/time -f "%e %U %S" -o "$out/$name.time" "$BIN" "${args[@]}" -o "$out/$name.mp4" \
        >"$out/$name.json"
    read -r wall user sys <"$out/$name.time"
    cpu=$(echo "$user + $sys" | bc)
    # The same frames as PNGs for the peer (not timed).
    "$BIN" "${args[@]}" -o "$out/$name-frames" >/dev/null
    /usr/bin/time -f "%e %U %S" -o "$out/$name-peer.time" ffmpeg -v error -framerate 24 \
        -i "$out/$name-frames/frame-%04d.png" -c:v libx264 -preset veryfast -crf 20 \
        -pix_fmt yuv420p -y "$out/$name-peer.mp4"
    read -r pwall puser psys <"$out/$name-peer.time"
    pcpu=$(echo "$puser + $psys" | bc)
    python3 - "$out/$name.json" "$name" "$wall" "$cpu" "$pwall" "$pcpu" "$out/$name.mp4" <<'PY'
import json, os, sys
j = json.load(open(sys.argv[1]))
size = os.path.getsize(sys.argv[7]) / 1e6
wall, cpu, pwall, pcpu = (float(v) for v in sys.argv[3:7])
print(f"| {sys.argv[2]} | {j['incidents']:,} | {j['frames']} frames | {wall:.2f} s | {cpu:.2f} s "
      f"| {j['read_s']:.2f} s | {j['draw_s']:.2f} s | {size:.1f} MB | {pwall:.2f} s / {pcpu:.2f} s |")
PY
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
