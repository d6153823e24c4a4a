#!/usr/bin/env bash
# Errors people can act on (issue 6, item 6): for each hostile or broken input, `incimap info`
# and `incimap render` exit 1 with exactly one line `incimap: <file>: <what>; <what to
# do>` on stderr and nothing on stdout. Inputs are generated here at run time.
# Usage: cli_errors_test.sh INCIMAP_BINARY
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../cli/common.sh" "$@"

# expect_error NAME PATTERN ARGS...: exit 1, no stdout, one stderr line that starts
# with `incimap: ` and matches the extended regex PATTERN (the "what to do" part).
expect_error() {
    local name=$1 pattern=$2
    shift 2
    set +e
    # A hang (a FIFO, a zip bomb) must fail the test, not block it.
    timeout 60 "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    local rc=$?
    set -e
    [[ $rc -ne 124 ]] || fail "$name: still running after 60 s"
    [[ $rc -eq 1 ]] || fail "$name: exit status $rc, not 1"
    [[ ! -s $tmp/$name.out ]] || fail "$name: wrote to stdout"
    local lines
    lines=$(wc -l <"$tmp/$name.err")
    [[ $lines -eq 1 ]] || fail "$name: $lines lines on stderr: $(head -c 600 "$tmp/$name.err")"
    [[ $(head -c 9 "$tmp/$name.err") == "incimap: " ]] ||
        fail "$name: stderr does not start with 'incimap: ': $(head -c 300 "$tmp/$name.err")"
    grep -Eq -- "$pattern" "$tmp/$name.err" ||
        fail "$name: no '$pattern' in: $(head -c 600 "$tmp/$name.err")"
}

python3 - "$tmp" <<'PY'
import sys, zipfile
d = sys.argv[1]
n = 1_000_000
feature = '{"type":"Feature","properties":{"a":%s},"geometry":{"type":"Point","coordinates":[1,2]}}'
open(f"{d}/deep.geojson", "w").write(
    '{"type":"FeatureCollection","features":[' + feature % ("[" * n + "]" * n) + "]}")
open(f"{d}/truncated.geojson", "w").write(
    '{"type":"FeatureCollection","features":[' + feature % "1" + ',{"type":"Feat')
open(f"{d}/outside.csv", "w").write("lon,lat\n1,2\n")
open(f"{d}/x.vrt", "w").write(
    f"<OGRVRTDataSource><OGRVRTLayer name='o'><SrcDataSource>{d}/outside.csv"
    "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>")
props = ",".join(f'"p{i}":{i}' for i in range(20_000))
open(f"{d}/wide.geojson", "w").write(
    '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{' + props +
    '},"geometry":{"type":"Point","coordinates":[1,2]}}]}')
rows = "".join(f'{{"type":"Feature","properties":{{"i":{i},"date":"2024-01-02"}},'
               f'"geometry":{{"type":"Point","coordinates":[1,2]}}}}\n' for i in range(50_000))
open(f"{d}/many.geojsonl", "w").write(rows)
body = '{"type":"FeatureCollection","features":[' + " " * (30 << 20) + "]}"
with zipfile.ZipFile(f"{d}/big.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("x.geojson", body)
PY
: >"$tmp/empty.csv"
mkfifo "$tmp/pipe.geojson"

expect_error deep "Too many nested|nesting too deep" info "$tmp/deep.geojson"
expect_error deep_what_to_do "check that the file is complete" info "$tmp/deep.geojson"
expect_error truncated "truncated.geojson: cannot read as GeoJSON: .*check that" \
    info "$tmp/truncated.geojson"
expect_error vrt "x.vrt: not a vector format incimap reads; convert it" info "$tmp/x.vrt"
expect_error wide "more than 10000 different properties.*keep only the columns" \
    info "$tmp/wide.geojson"
expect_error budget "needs about .* more than the 1 MiB budget.*--memory-budget [0-9]+M" \
    info --memory-budget 1M "$tmp/many.geojsonl"
# A usage error (CLI11's) is one line too, names the option and exits 1.
expect_error bad_budget "^incimap: --memory-budget: expected a size such as 2G" \
    info --memory-budget lots "$tmp/many.geojsonl"
expect_error bad_zoom "^incimap: .*--zoom.*abc" render "$tmp/many.geojsonl" -o "$tmp/out.png" \
    --zoom abc
for zoom in nan inf -3 23; do # ignored before (NaN, negative) or taken as 22 (infinity)
    expect_error "bad_zoom_$zoom" "^incimap: --zoom -?(nan|inf|3|23): expected a number from 0 to 22" \
        render "$tmp/many.geojsonl" -o "$tmp/out.png" --zoom "$zoom"
done
expect_error bad_mode "^incimap: --mode: .*lots" render "$tmp/many.geojsonl" -o "$tmp/out.png" \
    --mode lots
expect_error bad_attributes "^incimap: --attributes" export "$tmp/many.geojsonl" \
    -o "$tmp/out.csv" --attributes disk
expect_error unknown_option "^incimap: .*--bogus" render "$tmp/many.geojsonl" -o "$tmp/out.png" \
    --bogus
expect_error unknown_top_option "^incimap: .*--nope" --nope
expect_error no_output "^incimap: .*--output is required" render "$tmp/many.geojsonl"
expect_error two_values "^incimap: .*--size" render "$tmp/many.geojsonl" -o "$tmp/out.png" --size
# Help and the version are not errors: stdout, exit 0.
for args in "--help" "--version" "render --help" "export --help" "info --help"; do
    set +e
    # shellcheck disable=SC2086 # split on purpose
    "$bin" $args >"$tmp/help.out" 2>"$tmp/help.err"
    rc=$?
    set -e
    [[ $rc -eq 0 && -s $tmp/help.out && ! -s $tmp/help.err ]] ||
        fail "incimap $args: exit $rc, stderr: $(head -c 300 "$tmp/help.err")"
done
expect_error zip "unpacks to 30 MiB, more than the 8 MiB budget; unpack it yourself" \
    info --memory-budget 8M "/vsizip/$tmp/big.zip/x.geojson"
expect_error gzip "/vsigzip/ paths are not read.*plain file" info "/vsigzip/$tmp/x.geojson.gz"
expect_error url "network paths are off; pass --allow-network" \
    info "http://127.0.0.1:9/x.geojson"
expect_error empty "the file is empty.*still being written" info "$tmp/empty.csv"
expect_error fifo "not a regular file.*save the data to a file" info "$tmp/pipe.geojson"
expect_error missing "no such file; check the path" info "$tmp/nope.geojson"
# A CRS that names a file (here a FIFO, which would block PROJ forever) is refused before
# PROJ sees it: in a GeoJSON crs member, a CSV's .prj, and render --projection.
mkfifo "$tmp/grid"
printf '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"+proj=longlat +datum=WGS84 +nadgrids=%s +type=crs"}},"features":[]}\n' \
    "$tmp/grid" >"$tmp/crs_grid.geojson"
expect_error crs_grid "crs_grid.geojson: its CRS names the file .*grid.*EPSG code" \
    info "$tmp/crs_grid.geojson"
printf 'lon,lat\n1,2\n' >"$tmp/prj_grid.csv"
printf 'GEOGCS["x",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],EXTENSION["PROJ4","+proj=longlat +ellps=WGS84 +nadgrids=%s"]]' \
    "$tmp/grid" >"$tmp/prj_grid.prj"
expect_error prj_grid "prj_grid.csv: its CRS names the file" info "$tmp/prj_grid.csv"
expect_error projection_grid "names the file .*grid" render "$tmp/many.geojsonl" \
    -o "$tmp/out.png" --projection "+proj=merc +datum=WGS84 +nadgrids=$tmp/grid +type=crs"
[[ -p $tmp/grid ]] || fail "the FIFO is no longer a FIFO"
# A PostgreSQL server that accepts and never answers: libpq's connect_timeout (10 s by
# default, INCIMAP_PG_CONNECT_TIMEOUT_S=2 here) ends the wait with one line.
python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
held = []
s.settimeout(30)
try:
    while True:
        held.append(s.accept()[0])  # accepted, never answered
except Exception:
    pass
' "$tmp/pg_port" &
silent_pid=$!
for _ in $(seq 50); do [[ -s $tmp/pg_port ]] && break; sleep 0.1; done
start=$SECONDS
INCIMAP_PG_CONNECT_TIMEOUT_S=2 expect_error pg_silent "PG:.*(timeout|timed out)" \
    info "PG:host=127.0.0.1 port=$(cat "$tmp/pg_port") dbname=x"
((SECONDS - start < 20)) || fail "pg_silent: took $((SECONDS - start)) s"
kill "$silent_pid" 2>/dev/null || true
expect_error render_url "network paths are off; pass --allow-network" \
    render "http://127.0.0.1:9/x.geojson" -o "$tmp/out.png"
expect_error render_deep "check that the file is complete" \
    render "$tmp/deep.geojson" -o "$tmp/out.png"
[[ ! -e $tmp/out.png ]] || fail "render wrote a PNG after an error"
# The PNG never goes over an input (by identity: here through a symbolic link to it).
printf '{"type":"FeatureCollection","features":[]}\n' >"$tmp/input.geojson"
cp "$tmp/input.geojson" "$tmp/input.copy"
ln -s input.geojson "$tmp/link.png"
expect_error render_over_input "link.png: is .*input" render "$tmp/input.geojson" -o "$tmp/link.png"
cmp -s "$tmp/input.geojson" "$tmp/input.copy" || fail "render wrote over its input"

finish hostile
