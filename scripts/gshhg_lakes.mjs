#!/usr/bin/env node
// Helper for scripts/build_basemap.sh: the lakes of the offline basemap from GSHHG's binned
// shorelines (Debian package gmt-gshhg-low: /usr/share/gmt-gshhg/binned_GSHHS_i.nc), read
// through `gdalmdiminfo -detailed` like the rivers (scripts/gshhg_rivers.mjs, which also
// describes the bins), written as GeoJSON that ogr2ogr turns into FlatGeobuf; and the check.
//
//   node gshhg_lakes.mjs build <gdalmdiminfo.json> <out.geojson> <min km²>
//   node gshhg_lakes.mjs check <file.geojson> [label]
//
// In the shoreline file each segment packs its point count, level and bin-edge exit/entry in
// Embedded_npts_levels_exit_entry_for_a_segment (count = v >> 9, level = (v >> 6) & 7, as
// GMT's gmt_shore.c reads it; levels 1 land, 2 lake, 3 island in a lake, 4 pond in such an
// island) and names its polygon in Id_of_GSHHS_ID, whose area is
// The_km_squared_area_of_polygons. A polygon that crosses bins is cut at each bin edge into
// segments that meet end-to-start there; joined again by polygon, they close into the lake's
// shore. Kept: level-2 polygons of at least <min km²> that close (a lake cut by the
// antimeridian does not, and is counted, not written). Islands in lakes are not cut out.
// Output: one Polygon per lake, properties `id` (GSHHG's) and `area_km2`; coordinates rounded
// to 1e-6°, in the file's order: deterministic.

import fs from 'node:fs';
import path from 'node:path';
import { binLayout, round6, u16, values } from './gshhg_rivers.mjs';

const LAKE = 2;

function build(inFile, outFile, minArea) {
  const doc = JSON.parse(fs.readFileSync(inFile, 'utf8'));
  const { nBins, firstSeg, binSegs, firstPoint, dx, dy, scale, corner } = binLayout(doc, 'gshhg_lakes');
  const nPoints = values(doc, 'N_points_in_file')[0];
  const segInfo = values(doc, 'Embedded_npts_levels_exit_entry_for_a_segment');
  const segPolygon = values(doc, 'Id_of_GSHHS_ID');
  const area = values(doc, 'The_km_squared_area_of_polygons');
  let counted = 0;
  for (const v of segInfo) counted += v >>> 9;
  if (counted !== nPoints) throw new Error(`gshhg_lakes: segments hold ${counted} points, the file ${nPoints}: unexpected packing`);

  // The lakes' segments, by polygon, in lon/lat (microdegrees: exact keys for joining).
  const pieces = new Map();
  for (let b = 0; b < nBins; b++) {
    const { west, south, shift } = corner(b);
    for (let s = firstSeg[b]; s < firstSeg[b] + binSegs[b]; s++) {
      const level = (segInfo[s] >>> 6) & 7;
      const id = segPolygon[s];
      if (level !== LAKE || !(area[id] >= minArea)) continue;
      const pts = [];
      for (let p = firstPoint[s]; p < firstPoint[s] + (segInfo[s] >>> 9); p++) {
        const pt = [Math.round((west + u16(dx[p]) * scale + shift) * 1e6),
                    Math.round((south + u16(dy[p]) * scale) * 1e6)];
        const last = pts[pts.length - 1];
        if (!last || last[0] !== pt[0] || last[1] !== pt[1]) pts.push(pt);
      }
      if (pts.length < 2) continue;
      if (!pieces.has(id)) pieces.set(id, []);
      pieces.get(id).push(pts);
    }
  }

  const features = [];
  let open = 0, points = 0;
  for (const id of [...pieces.keys()].sort((a, c) => a - c)) {
    const ring = close(pieces.get(id));
    if (!ring) {
      ++open;
      continue;
    }
    points += ring.length;
    features.push({
      type: 'Feature',
      properties: { id, area_km2: Math.round(area[id] * 10) / 10 },
      geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [round6(x / 1e6), round6(y / 1e6)])] },
    });
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify({ type: 'FeatureCollection', features }));
  console.log(`  lakes: ${features.length} of at least ${minArea} km² (${points} points), ` +
              `${open} left out that do not close`);
}

// One polygon's pieces joined end-to-start into its closed ring; null when they do not close
// into exactly one. The endpoints where pieces meet lie on a bin edge, written by both bins:
// they agree to the microdegree, or within one (the 16-bit offsets of two bins); a key at
// 10 microdegrees (~1 m) takes both.
function close(segments) {
  const key = (p) => `${Math.round(p[0] / 10)},${Math.round(p[1] / 10)}`;
  const byStart = new Map();
  segments.forEach((s, i) => {
    const k = key(s[0]);
    if (!byStart.has(k)) byStart.set(k, []);
    byStart.get(k).push(i);
  });
  const used = new Array(segments.length).fill(false);
  const ring = segments[0].slice();
  used[0] = true;
  for (let n = 1; n < segments.length; n++) {
    const next = (byStart.get(key(ring[ring.length - 1])) || []).find((j) => !used[j]);
    if (next === undefined) return null;
    used[next] = true;
    ring.push(...segments[next].slice(1));
  }
  if (key(ring[0]) !== key(ring[ring.length - 1])) return null;
  ring[ring.length - 1] = ring[0];
  return ring.length >= 4 ? ring : null;
}

// Whether (lon, lat) lies inside the ring (even-odd).
function inside(lon, lat, ring) {
  let yes = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) yes = !yes;
  }
  return yes;
}

// Lakes the check expects, each by a point well inside it (lon, lat; read off the GSHHG
// shores themselves, kilometres from any shore). Reservoirs younger than the World Data
// Bank II shores GSHHG's lakes come from are not there: Lake Assad (1974), the Mosul dam's
// lake (1986), Atatürk (1990).
const EXPECT = [
  ['Lake Tharthar (Iraq)', 43.25, 33.95],
  ['Lake Habbaniyah (Iraq)', 43.45, 33.27],
  ['Lake Razzaza (Iraq)', 43.65, 32.80],
  ['Lake Urmia (Iran)', 45.45, 37.70],
  ['Lake Van (Turkey)', 42.90, 38.65],
  ['Caspian Sea', 51.0, 42.0],
  ['Lake Victoria', 33.0, -1.0],
];

function check(file, label = path.basename(file)) {
  const fc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const errors = [];
  for (const f of fc.features) {
    const t = f.geometry && f.geometry.type;
    if (t !== 'Polygon' && t !== 'MultiPolygon') errors.push(`feature ${f.properties && f.properties.id}: ${t}`);
  }
  const rings = (f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]]
                                                     : f.geometry.coordinates.map((p) => p[0]));
  for (const [name, lon, lat] of EXPECT) {
    const hit = fc.features.find((f) => rings(f).some((r) => inside(lon, lat, r)));
    console.log(`  ${name}: ${hit ? `in lake ${hit.properties.id} (${hit.properties.area_km2} km²)` : 'NOT FOUND'}`);
    if (!hit) errors.push(`${name}: no lake holds ${lon},${lat}`);
  }
  console.log(`  ${label}: ${fc.features.length} lakes`);
  if (errors.length) {
    for (const e of errors.slice(0, 20)) console.error(`  ERROR ${e}`);
    process.exit(1);
  }
}

const [cmd, a, b, c] = process.argv.slice(2);
if (cmd === 'build' && a && b && c !== undefined) build(a, b, Number(c));
else if (cmd === 'check' && a) check(a, b);
else {
  console.error('usage: gshhg_lakes.mjs build <gdalmdiminfo.json> <out.geojson> <min km²> | check <file.geojson> [label]');
  process.exit(2);
}
