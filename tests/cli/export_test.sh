#!/usr/bin/env bash
# CLI tests for `incimap export`: one JSON line on stdout on success (what was written), the
# filters, the format by extension or --format; on failure one line `incimap: …` on stderr,
# nothing on stdout, a non-zero exit, no file written or left behind, and the input untouched
# (bytes and mtime) however the output names it.
# Usage: export_test.sh INCIMAP_BINARY FIXTURES_DIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
out=$tmp/out
mkdir "$out"

# expect_written NAME WRITTEN ARGS...: exit 0, nothing on stderr, one JSON line saying WRITTEN.
expect_written() {
    local name=$1 written=$2
    shift 2
    run "$name" "$@"
    [[ $(rc "$name") -eq 0 ]] || fail "$name: exit $(rc "$name"): $(cat "$tmp/$name.err")"
    [[ ! -s $tmp/$name.err ]] || fail "$name: wrote to stderr: $(cat "$tmp/$name.err")"
    python3 - "$tmp/$name.out" "$written" <<'PY' || fail "$name: $(cat "$tmp/$name.out")"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, lines
j = json.loads(lines[0])
assert j["written"] == int(sys.argv[2]), j
for key in ("output", "format", "read", "undated"):
    assert key in j, key
PY
}

# features FILE: the number of features in a GeoJSON file.
features() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["features"]))' "$1"; }

no_temps() {
    local stray
    stray=$(find "$out" "$tmp/in" -name '*.incimap-tmp*' | head -3)
    [[ -z $stray ]] || fail "$1: temp files left: $stray"
}

# --- help -------------------------------------------------------------------------------
run help export --help
[[ $(rc help) -eq 0 ]] || fail "export --help: exit $(rc help)"
for option in --from --to --bbox --category --search --format --skip-undated --time-field; do
    grep -q -- "$option" "$tmp/help.out" || fail "export --help does not list $option"
done

# --- writing ----------------------------------------------------------------------------
points=$fixtures/points.geojson # Battles 01-04 (Iraq), Protests 01-05 (Iraq), Battles 02-10 (Spain)
expect_written all 3 export "$points" -o "$out/all.geojson"
[[ $(features "$out/all.geojson") -eq 3 ]] || fail "all.geojson does not hold 3 features"
grep -q '"format":"GeoJSON"' "$tmp/all.out" || fail "all: $(cat "$tmp/all.out")"

expect_written csv 3 export "$points" -o "$out/all.csv"
[[ $(head -1 "$out/all.csv") == X,Y,name,name_ar,date,event_type,fatalities ]] ||
    fail "all.csv header: $(head -1 "$out/all.csv")"
expect_written gpkg 3 export "$points" -o "$out/all.gpkg"
run gpkg_info info "$out/all.gpkg"
grep -q '"loaded":3' "$tmp/gpkg_info.out" || fail "all.gpkg does not read back as 3 incidents"
expect_written format_flag 3 export "$points" -o "$out/all.txt" --format csv
grep -q '^X,Y,' "$out/all.txt" || fail "--format csv did not write CSV"

expect_written window 1 export "$points" -o "$out/w.geojson" --from 2024-01-05 --to 2024-02-01
expect_written window_noon 2 export "$points" -o "$out/w.geojson" --from 2024-01-04T12:00:00Z \
    --to 2024-02-01
expect_written open_end 3 export "$points" -o "$out/w.geojson" --from 2024-01-04T12:00:00Z
expect_written bbox 2 export "$points" -o "$out/b.geojson" --bbox 40,30,50,35
expect_written category 2 export "$points" -o "$out/c.geojson" --category Battles
expect_written categories 3 export "$points" -o "$out/c.geojson" --category Battles \
    --category Protests
expect_written search 1 export "$points" -o "$out/s.geojson" --search BAGHDAD
expect_written combined 1 export "$points" -o "$out/combined.geojson" --category Battles \
    --bbox 40,30,50,35 --from 2024-01-01 --to 2024-03-01
expect_written none 0 export "$points" -o "$out/none.geojson" --search "no such text"
[[ $(features "$out/none.geojson") -eq 0 ]] || fail "none.geojson is not an empty collection"

# Undated incidents pass a window (as on the map) unless --skip-undated.
cat >"$tmp/undated.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"date":"2024-01-01"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[3,4]},"properties":{"date":null}}]}
JSON
expect_written undated 2 export "$tmp/undated.geojson" -o "$out/u.geojson" --from 2023-12-01 \
    --to 2024-02-01
grep -q '"undated":1' "$tmp/undated.out" || fail "undated: $(cat "$tmp/undated.out")"
expect_written skip_undated 1 export "$tmp/undated.geojson" -o "$out/u.geojson" \
    --from 2023-12-01 --to 2024-02-01 --skip-undated

# An existing output is replaced whole.
echo "old" >"$out/replace.geojson"
expect_written replace 3 export "$points" -o "$out/replace.geojson"
[[ $(features "$out/replace.geojson") -eq 3 ]] || fail "replace.geojson was not replaced"

# --- refusals ---------------------------------------------------------------------------
mkdir "$tmp/in" "$tmp/in/sub"
cp "$points" "$tmp/in/points.geojson"
ln -s "$tmp/in/points.geojson" "$tmp/in/link.geojson"
ln "$tmp/in/points.geojson" "$tmp/in/hard.geojson"
stamp() { stat -c '%s %Y.%y' "$tmp/in/points.geojson"; sha256sum <"$tmp/in/points.geojson"; }
before=$(stamp)
input=$tmp/in/points.geojson
expect_failure same "never writes over its input" export "$input" -o "$input"
expect_failure dotdot "never writes over its input" export "$input" -o "$tmp/in/sub/../points.geojson"
expect_failure relative "never writes over its input" export "$input" -o \
    "$(realpath --relative-to=. "$input")"
expect_failure symlink "never writes over its input" export "$input" -o "$tmp/in/link.geojson"
expect_failure hardlink "never writes over its input" export "$input" -o "$tmp/in/hard.geojson"
expect_failure via_link "never writes over its input" export "$tmp/in/link.geojson" -o "$input"
expect_failure as_csv "never writes over its input" export "$input" -o "$input" --format CSV
[[ $(stamp) == "$before" ]] || fail "the input changed (bytes or mtime)"
[[ -L $tmp/in/link.geojson ]] || fail "the symbolic link was replaced"
no_temps refusals

expect_failure folder "is a folder" export "$points" -o "$out"
expect_failure no_folder "does not exist" export "$points" -o "$tmp/nowhere/x.geojson"
expect_failure extension "cannot tell the format" export "$points" -o "$out/x.kml"
expect_failure bad_format "expected GeoJSON, CSV or GPKG" export "$points" -o "$out/x.geojson" \
    --format shp
expect_failure bad_from "not an ISO date" export "$points" -o "$out/x.geojson" --from yesterday
expect_failure bad_order "is not after" export "$points" -o "$out/x.geojson" --from 2024-02-01 \
    --to 2024-01-01
expect_failure bad_bbox "minlon,minlat,maxlon,maxlat" export "$points" -o "$out/x.geojson" \
    --bbox 50,30,40,35
expect_failure missing "no such file" export "$tmp/missing.geojson" -o "$out/x.geojson"
expect_failure no_category "category-field" export "$fixtures/intervals.geojson" \
    -o "$out/x.geojson" --category siege
[[ ! -e $out/x.geojson && ! -e $out/x.kml ]] || fail "a refused export wrote a file: $(ls -la "$out")"
no_temps failures

expect_failure no_output "--output is required" export "$points"
expect_failure no_input "files is required" export -o "$out/x.geojson"

finish export
