#!/usr/bin/env bash
# Hardening round 2 (data loss): no input and no device is ever changed by reading or by an
# output path that meets it. Every input's bytes and mtime (and type: a FIFO stays a FIFO,
# /dev/null a character device) are compared before and after each run. Inputs are generated
# here at run time.
# Usage: data_loss_test.sh INCIMAP_BINARY FIXTURES_DIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../cli/common.sh" "$@"

# snap FILE...: type, mtime (ns), size and checksum of each file, or "missing".
snap() {
    local f
    for f in "$@"; do
        if [[ -e $f || -L $f ]]; then
            printf '%s %s %s\n' "$f" "$(stat -c '%F %y %s' -- "$f")" \
                "$([[ -f $f ]] && md5sum <"$f" | cut -d' ' -f1)"
        else
            echo "$f missing"
        fi
    done
}
# unchanged NAME BEFORE FILE...: fails NAME when snap FILE... differs from BEFORE.
unchanged() {
    local name=$1 before=$2
    shift 2
    local after
    after=$(snap "$@")
    [[ $after == "$before" ]] || fail "$name: input changed: was [$before] now [$after]"
}
# refused NAME PATTERN ARGS...: expect_failure with a 60 s limit (a FIFO must not block).
refused() {
    local name=$1 pattern=$2
    shift 2
    set +e
    timeout 60 "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    local code=$?
    set -e
    [[ $code -ne 124 ]] || fail "$name: still running after 60 s"
    [[ $code -eq 1 ]] || fail "$name: exit status $code, expected 1"
    [[ ! -s $tmp/$name.out ]] || fail "$name: wrote to stdout"
    [[ $(wc -l <"$tmp/$name.err") -eq 1 ]] || fail "$name: not one line: $(head -c 400 "$tmp/$name.err")"
    grep -Eq -- "$pattern" "$tmp/$name.err" || fail "$name: no '$pattern' in: $(head -c 400 "$tmp/$name.err")"
}

points='{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"date":"2024-01-02"},"geometry":{"type":"Point","coordinates":[1,2]}},
{"type":"Feature","properties":{"date":"2024-01-03"},"geometry":{"type":"Point","coordinates":[3,4]}}]}'
printf '%s\n' "$points" >"$tmp/points.geojson"

# --- Item 2: an output that is the archive an input is read from ----------------------------
python3 - "$tmp" "$points" <<'PY'
import sys, zipfile
d, points = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(f"{d}/data.zip", "w") as z:
    z.writestr("x.geojson", points)
PY
ln -s data.zip "$tmp/link.zip"
ln "$tmp/data.zip" "$tmp/hard.zip"
before=$(snap "$tmp/data.zip")
refused export_over_zip "data.zip: is the archive of the input" \
    export --format GeoJSON "/vsizip/$tmp/data.zip/x.geojson" -o "$tmp/data.zip"
unchanged export_over_zip "$before" "$tmp/data.zip"
refused export_over_zip_braces "archive of the input" \
    export --format GeoJSON "/vsizip/{$tmp/data.zip}/x.geojson" -o "$tmp/data.zip"
refused export_over_zip_by_link "archive of the input" \
    export --format GeoJSON "/vsizip/$tmp/link.zip/x.geojson" -o "$tmp/data.zip"
refused export_over_zip_hard_link "archive of the input" \
    export --format GeoJSON "/vsizip/$tmp/data.zip/x.geojson" -o "$tmp/hard.zip"
refused export_over_zip_relative "archive of the input" \
    export --format GeoJSON "/vsizip/$tmp/./data.zip/x.geojson" -o "$tmp/../$(basename "$tmp")/data.zip"
refused render_over_zip "archive of the input" \
    render "/vsizip/$tmp/data.zip/x.geojson" -o "$tmp/data.zip"
unchanged zip_outputs "$before" "$tmp/data.zip"
# A /vsigzip/ input is refused by the reader, but its file is never written over either.
gzip -c "$tmp/points.geojson" >"$tmp/points.geojson.gz"
before=$(snap "$tmp/points.geojson.gz")
refused export_over_gzip "archive of the input" \
    export --format GeoJSON "/vsigzip/$tmp/points.geojson.gz" -o "$tmp/points.geojson.gz"
unchanged export_over_gzip "$before" "$tmp/points.geojson.gz"

# --- Item 4: outputs that are not regular files ---------------------------------------------
mkfifo "$tmp/out.fifo"
ln -s out.fifo "$tmp/fifo.geojson"
refused export_to_fifo "not a regular file" export --format GeoJSON "$tmp/points.geojson" -o "$tmp/out.fifo"
refused export_to_fifo_link "not a regular file" export "$tmp/points.geojson" -o "$tmp/fifo.geojson"
refused render_to_fifo "not a regular file" render "$tmp/points.geojson" -o "$tmp/out.fifo"
fifo_ok=1
[[ -p $tmp/out.fifo ]] || { fail "out.fifo is no longer a FIFO"; fifo_ok=0; }
[[ -L $tmp/fifo.geojson ]] || { fail "fifo.geojson is no longer a link"; fifo_ok=0; }
# /dev/null and /dev/full: only once the FIFO shows the refusal happens before any write (as
# root a rename over them would replace the device node).
if [[ $fifo_ok -eq 1 && $failures -eq 0 ]]; then
    for dev in /dev/null /dev/full; do
        refused "export_to_${dev#/dev/}" "not a regular file" \
            export --format GeoJSON "$tmp/points.geojson" -o "$dev"
        refused "render_to_${dev#/dev/}" "not a regular file" render "$tmp/points.geojson" -o "$dev"
        [[ -c $dev ]] || fail "$dev is no longer a character device"
    done
else
    fail "skipped the /dev/null and /dev/full checks: the FIFO was not refused"
fi
[[ -z $(ls -A "$tmp" | grep incimap-tmp || true) ]] || fail "a temp was left: $(ls -A "$tmp")"

# --- Item 3: a GeoPackage in WAL mode with a -wal file is read without being changed --------
python3 - "$fixtures/mercator.gpkg" "$tmp/wal.gpkg" <<'PY'
import os, shutil, sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.copy(src, dst)
c = sqlite3.connect(dst, isolation_level=None)
assert c.execute("pragma journal_mode=wal").fetchone()[0] == "wal"
c.execute("pragma wal_autocheckpoint=0")
cols = [r[1] for r in c.execute('pragma table_info("mercator")')]
rows = c.execute('select * from "mercator"').fetchall()
for r in rows:  # the same features again, under new fids: only in the -wal file
    c.execute(f'insert into "mercator" values ({",".join("?" * len(cols))})', (None,) + r[1:])
os._exit(0)  # no close: the -wal and -shm stay, as after a crash or while an editor has it open
PY
[[ -s $tmp/wal.gpkg-wal ]] || fail "the test could not make a -wal file"
wal_files=("$tmp/wal.gpkg" "$tmp/wal.gpkg-wal" "$tmp/wal.gpkg-shm")
before=$(snap "${wal_files[@]}")
run wal_info info "$tmp/wal.gpkg"
[[ $(rc wal_info) -eq 0 ]] || fail "wal_info: exit $(rc wal_info): $(cat "$tmp/wal_info.err")"
unchanged wal_info "$before" "${wal_files[@]}"
loaded=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["loaded"])' \
    "$tmp/wal_info.out" 2>/dev/null || echo "?")
original=$("$bin" info "$fixtures/mercator.gpkg" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["loaded"])')
[[ $loaded == $((2 * original)) ]] ||
    fail "wal_info: loaded $loaded, expected $((2 * original)) (the features in the -wal too)"
run wal_export export "$tmp/wal.gpkg" -o "$tmp/wal_out.geojson"
[[ $(rc wal_export) -eq 0 ]] || fail "wal_export: exit $(rc wal_export): $(cat "$tmp/wal_export.err")"
unchanged wal_export "$before" "${wal_files[@]}"

# --- Item 17: a GeoPackage with the hot -journal of an interrupted write ("attempt to write a
# readonly database" before) is read as it was before that write, and nothing changes ------
python3 - "$fixtures/mercator.gpkg" "$tmp/hot.gpkg" <<'PY'
import os, shutil, sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.copy(src, dst)
c = sqlite3.connect(dst, isolation_level=None)
assert c.execute("pragma journal_mode=delete").fetchone()[0] == "delete"
c.execute("pragma cache_size=2")  # spill pages into the database before the commit
cols = [r[1] for r in c.execute('pragma table_info("mercator")')]
rows = c.execute('select * from "mercator"').fetchall()
c.execute("begin")
for _ in range(200):
    for r in rows:
        c.execute(f'insert into "mercator" values ({",".join("?" * len(cols))})', (None,) + r[1:])
os._exit(0)  # killed mid-transaction: the -journal stays, hot
PY
[[ $(head -c 4 "$tmp/hot.gpkg-journal" | od -An -tx1 | tr -d ' ') == d9d505f9 ]] ||
    fail "the test could not make a hot journal"
hot_files=("$tmp/hot.gpkg" "$tmp/hot.gpkg-journal")
before=$(snap "${hot_files[@]}")
run hot_info info "$tmp/hot.gpkg"
[[ $(rc hot_info) -eq 0 ]] || fail "hot_info: exit $(rc hot_info): $(cat "$tmp/hot_info.err")"
unchanged hot_info "$before" "${hot_files[@]}"
python3 - "$tmp/hot_info.out" "$original" <<'PY' || fail "hot_info: $(cat "$tmp/hot_info.out")"
import json, sys
info = json.load(open(sys.argv[1]))
assert info["loaded"] == int(sys.argv[2]), info["loaded"]  # not the interrupted write's rows
assert any("interrupted" in n for n in info["notes"]), info["notes"]
PY

# --- Item 5: a driver error while sampling the fields is a problem; the good features load --
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
good = "".join(f'<wpt lat="{i}" lon="{i}"><name>w{i}</name><time>2024-01-0{i + 1}T00:00:00Z'
               '</time></wpt>' for i in range(5))
big = '<wpt lat="9" lon="9"><name>big</name><desc>' + "x" * (2 << 20) + "</desc></wpt>"
open(f"{d}/big.gpx", "w").write('<?xml version="1.0"?><gpx version="1.1" creator="t" '
                                'xmlns="http://www.topografix.com/GPX/1/1">' + good + big +
                                '<wpt lat="8" lon="8"><name>after</name></wpt></gpx>')
PY
printf 'lon,lat,date,name\n' >"$tmp/p.csv"
for i in 1 2 3 4 5 6 7 8 9; do echo "$i,$i,2024-01-0$i,n$i" >>"$tmp/p.csv"; done
ogr2ogr -f "ESRI Shapefile" "$tmp/lies.shp" "$tmp/p.csv" -oo X_POSSIBLE_NAMES=lon \
    -oo Y_POSSIBLE_NAMES=lat
python3 - "$tmp/lies.dbf" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
b[10:12] = struct.pack("<H", 1000)  # the record length lies: record 1.. run past the file
open(sys.argv[1], "wb").write(b)
PY
for input in big.gpx lies.shp; do
    name=sampling_${input%.*}
    before=$(snap "$tmp/$input")
    run "$name" info "$tmp/$input"
    unchanged "$name" "$before" "$tmp/$input"
    [[ $(rc "$name") -eq 0 ]] || { fail "$name: exit $(rc "$name"): $(cat "$tmp/$name.err")"; continue; }
    python3 - "$tmp/$name.out" <<'PY' || fail "$name: $(cat "$tmp/$name.check")"
import json, sys
j = json.load(open(sys.argv[1]))
why = []
# The GPX has 5 good waypoints; the .dbf's first record still fits in the file.
good = 5 if sys.argv[1].endswith("sampling_big.out") else 1
if j["loaded"] != good:
    why.append(f'loaded {j["loaded"]}, expected the {good} good features')
if j["problem_count"] < 1 or not any(p["feature"] == good for p in j["problems"]):
    why.append(f'no problem at feature {good}: {j["problems"]}')
open(sys.argv[1].replace(".out", ".check"), "w").write("; ".join(why))
sys.exit(1 if why else 0)
PY
done

finish "data loss"
