#!/usr/bin/env bash
# Regenerates the seed corpora in corpus/<target>/ from tests/fixtures plus hand-made edge
# cases. The outputs are committed (with any regression inputs named regress-*, which this
# script keeps); run from anywhere after changing the fixtures.
set -euo pipefail
cd "$(dirname "$0")"
FIX=../fixtures
C=corpus

for t in fuzz_time fuzz_fast_geojson fuzz_fast_geojson_seq fuzz_fast_csv fuzz_session \
         fuzz_gdal_reader; do
    mkdir -p "$C/$t"
    find "$C/$t" -type f ! -name 'regress-*' -delete
done

# --- time: every form in docs/TIME.md, zones, invalid dates, epoch integers ---
i=0
while IFS= read -r v; do
    printf '%s' "$v" >"$C/fuzz_time/seed-$(printf '%03d' $i)"
    i=$((i + 1))
done <<'VALUES'
2024
2024-01
2024-01-04
2024-01-04T12:20
2024-01-04 12:20:05
2024-01-04T12:20:05.123
2024-01-04T12:20:05.123456
2024-01-04T12:00Z
2024-01-04T12:00:00+03:00
2024-01-04T12:00-0500
2024-01-04T12:00+03
2024-01-04 12:00 UTC
2024-01-04T12:00:00 GMT
2024-01-04t12:00z
2024/01/04
2024.01.04
2024/01/04 10:00:00
31 January 2023
31 Jan 2023
1 sept 2023
January 31, 2023
Jan 31 2023
January 2023
31-01-2023
31.01.2023
31/01/2023
01/31/2023
12/25/2023 10:00
1/2/2023
1704369600
1704369600123
-1000000000
-1000000000000
99999999999999
2023-02-29
2024-02-29
1600-02-29T06:07:08.009Z
1969-12-31T23:59:59.999Z
2024-01-04T25:00
2024-01-04T12:60
2024-01-04T12:00:60
2024-01-04T12:00+19:00
2024-01-04T12:00:00.Z
0000-01-01
9999-12-31T23:59:59.999Z
 2024-01-04	
VALUES
printf '2024-01-04\n13/01/2023\n01/31/2023\n' >"$C/fuzz_time/seed-lines"

# --- fast GeoJSON FeatureCollection ---
for f in "$FIX"/*.geojson; do cp "$f" "$C/fuzz_fast_geojson/$(basename "$f")"; done
point() { # props coords
    printf '{"type":"Feature","properties":%s,"geometry":{"type":"Point","coordinates":%s}}' "$1" "$2"
}
{
    printf '{"type":"FeatureCollection","features":[\n'
    point '{"date":"2024-01-04","kind":"x },{\\"type\\":\\"Feature\\"} ,\\n{","n":1}' '[44.4,33.3]'
    printf ',\n'
    point '{"date":"2024-01","kind":"b","n":2.5}' '[44.5,33.1]'
    printf '\n]}\n'
} >"$C/fuzz_fast_geojson/edge-cut-in-string.geojson"
{
    printf '{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{"when":"1704369600"},'
    printf '"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4,5]]}}],"bbox":[1,2,3,4]}'
} >"$C/fuzz_fast_geojson/edge-multipoint-members-after.geojson"
{
    printf '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[\n'
    point '{"id":"A1","date":null,"tags":[1,2],"nested":{"a":1}}' '[-181,91]'
    printf ',\n'
    point '{"id":"A2","date":"31/01/2023","big":1e308,"neg":-0}' '[0,0]'
    printf '\n]}\n'
} >"$C/fuzz_fast_geojson/edge-types.geojson"

# --- fast GeoJSONSeq ---
for f in "$FIX"/*.geojsonl; do cp "$f" "$C/fuzz_fast_geojson_seq/$(basename "$f")"; done
{
    printf '\x1e'; point '{"date":"2024-01-04"}' '[1,2]'; printf '\n'
    printf '\x1e'; point '{"date":"2024-01-05"}' '[3,4]'; printf '\n'
} >"$C/fuzz_fast_geojson_seq/edge-rs.geojsons"
{
    point '{"date":"2024-01-04","n":1}' '[1,2]'; printf '\r\n\r\n'
    point '{"date":"2024-01-04T12:00Z","n":"1"}' '[3,4]'; printf '\r\n'
} >"$C/fuzz_fast_geojson_seq/edge-crlf-types.geojsonl"

# --- fast CSV ---
for f in "$FIX"/*.csv; do cp "$f" "$C/fuzz_fast_csv/$(basename "$f")"; done
printf 'event_date,notes,latitude,longitude\r\n2023-01-31,"quoted, ""with"" comma\r\nand line",33.3,44.4\r\n2023-02-01,,,\r\n' \
    >"$C/fuzz_fast_csv/edge-quotes-crlf.csv"
printf '\xef\xbb\xbfdate,lat,lon\n2024-01-04,-90,180\n2024-01-05,1e3,-0.0\n2024-01-06,+1.5,.5\n' \
    >"$C/fuzz_fast_csv/edge-bom-numbers.csv"
printf 'date,lat,lon,extra\n2024-01-04,1,2\n2024-01-05,1,2,3,4\n' >"$C/fuzz_fast_csv/edge-ragged.csv"

# --- session files ---
cat >"$C/fuzz_session/full.json" <<'JSON'
{
  "version": 1,
  "files": ["/data/strikes.geojson", "acled.csv"],
  "camera": {"projection": "EPSG:3857", "center": [44.4, 33.3], "zoom": 6.5},
  "time": {"from": "2024-01-01T00:00:00Z", "to": "2024-01-08T00:00:00Z", "mode": "fade",
           "playing": true, "speed": 2.0, "show_undated": false},
  "selected": {"file": "acled.csv", "index": 12, "id": "ME001"},
  "filters": {"search": "Kyiv"},
  "style": {"heat": true},
  "window": {"size": [1280, 800], "map": [300, 0, 980, 760]}
}
JSON
printf '{"version":1,"files":[],"camera":{"projection":"EPSG:4326"},"time":{"from":null,"to":null,"mode":"window"},"selected":{"file":"a","index":3,"id":42},"filters":{"search":""},"window":{"size":[0,0],"map":[0,0,0,0]}}\n' \
    >"$C/fuzz_session/minimal.json"
printf '{"camera":{"center":[1e400,-1e400],"zoom":-0.0},"time":{"speed":1e-320,"from":"2024-01"},"window":{"size":[1.5,"x"]}}' \
    >"$C/fuzz_session/edge-numbers.json"
printf '[1,2,3]' >"$C/fuzz_session/edge-array.json"
printf '{"files":[1,"a",null,{"x":[]}],"selected":{"index":-9223372036854775808,"id":18446744073709551615}}' \
    >"$C/fuzz_session/edge-types.json"

# --- GDAL drivers on /vsimem/: the first byte picks the extension (fuzz_gdal_reader.cpp) ---
with_prefix() { # index source dest
    { printf "\\x$(printf '%02x' "$1")"; cat "$2"; } >"$3"
}
for f in "$FIX"/*.geojson; do with_prefix 0 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$FIX"/*.geojsonl; do with_prefix 1 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$FIX"/*.topojson; do with_prefix 2 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$FIX"/*.csv; do with_prefix 3 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$FIX"/*.kml; do with_prefix 4 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$FIX"/*.gpx; do with_prefix 5 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$FIX"/*.fgb; do with_prefix 6 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$C"/fuzz_fast_geojson/edge-*; do with_prefix 0 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done
for f in "$C"/fuzz_fast_csv/edge-*; do with_prefix 3 "$f" "$C/fuzz_gdal_reader/$(basename "$f")"; done

du -sh "$C"
