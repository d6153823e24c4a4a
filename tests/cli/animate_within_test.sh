#!/usr/bin/env bash
# `animate --within FILE` (issue 17) draws the area's outline as `render --within` does: PNG
# frame k is, byte for byte, render's picture of frame k's window with the same --within, and
# differs from the frame animated without it. Needs off-screen GL (label gl).
# Usage: animate_within_test.sh INCIMAP_BINARY SAMPLE_GEOJSON
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$1"
sample=$2
export XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state

cat >"$tmp/area.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
  "geometry": {"type": "Polygon", "coordinates":
    [[[42.0, 32.8], [45.0, 32.8], [45.0, 34.2], [42.0, 34.2], [42.0, 32.8]]]}}]}
JSON

common=(--from 2023-10-17 --to 2023-10-27 --step 1d --size 320x200 --legend --quiet)
run within animate "$sample" -o "$tmp/within" "${common[@]}" --within "$tmp/area.geojson"
run plain animate "$sample" -o "$tmp/plain" "${common[@]}"
[[ $(rc within) -eq 0 && $(rc plain) -eq 0 ]] || fail "animate: $(cat "$tmp/within.err" "$tmp/plain.err")"
# Frame 4 shows 2023-10-20.
run render render "$sample" -o "$tmp/render.png" --from 2023-10-20 --to 2023-10-21 --size 320x200 \
    --legend --within "$tmp/area.geojson"
[[ $(rc render) -eq 0 ]] || fail "render: $(cat "$tmp/render.err")"
cmp -s "$tmp/within/frame-0004.png" "$tmp/render.png" ||
    fail "animate --within: frame 4 is not render --within's picture"
cmp -s "$tmp/within/frame-0004.png" "$tmp/plain/frame-0004.png" &&
    fail "animate --within: frame 4 is the frame without --within"

finish animate_within
