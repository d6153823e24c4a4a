#!/usr/bin/env bash
# Load-to-ready of `incimap info` with the fast readers, the same through GDAL
# (INCIMAP_NO_FAST_READERS=1) and `ogrinfo -ro -al -so` (the issue 5 yardstick), with peak RSS,
# on generated GeoJSON, GeoJSONSeq and CSV (scripts/gen_incidents.py). Prints a Markdown table.
#
#   bench/load_bench.sh [--runs N] [--sizes "100000 1000000"] [--data DIR] [--incimap PATH]
#
#   --runs N      runs per figure; the fastest time and the largest RSS are shown (default 3)
#   --sizes "…"   incident counts (default "100000 1000000")
#   --data DIR    generated files go here (default /tmp/incimap-bench; reused when present)
#   --incimap P   the binary (default build-release/incimap, built with ninja when missing)
#
# Targets (issue 5, 1M GeoJSON): fast ≤ 0.15 × ogrinfo, peak RSS ≤ 1.5 × the file size.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
SIZES="100000 1000000"
DATA="/tmp/incimap-bench"
INCIMAP="$ROOT/build-release/incimap"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --sizes) SIZES="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --incimap) INCIMAP="$2"; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--sizes \"…\"] [--data DIR] [--incimap PATH]" >&2; exit 2 ;;
    esac
done
if [[ ! -x "$INCIMAP" ]]; then
    cmake -S "$ROOT" -B "$ROOT/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$ROOT/build-release" incimap >/dev/null
fi
mkdir -p "$DATA"

# The open options incimap gives GDAL's CSV driver (src/geo/gdal/source_open.cpp).
CSV_OO=(-oo "X_POSSIBLE_NAMES=longitude,lon,lng,long,x,xcoord,x_coord,longitud,lon_dd"
        -oo "Y_POSSIBLE_NAMES=latitude,lat,y,ycoord,y_coord,latitud,lat_dd"
        -oo KEEP_GEOM_COLUMNS=YES -oo AUTODETECT_TYPE=NO)

# measure OUT CMD…: best wall time (s) and max RSS (KiB) over $RUNS runs, as "s kib".
measure() {
    local best="" rss=0 t m
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$DATA/.time" "$@" >/dev/null 2>&1
        read -r t m <"$DATA/.time"
        if [[ -z "$best" ]] || awk "BEGIN{exit !($t < $best)}"; then best="$t"; fi
        (( m > rss )) && rss="$m"
    done
    echo "$best $rss"
}

echo "| file | size MiB | incimap fast s | fast RSS MiB | incimap GDAL s | GDAL RSS MiB | ogrinfo -so s | ogrinfo RSS MiB | fast / ogrinfo | fast RSS / file |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in $SIZES; do
    for ext in geojson geojsonl csv; do
        f="$DATA/incidents_$n.$ext"
        [[ -s "$f" ]] || python3 "$ROOT/scripts/gen_incidents.py" "$n" "$f" 2>/dev/null
        bytes=$(stat -c %s "$f")
        read -r fs fr < <(measure "$INCIMAP" info "$f")
        read -r gs gr < <(INCIMAP_NO_FAST_READERS=1 measure "$INCIMAP" info "$f")
        if [[ $ext == csv ]]; then
            read -r os or < <(measure ogrinfo -ro -al -so "${CSV_OO[@]}" "$f")
        else
            read -r os or < <(measure ogrinfo -ro -al -so "$f")
        fi
        # The fast path must really have run (it declines silently otherwise).
        if INCIMAP_FAST_READERS_VERBOSE=1 "$INCIMAP" info "$f" 2>&1 >/dev/null |
                grep "fast reader declined" >/dev/null; then fast_note=" (declined: GDAL ran)"; fi
        awk -v f="$(basename "$f")" -v b="$bytes" -v fs="$fs" -v fr="$fr" -v gs="$gs" -v gr="$gr" \
            -v os="$os" -v or="$or" -v note="${fast_note:-}" 'BEGIN {
            printf "| %s%s | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f | %.0f | %.3f | %.2f |\n",
                f, note, b / 1048576, fs, fr / 1024, gs, gr / 1024, os, or / 1024, fs / os,
                fr * 1024 / b }'
        unset fast_note
    done
done
