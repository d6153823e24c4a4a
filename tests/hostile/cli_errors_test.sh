#!/usr/bin/env bash
# Errors people can act on (issue 6, item 6): for each hostile or broken input, `incimap info`
# and `incimap render` exit non-zero with exactly one line `incimap: <file>: <what>; <what to
# do>` on stderr and nothing on stdout. Inputs are generated here at run time.
# Usage: cli_errors_test.sh INCIMAP_BINARY
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../cli/common.sh" "$@"

# expect_error NAME PATTERN ARGS...: non-zero exit, no stdout, one stderr line that starts
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
    [[ $rc -ne 0 ]] || fail "$name: exit status 0"
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
# A usage error is CLI11's (two lines); it still exits non-zero and names the option.
set +e
"$bin" info --memory-budget lots "$tmp/many.geojsonl" >/dev/null 2>"$tmp/bad_budget.err"
rc=$?
set -e
[[ $rc -ne 0 ]] || fail "bad_budget: exit status 0"
grep -q -- "--memory-budget: expected a size such as 2G" "$tmp/bad_budget.err" ||
    fail "bad_budget: $(cat "$tmp/bad_budget.err")"
expect_error zip "unpacks to 30 MiB, more than the 8 MiB budget; unpack it yourself" \
    info --memory-budget 8M "/vsizip/$tmp/big.zip/x.geojson"
expect_error gzip "/vsigzip/ paths are not read.*plain file" info "/vsigzip/$tmp/x.geojson.gz"
expect_error url "network paths are off; pass --allow-network" \
    info "http://127.0.0.1:9/x.geojson"
expect_error empty "the file is empty.*still being written" info "$tmp/empty.csv"
expect_error fifo "not a regular file.*save the data to a file" info "$tmp/pipe.geojson"
expect_error missing "no such file; check the path" info "$tmp/nope.geojson"
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
