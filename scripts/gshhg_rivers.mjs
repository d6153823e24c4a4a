#!/usr/bin/env node
// Helper for scripts/build_basemap.sh: the rivers of the offline basemap from GSHHG's
// binned WDBII river file (Debian package gmt-gshhg-high or gmt-gshhg-low:
// /usr/share/gmt-gshhg/binned_river_{c,l,i,h}.nc), read through `gdalmdiminfo -detailed`
// (GDAL's netCDF driver prints every array's values as JSON), written as GeoJSON that
// ogr2ogr then turns into FlatGeobuf; and the check of the result.
//
//   node gshhg_rivers.mjs build <gdalmdiminfo.json> <out.geojson> <max class>
//   node gshhg_rivers.mjs check <file.geojson> [label]
//
// The binned format (GSHHG 2.x, as GMT writes it): the world in square bins of
// Bin_size_in_minutes (300' = 5° for every resolution), numbered row by row from the north
// pole and from lon 0 eastwards (bin b: west edge (b % nx) * size, south edge 90 −
// (floor(b / nx) + 1) * size). Each bin lists its segments (Id_of_first_segment_in_a_bin,
// N_segments_in_a_bin), each segment its points (Id_of_first_point_in_a_segment,
// N_points_for_a_segment) and its WDBII class (Hierarchial_level_of_a_segment). A point is
// two 16-bit offsets from the bin's south-west corner, stored signed but meant unsigned, in
// units of size / 65535. A river is cut where it leaves a bin; segments that meet inside a
// bin end-to-start are joined again here (same class only).
//
// Classes (GMT's numbering, as `gmt coast -I` takes them): 0 double-lined rivers (the centre
// line of river-lakes), 1 permanent major rivers, 2 additional major rivers, 3 additional
// rivers, 4 minor rivers, 5–7 intermittent rivers (major, additional, minor), 8–10 canals
// (major, minor, irrigation). Output: one MultiLineString per (bin, class), property
// `class`; longitudes east of 180 are moved to −180…−175 per bin, so no line crosses the
// antimeridian. Coordinates rounded to 1e-6°; the output is deterministic.

import fs from 'node:fs';
import path from 'node:path';

export const round6 = (v) => {
  const r = Math.round(v * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
};

// An array of `gdalmdiminfo -detailed`'s JSON by name (also used by gshhg_lakes.mjs).
export function values(doc, name) {
  const a = doc.arrays && doc.arrays[name];
  if (!a || !Array.isArray(a.values)) throw new Error(`gshhg: no array ${name} (not a GSHHG binned file?)`);
  return a.values;
}

// A 16-bit point offset, stored signed but meant unsigned.
export const u16 = (v) => (v < 0 ? v + 65536 : v);

// The bins of a GSHHG binned file (rivers or shorelines): their segments, the segments' first
// points, the points' offsets and their scale, and each bin's south-west corner (`shift`
// moves longitudes east of 180 to −180…). `who` names the caller in errors.
export function binLayout(doc, who) {
  const size = values(doc, 'Bin_size_in_minutes')[0] / 60;
  const nx = values(doc, 'N_bins_in_360_longitude_range')[0];
  const nBins = values(doc, 'N_bins_in_file')[0];
  const firstSeg = values(doc, 'Id_of_first_segment_in_a_bin');
  if (nx * size !== 360 || firstSeg.length !== nBins) throw new Error(`${who}: unexpected bin layout`);
  return {
    nBins,
    firstSeg,
    binSegs: values(doc, 'N_segments_in_a_bin'),
    firstPoint: values(doc, 'Id_of_first_point_in_a_segment'),
    dx: values(doc, 'Relative_longitude_from_SW_corner_of_bin'),
    dy: values(doc, 'Relative_latitude_from_SW_corner_of_bin'),
    scale: size / 65535,
    corner(b) {
      const west = (b % nx) * size;
      return { west, south: 90 - (Math.floor(b / nx) + 1) * size, shift: west >= 180 ? -360 : 0 };
    },
  };
}

function build(inFile, outFile, maxClass) {
  const doc = JSON.parse(fs.readFileSync(inFile, 'utf8'));
  const { nBins, firstSeg, binSegs, firstPoint, dx, dy, scale, corner } = binLayout(doc, 'gshhg_rivers');
  const segPoints = values(doc, 'N_points_for_a_segment');
  const segClass = values(doc, 'Hierarchial_level_of_a_segment');

  const features = [];
  const perClass = {};
  let pointsIn = 0, pointsOut = 0;
  for (let b = 0; b < nBins; b++) {
    const { west, south, shift } = corner(b);
    // Segments of the bin by class, as integer point keys (exact for joining).
    const byClass = new Map();
    for (let s = firstSeg[b]; s < firstSeg[b] + binSegs[b]; s++) {
      const cls = segClass[s];
      if (cls > maxClass) continue;
      const pts = [];
      for (let p = firstPoint[s]; p < firstPoint[s] + segPoints[s]; p++) {
        const x = u16(dx[p]), y = u16(dy[p]);
        const last = pts[pts.length - 1];
        if (!last || last[0] !== x || last[1] !== y) pts.push([x, y]);
      }
      pointsIn += segPoints[s];
      if (pts.length < 2) continue;
      if (!byClass.has(cls)) byClass.set(cls, []);
      byClass.get(cls).push(pts);
    }
    for (const cls of [...byClass.keys()].sort((a, c) => a - c)) {
      const lines = join(byClass.get(cls));
      const coords = lines.map((l) => l.map(([x, y]) => [round6(west + x * scale + shift), round6(south + y * scale)]));
      for (const l of coords) pointsOut += l.length;
      features.push({ type: 'Feature', properties: { class: cls }, geometry: { type: 'MultiLineString', coordinates: coords } });
      perClass[cls] = (perClass[cls] || 0) + lines.length;
    }
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify({ type: 'FeatureCollection', features }));
  console.log(`  rivers: ${features.length} features (bin × class), lines per class ${JSON.stringify(perClass)}, ` +
              `${pointsIn} points read, ${pointsOut} written`);
}

// Joins lines that meet end-to-start (in their order in the file; the first match wins).
function join(lines) {
  const key = (p) => p[0] * 65536 + p[1];
  const byStart = new Map();
  lines.forEach((l, i) => {
    const k = key(l[0]);
    if (!byStart.has(k)) byStart.set(k, []);
    byStart.get(k).push(i);
  });
  const used = new Array(lines.length).fill(false);
  const hasPredecessor = new Array(lines.length).fill(false);
  lines.forEach((l) => {
    for (const j of byStart.get(key(l[l.length - 1])) || []) if (lines[j] !== l) hasPredecessor[j] = true;
  });
  const out = [];
  const chainFrom = (i) => {
    const chain = lines[i].slice();
    used[i] = true;
    for (;;) {
      const next = (byStart.get(key(chain[chain.length - 1])) || []).find((j) => !used[j]);
      if (next === undefined) break;
      used[next] = true;
      chain.push(...lines[next].slice(1));
    }
    out.push(chain);
  };
  // Heads first (lines nothing flows into), then whatever is left (loops).
  for (let i = 0; i < lines.length; i++) if (!used[i] && !hasPredecessor[i]) chainFrom(i);
  for (let i = 0; i < lines.length; i++) if (!used[i]) chainFrom(i);
  return out;
}

// Distance in degrees (lon scaled by cos lat) from p to the segment a–b.
function distance(p, a, b) {
  const k = Math.cos((p[1] * Math.PI) / 180);
  const ax = (a[0] - p[0]) * k, ay = a[1] - p[1], bx = (b[0] - p[0]) * k, by = b[1] - p[1];
  const vx = bx - ax, vy = by - ay;
  const len = vx * vx + vy * vy;
  const t = len > 0 ? Math.max(0, Math.min(1, -(ax * vx + ay * vy) / len)) : 0;
  return Math.hypot(ax + t * vx, ay + t * vy);
}

// The rivers the check expects, each near a point on it (lon, lat) with at most this class.
const EXPECT = [
  ['Tigris at Baghdad', 44.385, 33.335, 1],
  ['Euphrates at Ar Ramadi', 43.30, 33.435, 1],
  ['Tigris at Mosul', 43.14, 36.34, 1],
  ['Nile at Cairo', 31.225, 30.05, 1],
  ['Danube at Budapest', 19.05, 47.50, 1],
  ['Mississippi at St. Louis', -90.18, 38.63, 1],
];

function check(file, label = path.basename(file)) {
  const fc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const errors = [];
  const counts = {};
  for (const f of fc.features) {
    const c = f.properties && f.properties.class;
    if (!Number.isInteger(c) || c < 0 || c > 10) errors.push(`bad class ${c}`);
    counts[c] = (counts[c] || 0) + 1;
  }
  for (const [name, lon, lat, maxClass] of EXPECT) {
    let best = Infinity;
    for (const f of fc.features) {
      if (f.properties.class > maxClass) continue;
      for (const l of f.geometry.coordinates)
        for (let i = 1; i < l.length; i++) best = Math.min(best, distance([lon, lat], l[i - 1], l[i]));
    }
    console.log(`  ${name}: class <= ${maxClass} within ${best.toFixed(4)}° of ${lon},${lat}`);
    if (!(best < 0.03)) errors.push(`${name}: no river of class <= ${maxClass} within 0.03° of ${lon},${lat}`);
  }
  console.log(`  ${label}: features per class ${JSON.stringify(counts)}`);
  if (errors.length) {
    for (const e of errors.slice(0, 20)) console.error(`  ERROR ${e}`);
    process.exit(1);
  }
}

function main() {
  const [cmd, a, b, c] = process.argv.slice(2);
  if (cmd === 'build' && a && b && c !== undefined) build(a, b, Number(c));
  else if (cmd === 'check' && a) check(a, b);
  else {
    console.error('usage: gshhg_rivers.mjs build <gdalmdiminfo.json> <out.geojson> <max class> | check <file.geojson> [label]');
    process.exit(2);
  }
}

// Run as a script, not when imported for its helpers.
if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) main();
