#!/usr/bin/env bash
# Issue 17, item 1: `render --center-on NAME` takes a place's alternate names (Arabic script
# and other languages' spellings, from libgeonames-common, bundled in places.fgb): each name
# below draws exactly the view of `--center LON,LAT` at that place. Needs off-screen GL.
# Usage: center_on_alt_names_test.sh INCIMAP_BINARY SAMPLE_GEOJSON
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
sample=$2
export XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state

# same_view NAME CENTRE_ON LON,LAT: --center-on CENTRE_ON and --center LON,LAT, same image.
same_view() {
    local name=$1 query=$2 centre=$3
    run "$name" render "$sample" -o "$tmp/$name.png" --size 320x240 --center-on "$query" --zoom 9
    run "${name}_c" render "$sample" -o "$tmp/${name}_c.png" --size 320x240 --center "$centre" --zoom 9
    if [[ $(rc "$name") -ne 0 || $(rc "${name}_c") -ne 0 ]]; then
        fail "$name: --center-on '$query': $(cat "$tmp/$name.err" "$tmp/${name}_c.err")"
        return
    fi
    cmp -s "$tmp/$name.png" "$tmp/${name}_c.png" || fail "$name: --center-on '$query' is not at $centre"
}

baghdad=44.40088,33.34058
mosul=43.11889,36.335
same_view arabic 'بغداد' "$baghdad"
same_view arabic_article 'البغداد' "$baghdad"       # the article typed, GeoNames has none
same_view arabic_harakat 'بَغْدَاد' "$baghdad"      # vowel marks dropped
same_view arabic_tatweel 'بغـــداد' "$baghdad"      # tatweel dropped
same_view french 'Bagdad' "$baghdad"
same_view arabic_mosul 'الموصل' "$mosul"
same_view arabic_mosul_bare 'موصل' "$mosul"        # without the article GeoNames writes
same_view french_mosul 'Mossoul' "$mosul"
same_view russian_mosul 'мосул' "$mosul"           # Cyrillic, case folded

finish center-on-alt-names
