#!/usr/bin/env bash
# --from, --to and --bbox mean the same in `incimap render` and `incimap export` (one parser,
# app/cli.hpp): both accept the same values, and both refuse the same values with the same
# one line `incimap: …` and exit 1. Render is stopped after its flags by an -o into a folder
# that does not exist, so no GL is needed: a value it accepts gets that error instead.
# Usage: time_box_test.sh INCIMAP_BINARY FIXTURES_DIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
points=$fixtures/points.geojson
mkdir "$tmp/out"

# refused NAME PATTERN FLAGS...: both commands exit 1 with the same one line that says PATTERN.
refused() {
    local name=$1 pattern=$2
    shift 2
    expect_failure "${name}_render" "$pattern" render "$points" -o "$tmp/nowhere/x.png" "$@"
    expect_failure "${name}_export" "$pattern" export "$points" -o "$tmp/out/x.geojson" "$@"
    [[ $(rc "${name}_render") -eq 1 && $(rc "${name}_export") -eq 1 ]] ||
        fail "$name: exit $(rc "${name}_render") (render), $(rc "${name}_export") (export)"
    cmp -s "$tmp/${name}_render.err" "$tmp/${name}_export.err" ||
        fail "$name: render says '$(cat "$tmp/${name}_render.err")', export says" \
            "'$(cat "$tmp/${name}_export.err")'"
    [[ ! -e $tmp/out/x.geojson ]] || fail "$name: export wrote a file"
}

# accepted NAME FLAGS...: export writes; render gets as far as the output path.
accepted() {
    local name=$1
    shift
    run "${name}_export" export "$points" -o "$tmp/out/$name.geojson" "$@"
    [[ $(rc "${name}_export") -eq 0 ]] ||
        fail "$name: export refused: $(cat "$tmp/${name}_export.err")"
    run "${name}_render" render "$points" -o "$tmp/nowhere/x.png" "$@"
    grep -q "does not exist" "$tmp/${name}_render.err" ||
        fail "$name: render refused: $(cat "$tmp/${name}_render.err")"
}

accepted from --from 2024-01-05
accepted to --to 2024-02-01
accepted both --from 2024-01-04T12:00:00Z --to 2024-02-01
accepted months --from 2024-01 --to 2024-02
accepted bbox --bbox 40,30,50,35
accepted world --bbox -180,-90,180,90
accepted spaces --bbox "40, 30, 50, 35"

refused bad_from "--from yesterday: not an ISO date or datetime" --from yesterday
refused bad_to "--to 2024-13-01: not an ISO date or datetime" --to 2024-13-01
refused order "--to 2024-01-01 is not after --from 2024-02-01" --from 2024-02-01 --to 2024-01-01
refused empty_window "is not after" --from 2024-01-01 --to 2024-01-01
refused swapped_lon "--bbox 50,30,40,35: expected minlon,minlat,maxlon,maxlat" --bbox 50,30,40,35
refused swapped_lat "--bbox 40,35,50,30: expected" --bbox 40,35,50,30
refused flat "--bbox 40,30,40,35: expected" --bbox 40,30,40,35
refused three "--bbox 40,30,50: expected" --bbox 40,30,50
refused five "--bbox 40,30,50,35,1: expected" --bbox 40,30,50,35,1
refused trailing "--bbox 40,30,50,35x: expected" --bbox 40,30,50,35x
refused lon_range "--bbox 170,30,190,35: expected" --bbox 170,30,190,35
refused lat_range "--bbox 40,-95,50,35: expected" --bbox 40,-95,50,35
refused nan "--bbox nan,30,50,35: expected" --bbox nan,30,50,35

# The window is [from, to) and a date alone is that whole day, in export as on the map:
# points.geojson holds Battles 2024-01-04, Protests 2024-01-05 and Battles 2024-02-10.
written() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read())["written"])' "$1"; }
run day_from export "$points" -o "$tmp/out/d1.geojson" --from 2024-01-05 --to 2024-02-10
[[ $(written "$tmp/day_from.out") -eq 1 ]] || fail "day_from: $(cat "$tmp/day_from.out")"
run day_to export "$points" -o "$tmp/out/d2.geojson" --from 2024-01-04 --to 2024-02-11
[[ $(written "$tmp/day_to.out") -eq 3 ]] || fail "day_to: $(cat "$tmp/day_to.out")"

finish time-box
