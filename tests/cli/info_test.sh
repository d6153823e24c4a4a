#!/usr/bin/env bash
# CLI tests for `incimap --version`, `--help` and `incimap info`: the JSON a script reads on
# success, and on failure one line `incimap: …` on stderr, nothing on stdout, a non-zero exit.
# Usage: info_test.sh INCIMAP_BINARY FIXTURES_DIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"

# check_json NAME PYTHON: runs PYTHON with `j` bound to the parsed stdout of NAME.
check_json() {
    local name=$1
    local code=$2
    python3 - "$tmp/$name.out" "$code" <<'PY' || fail "$name: JSON check failed"
import json, sys
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8')  # valid UTF-8 or an exception
lines = text.splitlines()
assert len(lines) == 1, f"expected one line of JSON, got {len(lines)}"
j = json.loads(text)
assert isinstance(j, dict), "not a JSON object"
exec(sys.argv[2])
PY
}

# --- version and help ------------------------------------------------------------------
run version --version
[[ $(rc version) -eq 0 ]] || fail "--version: exit $(rc version)"
[[ $(cat "$tmp/version.out") == "incimap 0.1.0" ]] ||
    fail "--version printed '$(cat "$tmp/version.out")'"

run help --help
[[ $(rc help) -eq 0 ]] || fail "--help: exit $(rc help)"
grep -q "info" "$tmp/help.out" || fail "--help does not mention the info command"

run info_help info --help
[[ $(rc info_help) -eq 0 ]] || fail "info --help: exit $(rc info_help)"
grep -q -- "--time-field" "$tmp/info_help.out" || fail "info --help does not list --time-field"

# --- info on good input ----------------------------------------------------------------
run points info "$fixtures/points.geojson"
[[ $(rc points) -eq 0 ]] || fail "info points.geojson: exit $(rc points): $(cat "$tmp/points.err")"
[[ ! -s $tmp/points.err ]] || fail "info points.geojson wrote to stderr: $(cat "$tmp/points.err")"
check_json points '
for key in ["source", "driver", "layer", "features", "loaded", "skipped", "problems", "time",
            "bbox", "category", "size", "fields"]:
    assert key in j, f"missing key {key}"
for key in ["field", "first", "last", "undated", "precision"]:
    assert key in j["time"], f"missing time.{key}"
assert "field" in j["category"] and "counts" in j["category"]
assert "field" in j["size"]
assert j["source"].endswith("points.geojson"), j["source"]
assert j["driver"] == "GeoJSON", j["driver"]
assert j["layer"] == "points", j["layer"]
assert (j["features"], j["loaded"], j["skipped"]) == (3, 3, 0), (j["features"], j["loaded"])
assert j["problems"] == [], j["problems"]
assert j["time"]["field"] == "date", j["time"]
assert j["time"]["first"] == "2024-01-04T00:00:00Z", j["time"]["first"]
assert j["time"]["last"] == "2024-02-10T00:00:00Z", j["time"]["last"]
assert j["time"]["undated"] == 0
assert j["time"]["precision"] == {"day": 3}, j["time"]["precision"]
assert j["bbox"] == [-3.7038, 33.3152, 44.3661, 40.4168], j["bbox"]
assert j["category"] == {"field": "event_type", "counts": {"Battles": 2, "Protests": 1},
                         "uncategorised": 0}, j["category"]
assert j["size"]["field"] == "fatalities"
names = [f["name"] for f in j["fields"]]
assert names == ["name", "name_ar", "date", "event_type", "fatalities"], names
'

# Pretty output is still one JSON object (on several lines).
run pretty info --pretty "$fixtures/acled_bom.csv"
[[ $(rc pretty) -eq 0 ]] || fail "info --pretty: exit $(rc pretty)"
python3 -c '
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
assert j["time"]["field"] == "event_date", j["time"]
assert j["time"]["precision"] == {"month": 1, "week": 1, "day": 1}, j["time"]["precision"]
assert j["fields"][0]["name"] == "event_id_cnty", j["fields"][0]
' "$tmp/pretty.out" || fail "info --pretty acled_bom.csv: JSON check failed"

# Problems carry their 0-based feature numbers.
run nulls info "$fixtures/null_geometry.geojson"
[[ $(rc nulls) -eq 0 ]] || fail "info null_geometry.geojson: exit $(rc nulls)"
check_json nulls '
assert (j["features"], j["loaded"], j["skipped"]) == (4, 2, 2)
assert [p["feature"] for p in j["problems"]] == [1, 3], j["problems"]
'

# Non-UTF-8 input still gives valid UTF-8 JSON (checked by check_json's decode).
run latin1 info "$fixtures/latin1.csv"
[[ $(rc latin1) -eq 0 ]] || fail "info latin1.csv: exit $(rc latin1)"
check_json latin1 'assert j["loaded"] == 2'

# Field overrides and layer choice.
run layer info --layer places "$fixtures/small.topojson"
check_json layer 'assert j["layer"] == "places" and j["loaded"] == 2, j["layer"]'

# --- info on bad input -----------------------------------------------------------------
expect_failure missing "" info "$tmp/no_such_file.geojson"
grep -q "no such file" "$tmp/missing.err" || fail "missing: $(cat "$tmp/missing.err")"

expect_failure directory "" info "$fixtures"
grep -q "directory" "$tmp/directory.err" || fail "directory: $(cat "$tmp/directory.err")"

: >"$tmp/empty.geojson"
expect_failure empty "" info "$tmp/empty.geojson"

# 4 KB of pseudo-random bytes from a fixed seed, under three names.
python3 -c '
import random, sys
rng = random.Random(20240104)
data = bytes(rng.getrandbits(8) for _ in range(4096))
for name in sys.argv[1:]:
    open(name, "wb").write(data)
' "$tmp/random" "$tmp/random.geojson" "$tmp/random.csv"
expect_failure random "" info "$tmp/random"
expect_failure random_geojson "" info "$tmp/random.geojson"
expect_failure random_csv "" info "$tmp/random.csv"

expect_failure truncated "" info "$fixtures/truncated.geojson"
expect_failure no_coordinates "" info "$fixtures/no_coordinates_latin1.csv"
grep -q "coordinate columns" "$tmp/no_coordinates.err" ||
    fail "no_coordinates: $(cat "$tmp/no_coordinates.err")"
expect_failure bad_layer "" info --layer nope "$fixtures/waypoints.gpx"
grep -q "layers: waypoints" "$tmp/bad_layer.err" || fail "bad_layer: $(cat "$tmp/bad_layer.err")"
expect_failure bad_time_field "" info --time-field nope "$fixtures/points.geojson"
grep -q -- "--time-field" "$tmp/bad_time_field.err" ||
    fail "bad_time_field: $(cat "$tmp/bad_time_field.err")"

# Usage errors are one line too, and exit 1.
expect_failure no_file "file is required" info
expect_failure unknown_option "--bogus" info --bogus "$fixtures/points.geojson"
expect_failure bad_date_order "--date-order" info --date-order ymd "$fixtures/points.geojson"

finish info
