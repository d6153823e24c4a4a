#!/usr/bin/env bash
# CLI tests for real exports (issue 15): `info` names the schema and the time-of-day field,
# lists every layer with its count, says what it assumed; `export` writes what info loaded.
# Usage: real_exports_test.sh INCIMAP_BINARY FIXTURES_DIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"

check_json() {
    local name=$1
    local code=$2
    python3 - "$tmp/$name.out" "$code" <<'PY' || fail "$name: JSON check failed"
import json, sys
j = json.loads(open(sys.argv[1], 'rb').read().decode('utf-8'))
exec(sys.argv[2])
PY
}

# file | schema | time.field | time.time_field | loaded
traits=()
traits_total=0
while IFS='|' read -r file schema field tod loaded; do
    name=$(echo "$file" | tr './' '__')
    run "$name" info "$fixtures/$file"
    [[ $(rc "$name") -eq 0 ]] || fail "info $file: exit $(rc "$name"): $(cat "$tmp/$name.err")"
    check_json "$name" "
schema = None if '$schema' == '-' else '$schema'
tod = None if '$tod' == '-' else '$tod'
assert j['schema'] == schema, j['schema']
assert j['time']['field'] == '$field', j['time']
assert j['time']['time_field'] == tod, j['time']
assert j['loaded'] == $loaded, j['loaded']
assert j['problems'] == [], j['problems']
"
    run "${name}_export" export "$fixtures/$file" -o "$tmp/$name.geojson"
    [[ $(rc "${name}_export") -eq 0 ]] ||
        fail "export $file: exit $(rc "${name}_export"): $(cat "$tmp/${name}_export.err")"
    check_json "${name}_export" "assert j['written'] == $loaded, j"
    traits+=("$fixtures/$file")
    traits_total=$((traits_total + loaded))
done <<'TABLE'
firms_viirs.csv|NASA FIRMS|acq_date|acq_time|4
police_log.csv|-|date|time|4
tracker_two_digit_years.csv|OSINT tracker|date|-|5
ucdp_ged_midnight.geojson|UCDP GED|date_start|-|4
gdelt_events.tsv|GDELT events|SQLDATE|-|3
quake_folders.kml|-|timestamp|-|10
multi_layer.gpkg|-|date|-|5
usgs_quakes.csv|USGS earthquakes|time|-|3
TABLE
# render draws as many as info loaded and export wrote (one render: its GL start costs seconds).
run traits_render render "${traits[@]}" -o "$tmp/traits.png" --stats
[[ $(rc traits_render) -eq 0 ]] || fail "render: exit $(rc traits_render): $(cat "$tmp/traits_render.err")"
check_json traits_render "assert j['incidents'] == $traits_total, (j['incidents'], $traits_total)"

# Every layer with its count; the polygon layer not read, and said so.
run layers info "$fixtures/multi_layer.gpkg"
check_json layers '
counts = {l["name"]: (l["features"], l["read"]) for l in j["layer_counts"]}
assert counts == {"strikes": (3, True), "protests": (2, True), "areas": (1, False)}, counts
assert j["layer_field"] == "layer", j["layer_field"]
assert any("not read" in n and "areas" in n for n in j["notes"]), j["notes"]
'
# --layer still reads one.
run one_layer info --layer areas "$fixtures/multi_layer.gpkg"
check_json one_layer 'assert (j["layer"], j["loaded"], j["layer_field"]) == ("areas", 1, None), j'
# --layer repeated reads several into one (issue 15: what File > Open's layer dialog asks for).
run two_layers info --layer protests --layer 0 "$fixtures/multi_layer.gpkg"
check_json two_layers '
assert (j["layer"], j["loaded"], j["layer_field"]) == ("strikes, protests", 5, "layer"), j
counts = {l["name"]: l["read"] for l in j["layer_counts"]}
assert counts == {"strikes": True, "protests": True, "areas": False}, counts
'
expect_failure no_such_layer "no layer 'nope'" info --layer strikes --layer nope "$fixtures/multi_layer.gpkg"

# The assumptions are in the notes.
run tracker info "$fixtures/tracker_two_digit_years.csv"
check_json tracker 'assert any("two-digit years" in n and "2024" in n for n in j["notes"]), j["notes"]'
run ucdp info "$fixtures/ucdp_ged_midnight.geojson"
check_json ucdp '
assert any("midnight" in n and "date_end" in n for n in j["notes"]), j["notes"]
assert j["time"]["last_end"] == "2021-09-16T00:00:00Z", j["time"]
assert j["category"]["counts"] == {"state-based": 2, "non-state": 1, "one-sided": 1}, j["category"]
assert j["time"]["precision"] == {"month": 1, "week": 1, "day": 2}, j["time"]["precision"]
'
run police info "$fixtures/police_log.csv"
check_json police 'assert any("times of day in '"'"'time'"'"' combined" in n for n in j["notes"]), j["notes"]'
# The time-of-day field by hand; a name that is not a field is refused.
run tod info --time-of-day-field time "$fixtures/police_log.csv"
check_json tod 'assert j["time"]["time_field"] == "time", j["time"]'
expect_failure bad_tod "--time-of-day-field" info --time-of-day-field nope "$fixtures/police_log.csv"

# Text as written (issue 15, item 6) and headerless GDELT: info says the encoding and what was
# done; export writes what info loaded, in UTF-8; render draws as many.
# file | encoding | loaded | a value the export must hold (UTF-8)
rendered=()
total=0
while IFS='|' read -r file encoding loaded value; do
    name=$(echo "$file" | tr './' '__')
    run "$name" info "$fixtures/$file"
    [[ $(rc "$name") -eq 0 ]] || fail "info $file: exit $(rc "$name"): $(cat "$tmp/$name.err")"
    check_json "$name" "
assert j['encoding'] == '$encoding', j['encoding']
assert j['loaded'] == $loaded, j['loaded']
assert j['problems'] == [], j['problems']
"
    run "${name}_export" export "$fixtures/$file" -o "$tmp/$name.geojson"
    check_json "${name}_export" "assert j['written'] == $loaded, j"
    python3 - "$tmp/$name.geojson" "$value" <<'PY' || fail "$file: export lacks '$value'"
import json, sys
names = [str(v) for f in json.load(open(sys.argv[1], encoding='utf-8'))['features']
         for v in f['properties'].values()]
assert sys.argv[2] in names, names
PY
    rendered+=("$fixtures/$file")
    total=$((total + loaded))
done <<'TABLE'
arabic_windows1256.csv|windows-1256 (recoded)|5|بغداد
latin1_places.csv|windows-1252 (recoded)|4|Café de la Gare
utf16le_bom.csv|utf-16le (recoded)|3|Café
double_encoded_1252.csv|utf-8|3|München Hbf
gdelt2_headerless.export.CSV|utf-8|4|Baghdad, Baghdad, Iraq
arabic_3857.csv|windows-1256 (recoded)|3|بغداد
TABLE
# render draws them all (one render: its GL start costs seconds).
run text_render render "${rendered[@]}" -o "$tmp/text.png" --stats
[[ $(rc text_render) -eq 0 ]] || fail "render: exit $(rc text_render): $(cat "$tmp/text_render.err")"
check_json text_render "assert j['incidents'] == $total, (j['incidents'], $total)"
run gdelt_headerless info "$fixtures/gdelt2_headerless.export.CSV"
check_json gdelt_headerless '
assert (j["schema"], j["header_supplied"], j["time"]["field"]) == ("GDELT events", "GDELT 2.0 events", "SQLDATE"), j
'
run repaired info "$fixtures/double_encoded_1252.csv"
check_json repaired 'assert j["repaired_values"] == 2, j["repaired_values"]'
# Mojibake that cannot be repaired losslessly (Á as C3 81: 1252 has no 0x81) is counted, with
# its fields, beside the values repaired.
run unrepaired info "$fixtures/mojibake_unrepaired.csv"
check_json unrepaired '
assert (j["repaired_values"], j["mojibake_unrepaired"]) == (2, 3), j
assert j["mojibake_unrepaired_fields"] == ["region", "name"], j["mojibake_unrepaired_fields"]
assert any("cannot be repaired losslessly" in n or "repaired where the repair is lossless" in n
           for n in j["notes"]), j["notes"]
'
# Coordinates written as NA, N/A, null or - are skipped with that reason (an empty one: "no
# geometry"); a longitude of 0 is a longitude. The GDAL path (a Z column makes the fast reader
# decline) says the same.
for how in fast gdal; do
    if [[ $how == fast ]]; then
        cp "$fixtures/coords_marked_missing.csv" "$tmp/marked.csv"
    else
        sed '1s/$/,depth/; 2,$s/$/,1/' "$fixtures/coords_marked_missing.csv" >"$tmp/marked.csv"
    fi
    run "marked_$how" info "$tmp/marked.csv"
    check_json "marked_$how" '
assert (j["features"], j["loaded"], j["skipped"]) == (9, 3, 6), j
got = {p["feature"]: p["reason"] for p in j["problems"]}
assert got == {1: "latitude marked missing (NA)", 2: "longitude marked missing (N/A)",
               3: "latitude marked missing (null)",
               4: "latitude marked missing (-); longitude marked missing (-)",
               5: "no geometry", 7: "longitude marked missing (-)"}, got
'
done
# Values repaired in rows left in the file (read back when shown) are counted too.
run repaired_in_file info --attributes file "$fixtures/double_encoded_1252.csv"
check_json repaired_in_file 'assert j["repaired_values"] == 2, j["repaired_values"]'
# A recoded CSV's .csvt and .prj (EPSG:3857 metres) are still read: Baghdad .. Basra in degrees.
run sidecars info "$fixtures/arabic_3857.csv"
check_json sidecars '
assert (j["loaded"], j["problems"]) == (3, []), j
b = j["bbox"]
assert abs(b[0] - 43.13) < 1e-6 and abs(b[2] - 47.7804) < 1e-6 and abs(b[3] - 36.34) < 1e-6, b
assert {f["name"]: f["type"] for f in j["fields"]}["deaths"] == "integer", j["fields"]
'
# Headerless GDELT saved with a UTF-8 BOM is recognised as without one.
printf '\xef\xbb\xbf' >"$tmp/bom.export.CSV"
cat "$fixtures/gdelt2_headerless.export.CSV" >>"$tmp/bom.export.CSV"
run gdelt_bom info "$tmp/bom.export.CSV"
check_json gdelt_bom '
assert (j["loaded"], j["header_supplied"], j["schema"]) == (4, "GDELT 2.0 events", "GDELT events"), j
'
# Garbled UTF-16: one line, how to convert it.
printf '\xff\xfel\x00o\x00n\x00,' >"$tmp/garbled.csv"
expect_failure garbled "not valid UTF-16" info "$tmp/garbled.csv"

finish real_exports
