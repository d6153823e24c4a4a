#!/usr/bin/env bash
# PostGIS end to end: a throw-away PostgreSQL 15 + PostGIS 3 cluster in a temp dir (unix
# socket in that dir, no TCP), 20,000 generated incidents loaded with ogr2ogr, then:
#   1. `incimap info` on the table and on the GeoJSON it was loaded from agree;
#   2. `incimap render` on both gives the same PNG bytes, whole and with --from/--to/--bbox,
#      with the pushdown off, forced on, and on by the row budget;
#   3. the filters reached the server: its statement log shows the cursor's WHERE with the
#      box (`geom && …`) and the time condition, and EXPLAIN of that query uses the GiST or
#      the b-tree index.
# Usage: postgis_test.sh INCIMAP_BINARY GEN_INCIDENTS_PY
# Exits 77 (CTest: skipped) only when the PostgreSQL/PostGIS/ogr2ogr programs are missing.
set -euo pipefail

bin=$1
gen=$2
pgbin=${INCIMAP_PGBIN:-/usr/lib/postgresql/15/bin}

for tool in "$pgbin/initdb" "$pgbin/pg_ctl" "$pgbin/postgres" "$pgbin/pg_isready" "$pgbin/psql"; do
    if [[ ! -x $tool ]]; then
        echo "SKIP: $tool not found (./scripts/dev setup installs postgresql-15)"
        exit 77
    fi
done
if [[ ! -f /usr/share/postgresql/15/extension/postgis.control ]]; then
    echo "SKIP: PostGIS for PostgreSQL 15 not found (./scripts/dev setup installs postgresql-15-postgis-3)"
    exit 77
fi
if ! command -v ogr2ogr >/dev/null; then
    echo "SKIP: ogr2ogr not found (./scripts/dev setup installs gdal-bin)"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/incimap-pg.XXXXXX")
chmod 755 "$tmp" # the server's user (below) must reach its socket and data dirs
# initdb and postgres refuse to run as root: as root, the server runs as `nobody`.
as_server=()
if [[ $(id -u) -eq 0 ]]; then
    as_server=(runuser -u nobody --)
fi
mkdir "$tmp/data" "$tmp/sock"
if [[ ${#as_server[@]} -gt 0 ]]; then
    chown nobody "$tmp/data" "$tmp/sock"
fi
server_started=0
cleanup() {
    if [[ $server_started -eq 1 ]]; then
        "${as_server[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# With listen_addresses='' the server opens no TCP socket; the port only names the unix
# socket (.s.PGSQL.PORT) in our private dir, so it cannot meet another cluster. A free TCP
# port is taken anyway, so that a stray TCP client could not reach a system cluster by it.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=incimap
"${as_server[@]}" "$pgbin/initdb" -D "$tmp/data" -U "$user" -A trust -E UTF8 --locale=C \
    --no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
# Every statement is logged: the proof that the filters reached the server.
"${as_server[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/data/server.log" -w -t 60 \
    -o "-k $tmp/sock -p $port -c listen_addresses= -c fsync=off -c log_statement=all" \
    start >/dev/null || { cat "$tmp/data/server.log" >&2; exit 1; }
server_started=1
"$pgbin/pg_isready" -q -h "$tmp/sock" -p "$port" -t 30 || { echo "server not ready" >&2; exit 1; }
log=$tmp/data/server.log

sql() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp/sock" -p "$port" -U "$user" "$@"; }
sql -d postgres -c "CREATE DATABASE incidents"
sql -d incidents -c "CREATE EXTENSION postgis"

python3 "$gen" 20000 "$tmp/incidents.geojson" 2>/dev/null
# One instance per incident in every render: the way of drawing follows the measured GPU cost
# and the rows fetched (core/draw_plan.hpp), and the file and the pushed-down table must match.
export INCIMAP_DRAW_PATH=instanced
conn="PG:dbname=incidents host=$tmp/sock port=$port user=$user"
# FID=fid keeps the file's "id" property an ordinary field (by default it would become the
# key). ogr2ogr creates the GiST index on geom; the b-tree on the time column is ours.
ogr2ogr -f PostgreSQL "$conn" "$tmp/incidents.geojson" -nln incidents \
    -lco GEOMETRY_NAME=geom -lco FID=fid
sql -d incidents -c "CREATE INDEX incidents_date_idx ON incidents (date); ANALYZE incidents"

# --- 1. info: the same incidents, times, box and categories ----------------------------
"$bin" info "$tmp/incidents.geojson" >"$tmp/file.json"
"$bin" info "$conn" --layer incidents >"$tmp/pg.json"
python3 - "$tmp/file.json" "$tmp/pg.json" <<'PY' || fail "info: file and table differ"
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))
p = json.load(open(sys.argv[2], encoding="utf-8"))
assert p["driver"] == "PostgreSQL" and p["layer"] == "incidents", (p["driver"], p["layer"])
assert f["loaded"] == 20000, f["loaded"]
# source, driver, layer and layers name where the data came from, so they differ. Field
# types differ for one reason: the GeoJSON is read with dates as text (to keep partial dates
# as written), the table has a typed `date` column; both give the same times.
for key in ["features", "loaded", "skipped", "problem_count", "problems", "time", "bbox",
            "category", "size", "geo_precision", "notes"]:
    assert f[key] == p[key], f"{key}: file {f[key]!r} vs table {p[key]!r}"
assert [x["name"] for x in f["fields"]] == [x["name"] for x in p["fields"]], (f["fields"], p["fields"])
assert {x["name"]: x["type"] for x in p["fields"]}["date"] == "date", p["fields"]
PY

# --- 2. render: the same pixels from the file and from the table ------------------------
# mark: the statement log's current length; since MARK: what the server was sent after it.
mark() { wc -l <"$log"; }
since() { tail -n +$(($1 + 1)) "$log"; }
# sent MARK PATTERN: whether a statement matching PATTERN reached the server after MARK. grep
# reads the log whole: `grep -q` stops at the first match, and under pipefail the SIGPIPE that
# tail then gets made the pipeline false now and then (the check failed, or a "must not" check
# passed, at random).
sent() { since "$1" | grep -- "$2" >/dev/null; }
render_same() { # NAME SOURCE ARGS... : renders and compares with the file's NAME.png
    local name=$1 source=$2
    shift 2
    if ! "$bin" render "$source" "$@" -o "$tmp/$name.png" 2>"$tmp/$name.err"; then
        fail "render $name: $(cat "$tmp/$name.err")"
        return
    fi
}
view=(--size 640x400 --bbox 43,32.5,46,34.5 --from 2024-01-01 --to 2024-01-08)

render_same whole_file "$tmp/incidents.geojson" --size 640x400
render_same whole_pg "$conn" --layer incidents --size 640x400
cmp -s "$tmp/whole_file.png" "$tmp/whole_pg.png" || fail "render (whole): the table's PNG differs from the file's"

render_same view_file "$tmp/incidents.geojson" "${view[@]}"
m=$(mark)
render_same view_never "$conn" --layer incidents "${view[@]}" --pushdown never
sent "$m" 'CURSOR for SELECT .* FROM "incidents" *$' ||
    fail "--pushdown never: no unfiltered read of the table in the server log"
sent "$m" '"geom" &&' && fail "--pushdown never: a spatial filter reached the server"
m=$(mark)
render_same view_always "$conn" --layer incidents "${view[@]}" --pushdown always
pushed=$(since "$m" | grep -o 'CURSOR for SELECT .* FROM "incidents" WHERE .*' | head -n 1 || true)
m=$(mark)
INCIMAP_PG_ROW_BUDGET=1000 render_same view_budget "$conn" --layer incidents "${view[@]}"
sent "$m" '"geom" &&' || fail "auto over the row budget: no spatial filter reached the server"
m=$(mark)
render_same view_auto "$conn" --layer incidents "${view[@]}" # 20,000 rows: under the budget
sent "$m" '"geom" &&' && fail "auto under the row budget: the table was filtered"
for v in never always budget auto; do
    cmp -s "$tmp/view_file.png" "$tmp/view_$v.png" ||
        fail "render (--bbox/--from/--to, pushdown $v): the table's PNG differs from the file's"
done

# --- 3. the filters reached the server, and its indexes served them ----------------------
echo "pushed down: ${pushed:-nothing}"
[[ $pushed == *'"geom" && ST_SetSRID('*'box3d'* || $pushed == *'"geom" && ST_MakeEnvelope('* ]] ||
    fail "--pushdown always: no box condition on geom in the server log"
[[ $pushed == *'"date" < '\''2024-01-09'\'* && $pushed == *'"date" >= '\''2023-12-31'\'* ]] ||
    fail "--pushdown always: no time condition on date in the server log"
query=${pushed#CURSOR for }
if [[ -n $query ]]; then
    sql -d incidents -At -c "EXPLAIN $query" >"$tmp/plan.txt"
    echo "plan:"
    sed 's/^/    /' "$tmp/plan.txt"
    grep -Eq 'Index Scan|Bitmap Index Scan' "$tmp/plan.txt" &&
        grep -Eq 'incidents_geom_geom_idx|incidents_date_idx' "$tmp/plan.txt" ||
        fail "EXPLAIN of the pushed-down query uses neither the GiST nor the b-tree index"
fi

if [[ $failures -ne 0 ]]; then
    # What the server saw, and the renders' messages, for a failure seen once in CI-like runs.
    echo "--- the server log's last 40 lines:" >&2
    tail -n 40 "$log" >&2
    for e in "$tmp"/*.err; do [[ -s $e ]] && { echo "--- $e:" >&2; cat "$e" >&2; }; done
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all PostGIS checks passed"
