#!/usr/bin/env bash
# Issue 17 from the command line: `render --center-on NAME` draws exactly the view of
# `--center LON,LAT` at the gazetteer's place (accents and the article ignored), `--bookmark
# NAME` exactly the bookmarked camera and window, `--compare-from/--compare-to` adds window B's
# rings; wrong names and half a comparison are one-line errors. Needs off-screen GL (label gl).
# Usage: toolkit_test.sh INCIMAP_BINARY SAMPLE_GEOJSON
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
sample=$2
export XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state

same_png() { # same_png NAME A.png B.png
    cmp -s "$2" "$3" || fail "$1: the two images differ"
}

# --center-on: Baghdad and Al Fallūjah (typed without accent and article), as --center.
run by_name render "$sample" -o "$tmp/by_name.png" --size 400x300 --center-on BAGHDAD --zoom 9
run by_centre render "$sample" -o "$tmp/by_centre.png" --size 400x300 --center 44.40088,33.34058 --zoom 9
[[ $(rc by_name) -eq 0 && $(rc by_centre) -eq 0 ]] || fail "render: $(cat "$tmp/by_name.err")"
same_png center-on "$tmp/by_name.png" "$tmp/by_centre.png"
run fallujah render "$sample" -o "$tmp/fallujah.png" --size 400x300 --center-on fallujah --zoom 9
run fallujah_c render "$sample" -o "$tmp/fallujah_c.png" --size 400x300 --center 43.78599,33.34913 --zoom 9
same_png fallujah "$tmp/fallujah.png" "$tmp/fallujah_c.png"
expect_failure nowhere "no place or incident" render "$sample" -o "$tmp/x.png" --center-on qqqzzz
expect_failure two_views "give one" render "$sample" -o "$tmp/x.png" --center-on Baghdad --center 1,2 --zoom 3

# --bookmark: the view of the bookmarks file, as the same flags given by hand.
mkdir -p "$tmp/config/incimap"
cat >"$tmp/config/incimap/bookmarks.json" <<'JSON'
{"version": 1, "bookmarks": [{"name": "Erbil, December", "center": [44.0119, 36.1833],
  "zoom": 8, "from": "2023-12-01T00:00:00Z", "to": "2024-01-01T00:00:00Z", "mode": "window",
  "search": "", "hidden_categories": []}]}
JSON
run bookmark render "$sample" -o "$tmp/bookmark.png" --size 400x300 --bookmark "erbil, december"
run by_hand render "$sample" -o "$tmp/by_hand.png" --size 400x300 --center 44.0119,36.1833 --zoom 8 \
    --from 2023-12-01 --to 2024-01-01
[[ $(rc bookmark) -eq 0 ]] || fail "render --bookmark: $(cat "$tmp/bookmark.err")"
same_png bookmark "$tmp/bookmark.png" "$tmp/by_hand.png"
expect_failure no_bookmark "Erbil, December" render "$sample" -o "$tmp/x.png" --bookmark Mosul

# --compare-from/--compare-to: window B adds its rings (the image changes); half is an error.
run one render "$sample" -o "$tmp/one.png" --size 400x300 --from 2024-01-01 --to 2024-01-15
run two render "$sample" -o "$tmp/two.png" --size 400x300 --from 2024-01-01 --to 2024-01-15 \
    --compare-from 2023-12-18 --compare-to 2024-01-01
[[ $(rc two) -eq 0 ]] || fail "render --compare-from: $(cat "$tmp/two.err")"
cmp -s "$tmp/one.png" "$tmp/two.png" && fail "compare: window B drew nothing"
expect_failure half "go together" render "$sample" -o "$tmp/x.png" --compare-from 2023-12-18
expect_failure bad_b "compare:" render "$sample" -o "$tmp/x.png" --compare-from 2024-01-02 \
    --compare-to 2024-01-01

finish toolkit
