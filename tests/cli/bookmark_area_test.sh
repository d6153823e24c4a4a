#!/usr/bin/env bash
# Bookmarks keep the focus area (issue 17): `render --bookmark NAME` of a bookmark that holds
# an area draws exactly what `render --within FILE` of the same polygon draws with the same
# view (the incidents outside left out, the outline drawn), and `--within` given beside the
# bookmark wins. Needs off-screen GL (label gl).
# Usage: bookmark_area_test.sh INCIMAP_BINARY SAMPLE_GEOJSON
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
sample=$2
export XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state

ring='[[43.0,32.8],[45.0,32.8],[45.0,34.2],[43.0,34.2],[43.0,32.8]]'
other='[[43.6,35.9],[44.4,35.9],[44.4,36.5],[43.6,36.5],[43.6,35.9]]'
mkdir -p "$tmp/config/incimap"
cat >"$tmp/config/incimap/bookmarks.json" <<JSON
{"version": 1, "bookmarks": [
 {"name": "Baghdad area", "center": [44.0, 33.5], "zoom": 6, "from": null, "to": null,
  "mode": "window", "search": "", "hidden_categories": [],
  "area": {"name": "drawn area", "polygons": [[$ring]]}},
 {"name": "No area", "center": [44.0, 33.5], "zoom": 6, "from": null, "to": null,
  "mode": "window", "search": "", "hidden_categories": []}]}
JSON
cat >"$tmp/area.geojson" <<JSON
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
  "geometry": {"type": "Polygon", "coordinates": [$ring]}}]}
JSON
cat >"$tmp/other.geojson" <<JSON
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
  "geometry": {"type": "Polygon", "coordinates": [$other]}}]}
JSON

view=(--size 400x300 --center 44.0,33.5 --zoom 6)
run bookmark render "$sample" -o "$tmp/bookmark.png" --size 400x300 --bookmark "baghdad area"
run within render "$sample" -o "$tmp/within.png" "${view[@]}" --within "$tmp/area.geojson"
run plain render "$sample" -o "$tmp/plain.png" "${view[@]}"
[[ $(rc bookmark) -eq 0 && $(rc within) -eq 0 ]] || fail "render: $(cat "$tmp/bookmark.err" "$tmp/within.err")"
cmp -s "$tmp/bookmark.png" "$tmp/within.png" ||
    fail "--bookmark with an area: not the picture of --within the same polygon"
cmp -s "$tmp/bookmark.png" "$tmp/plain.png" && fail "--bookmark with an area: the area changed nothing"
# A bookmark without an area draws everything.
run no_area render "$sample" -o "$tmp/no_area.png" --size 400x300 --bookmark "No area"
cmp -s "$tmp/no_area.png" "$tmp/plain.png" || fail "--bookmark without an area: not the plain view"
# --within beside the bookmark wins.
run both render "$sample" -o "$tmp/both.png" --size 400x300 --bookmark "baghdad area" \
    --within "$tmp/other.geojson"
run other render "$sample" -o "$tmp/other.png" "${view[@]}" --within "$tmp/other.geojson"
cmp -s "$tmp/both.png" "$tmp/other.png" || fail "--within beside --bookmark: the bookmark's area won"

finish bookmark_area
