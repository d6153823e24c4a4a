#!/usr/bin/env bash
# Loading on every core (issue 14): `incimap info` on 1M GeoJSON and CSV and `render` (first
# map, cold process) with 1 and 2 threads (INCIMAP_THREADS), beside `ogrinfo -ro -al -so` on
# the same file and the floor (bench/floor_bench.cpp: a bare simdjson pass, a bare CSV split).
# Each figure is the median of RUNS runs (wall s, peak RSS MiB from /usr/bin/time -v); the load
# average before each group is printed too. Prints a Markdown table.
#
#   bench/parallel_load.sh BUILD_DIR GEOJSON CSV [RUNS]
set -euo pipefail
BUILD="$1"; GEOJSON="$2"; CSV="$3"; RUNS="${4:-3}"
INCIMAP="$BUILD/incimap"; FLOOR="$BUILD/bench/incimap_bench_floor"
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
CSV_OO=(-oo "X_POSSIBLE_NAMES=longitude,lon,lng,long,x,xcoord,x_coord,longitud,lon_dd"
        -oo "Y_POSSIBLE_NAMES=latitude,lat,y,ycoord,y_coord,latitud,lat_dd"
        -oo KEEP_GEOM_COLUMNS=YES -oo AUTODETECT_TYPE=NO)

# median OF… : the middle value of the arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# measure LABEL CMD…: median wall s and peak RSS MiB over RUNS runs, as one table row.
measure() {
    local label="$1"; shift
    local ts=() rs=()
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -v -o "$OUT/t" "$@" >/dev/null 2>"$OUT/err" || true
        ts+=("$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/t")")
        rs+=("$(awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$OUT/t")")
    done
    local t r; t=$(median "${ts[@]}"); r=$(median "${rs[@]}")
    echo "| $label | \`${*/#$BUILD\//}\` | $t | $r | $(cut -d' ' -f1-3 /proc/loadavg) |"
    echo "$t" >"$OUT/last"
}

floor() { # median floor_s over RUNS runs
    local fs=()
    for _ in $(seq "$RUNS"); do fs+=("$("$FLOOR" "$1" | sed 's/floor_s=\([0-9.]*\).*/\1/')"); done
    median "${fs[@]}"
}

echo "Machine: $(nproc) cores, $(awk '/model name/{$1=$2=$3="";print;exit}' /proc/cpuinfo), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "GeoJSON: $GEOJSON ($(stat -c %s "$GEOJSON") bytes); CSV: $CSV ($(stat -c %s "$CSV") bytes)"
echo
echo "| what | command | median s | peak RSS MiB | load (1/5/15 min) |"
echo "|---|---|---|---|---|"
cat "$GEOJSON" "$CSV" >/dev/null # in the page cache for every run alike
for f in "$GEOJSON" "$CSV"; do
    oo=(); [[ "$f" == *.csv ]] && oo=("${CSV_OO[@]}")
    measure "ogrinfo $(basename "$f")" ogrinfo -ro -al -so "${oo[@]}" "$f"
    for n in 1 2; do
        measure "incimap info, $n thread(s)" env INCIMAP_THREADS=$n "$INCIMAP" info "$f"
    done
    fl=$(floor "$f")
    echo "| floor $(basename "$f") | \`incimap_bench_floor $f\` | $fl | | |"
done
for n in 1 2; do
    measure "render first map, $n thread(s)" env INCIMAP_THREADS=$n "$INCIMAP" render "$GEOJSON" \
        -o "$OUT/r.png" --size 1280x800 --bbox 19,13,62,37 --stats
done
