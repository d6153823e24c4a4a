#!/usr/bin/env bash
# incimap vs the tools people use today, on this machine: generates the data, runs everything,
# prints a Markdown table (also written to $DATA/results.md; raw runs in $DATA/results.jsonl).
# Method and results: docs/PERFORMANCE.md. Peer numbers from elsewhere: shared/PEERS.md.
#
#   bench/run_benchmarks.sh [--runs N] [--sizes "100000 1000000"] [--data DIR]
#                           [--incimap PATH] [--no-build] [--quiet-wait S] [--quick]
#
#   --runs N      runs per figure, the median is reported (default 3)
#   --sizes "…"   incident counts (default "100000 1000000"; --quick = "100000")
#   --data DIR    where the generated data and results go (default /tmp/incimap-bench;
#                 never inside the repository)
#   --incimap P   the binary (default build-release/incimap: configured Release with Ninja
#                 when missing and brought up to date with ninja before measuring)
#   --no-build    measure the binary as it is
#   --quiet-wait S  before each run wait up to S seconds for the CPUs to go idle (default
#                 60; figures measured on a busy machine are flagged in the table)
#
# Needs: gdal-bin, python3-mapnik (Debian's /usr/bin/python3), time (GNU /usr/bin/time),
# Mesa's llvmpipe (libgl1-mesa-dri, libegl-mesa0). About 7 minutes for both sizes on
# 2 cores, most of it at 1M.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
SIZES="100000 1000000"
DATA="/tmp/incimap-bench"
INCIMAP="$ROOT/build-release/incimap"
BUILD=1
QUIET=60
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --sizes) SIZES="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --incimap) INCIMAP="$2"; BUILD=0; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --quiet-wait) QUIET="$2"; shift 2 ;;
        --quick) SIZES="100000"; shift ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

# The view every tool draws: 1280x800, lon 19-62 E, lat 13-37 N, Web Mercator.
SIZE=1280x800
BBOX=19,13,62,37
# The same box in EPSG:3857 metres, its height grown to the 1280:800 aspect about its
# centre (what incimap --bbox and mapnik zoom_to_box do), for gdal_rasterize -te.
TE=(2115070.33 1453563.87 6901808.43 4445275.19)
FROM=2024-01-01
TO=2024-01-08   # exclusive: 7 days
MAPNIK_PY=/usr/bin/python3
PEERS="$ROOT/bench/peers"

need() { command -v "$1" >/dev/null || { echo "missing $1 ($2)" >&2; exit 1; }; }
need ogrinfo "apt-get install gdal-bin"
need ogr2ogr "apt-get install gdal-bin"
need gdal_rasterize "apt-get install gdal-bin"
[[ -x /usr/bin/time ]] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 1; }
"$MAPNIK_PY" -c 'import mapnik' 2>/dev/null ||
    { echo "missing mapnik for $MAPNIK_PY (apt-get install python3-mapnik)" >&2; exit 1; }
case "$(realpath -m "$DATA")/" in
    "$ROOT"/*) echo "--data must be outside the repository" >&2; exit 2 ;;
esac

if [[ $BUILD == 1 ]]; then
    echo "== building $INCIMAP (Release)" >&2
    [[ -f "$ROOT/build-release/build.ninja" ]] ||
        cmake -S "$ROOT" -B "$ROOT/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
    ninja -C "$ROOT/build-release" incimap >&2
fi
[[ -x "$INCIMAP" ]] || { echo "no incimap binary at $INCIMAP" >&2; exit 1; }
# What was measured: the commit, and whether src/ or shaders/ differed from it at build time.
VERSION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
[[ -n "$(git -C "$ROOT" status --porcelain -- src shaders 2>/dev/null)" ]] &&
    VERSION="$VERSION + uncommitted changes in src/ or shaders/"
[[ $BUILD == 1 ]] || VERSION="$INCIMAP (as given; the tree is at $VERSION)"

mkdir -p "$DATA"
RESULTS="$DATA/results.jsonl"
[[ -f "$RESULTS" ]] && mv "$RESULTS" "$RESULTS.prev"
measure() {
    python3 "$PEERS/measure.py" --out "$RESULTS" --runs "$RUNS" --quiet-wait "$QUIET" "$@"
}

echo "== data in $DATA" >&2
pids=()
for n in 1000 $SIZES; do
    for ext in geojson csv; do
        f="$DATA/inc_$n.$ext"
        if [[ ! -s "$f" || ! -s "$f.done" ]]; then
            (python3 "$ROOT/scripts/gen_incidents.py" "$n" "$f" >/dev/null && date > "$f.done") &
            pids+=($!)
        fi
    done
done
for p in "${pids[@]}"; do wait "$p"; done

# Fixed costs (EGL + basemap + PNG) with next to no incidents.
cat "$DATA/inc_1000.geojson" >/dev/null
measure --id render_all_1000 --json -- "$INCIMAP" render "$DATA/inc_1000.geojson" \
    -o "$DATA/incimap_1000.png" --size $SIZE --bbox $BBOX --stats

for n in $SIZES; do
    gj="$DATA/inc_$n.geojson"; csv="$DATA/inc_$n.csv"
    fgb="$DATA/inc_${n}_3857.fgb"; vrt="$DATA/inc_${n}_3857.vrt"
    echo "== $n incidents ($(du -h "$gj" | cut -f1) GeoJSON, $(du -h "$csv" | cut -f1) CSV)" >&2
    cat "$gj" "$csv" >/dev/null   # page cache warm for every tool alike

    # 1. Reading: incimap info vs ogrinfo.
    measure --id "info_geojson_$n" -- "$INCIMAP" info "$gj"
    measure --id "ogrinfo_geojson_$n" -- ogrinfo -ro -al -so "$gj"
    measure --id "info_csv_$n" -- "$INCIMAP" info "$csv"
    measure --id "ogrinfo_csv_$n" -- ogrinfo -ro -al -so "$csv"
    # -so may not visit every feature (the CSV driver counts lines); this does, printing
    # one line per feature to /dev/null.
    measure --id "ogrinfo_iter_geojson_$n" -- sh -c \
        "exec ogrinfo -ro -al -q -fields=NO -geom=NO '$gj' > /dev/null"
    measure --id "ogrinfo_iter_csv_$n" -- sh -c \
        "exec ogrinfo -ro -al -q -fields=NO -geom=NO '$csv' > /dev/null"

    # 2. incimap render, off-screen (EGL surfaceless, llvmpipe).
    measure --id "render_all_$n" --json -- "$INCIMAP" render "$gj" \
        -o "$DATA/incimap_$n.png" --size $SIZE --bbox $BBOX --stats
    measure --id "render_week_$n" --json -- "$INCIMAP" render "$gj" \
        -o "$DATA/incimap_${n}_week.png" --size $SIZE --bbox $BBOX --from $FROM --to $TO --stats

    # 3. Peers on the same points and view.
    measure --id "mapnik_$n" --json -- "$MAPNIK_PY" "$PEERS/mapnik_render.py" "$gj" \
        "$DATA/mapnik_$n.png" --size $SIZE --bbox $BBOX --from $FROM --to $TO
    measure --id "mapnik_styled_$n" --json -- "$MAPNIK_PY" "$PEERS/mapnik_render.py" "$gj" \
        "$DATA/mapnik_styled_$n.png" --size $SIZE --bbox $BBOX --from $FROM --to $TO \
        --style incimap
    measure --id "ogr2ogr_$n" -- sh -c \
        "rm -f '$fgb' && exec ogr2ogr -f FlatGeobuf -t_srs EPSG:3857 '$fgb' '$gj'"
    cat > "$vrt" <<VRT
<OGRVRTDataSource>
  <OGRVRTWarpedLayer>
    <OGRVRTLayer name="inc_$n">
      <SrcDataSource>$gj</SrcDataSource>
      <SrcLayer>inc_$n</SrcLayer>
    </OGRVRTLayer>
    <TargetSRS>EPSG:3857</TargetSRS>
  </OGRVRTWarpedLayer>
</OGRVRTDataSource>
VRT
    rast=(gdal_rasterize -q -burn 255 -ot Byte -ts 1280 800 -te "${TE[@]}" -of GTiff)
    measure --id "rasterize_fgb_$n" -- "${rast[@]}" "$fgb" "$DATA/gdal_$n.tif"
    measure --id "rasterize_vrt_$n" -- "${rast[@]}" "$vrt" "$DATA/gdal_vrt_$n.tif"
    measure --id "rasterize_fgb_week_$n" -- "${rast[@]}" \
        -where "date >= '$FROM' AND date < '$TO'" "$fgb" "$DATA/gdal_week_$n.tif"
done

# The machine, for the table's header.
renderer=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if "stats_text" in r: print(r["stats_text"].get("renderer", "?")); break' "$RESULTS")
python3 - "$DATA/machine.json" "$RUNS" "$SIZES" "$renderer" "$VERSION" <<'PY'
import json, os, re, subprocess, sys
out, runs, sizes, renderer, version = sys.argv[1:6]
def sh(*cmd):
    try: return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError: return "?"
cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
fam = re.search(r"cpu family\s*:\s*(\d+)", open("/proc/cpuinfo").read())
mem = int(re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read()).group(1))
mesa = sh("dpkg-query", "-W", "-f=${Version}", "libgl1-mesa-dri") or "?"
mapnik = sh("/usr/bin/python3", "-c", "import mapnik; v=mapnik.mapnik_version(); print(f'{v//100000}.{v//100%1000}.{v%100}')")
json.dump({"loadavg": open("/proc/loadavg").read().split()[:3], "nproc": os.cpu_count(), "cpu": f"{cpu.group(1) if cpu else '?'}, family {fam.group(1) if fam else '?'}",
           "ram": f"{mem / 1024 / 1024:.1f} GiB", "renderer": renderer, "mesa": mesa,
           "gdal": sh("gdalinfo", "--version"), "mapnik": mapnik, "incimap": version,
           "runs": int(runs), "sizes": [int(s) for s in sizes.split()]}, open(out, "w"))
PY

python3 "$PEERS/summarize.py" "$RESULTS" "$DATA/machine.json" | tee "$DATA/results.md"
