#!/usr/bin/env node
// Sanity checks for assets/basemap/*.geojson.gz (no npm dependencies).
//   node scripts/check_basemap.mjs [assets/basemap]
// Exits non-zero on any failure.  Checks, per file:
//   * expected layers exist, gzip + GeoJSON parse, geometry types;
//   * every coordinate inside [-180,180] x [-90,90], rounded to the scale's decimals;
//   * no segment spans more than 20 deg of longitude, except the closure of a
//     pole-enclosing polygon along lat -90/+90 (Antarctica);
//   * polygon rings closed, >= 4 points, no consecutive duplicates, non-zero
//     area, RFC 7946 winding (exterior CCW, holes CW);
//   * lines: >= 2 points, nothing drawn along the +-180 meridian or along the poles;
//   * countries: property names/types, iso_a3 format, label point inside the feature;
//   * total size of the directory below 18 MB.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.resolve(process.argv[2] || path.join(HERE, '..', 'assets', 'basemap'));
const SCALES = { '110m': 3, '50m': 4, '10m': 5 };
const KINDS = ['countries', 'land', 'borders', 'coastlines'];
const MAX_TOTAL_BYTES = 18 * 1024 * 1024;
const MAX_DLON = 20;

let failures = 0;
const fail = (file, msg) => {
  failures++;
  if (failures <= 50) console.error(`FAIL ${file}: ${msg}`);
};

function signedArea(r) { // closed ring
  let a = 0;
  for (let i = 1; i < r.length; i++) a += (r[i - 1][0] - r[i][0]) * (r[i - 1][1] + r[i][1]);
  return a / 2;
}
function inRing(pt, r) { // closed ring
  let inside = false;
  for (let i = 1; i < r.length; i++) {
    const [xi, yi] = r[i], [xj, yj] = r[i - 1];
    if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function decimalsOk(v, d) {
  const f = 10 ** d;
  return Math.abs(Math.round(v * f) / f - v) < 1e-9;
}

let totalBytes = 0;
const summary = [];
for (const [scale, decimals] of Object.entries(SCALES)) {
  for (const kind of KINDS) {
    const name = `${kind}_${scale}`;
    const file = path.join(DIR, `${name}.geojson.gz`);
    if (!fs.existsSync(file)) { fail(name, 'missing'); continue; }
    const bytes = fs.statSync(file).size;
    let fc;
    try { fc = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')); }
    catch (e) { fail(name, `cannot parse: ${e.message}`); continue; }
    if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) { fail(name, 'not a FeatureCollection'); continue; }
    if ('crs' in fc) fail(name, 'has a crs member');
    const types = {};
    let points = 0, polarClosures = 0, maxDlon = 0;
    const polygonal = kind === 'countries' || kind === 'land';
    const checkCoord = (p, where) => {
      points++;
      if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) { fail(name, `${where}: bad coordinate ${JSON.stringify(p)}`); return; }
      if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) fail(name, `${where}: out of range ${p}`);
      if (!decimalsOk(p[0], decimals) || !decimalsOk(p[1], decimals)) fail(name, `${where}: more than ${decimals} decimals ${p}`);
    };
    const checkSegments = (pts, where, isRing) => {
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1], b = pts[i];
        if (a[0] === b[0] && a[1] === b[1]) fail(name, `${where}: consecutive duplicate point ${a}`);
        const dlon = Math.abs(b[0] - a[0]);
        const polar = isRing && Math.abs(a[1]) === 90 && a[1] === b[1];
        if (polar) { if (dlon > MAX_DLON) polarClosures++; continue; }
        maxDlon = Math.max(maxDlon, dlon);
        if (dlon > MAX_DLON) fail(name, `${where}: segment spans ${dlon.toFixed(2)} deg of longitude ${a} -> ${b}`);
        if (!isRing) {
          if (Math.abs(a[0]) === 180 && a[0] === b[0]) fail(name, `${where}: line segment along the antimeridian ${a} -> ${b}`);
          if (Math.abs(a[1]) > 89.9 && Math.abs(b[1]) > 89.9) fail(name, `${where}: line segment along the pole ${a} -> ${b}`);
        }
      }
    };
    const checkPolygon = (poly, where) => {
      if (!Array.isArray(poly) || !poly.length) { fail(name, `${where}: empty polygon`); return; }
      poly.forEach((r, ri) => {
        const w = `${where} ring ${ri}`;
        if (r.length < 4) fail(name, `${w}: ${r.length} points`);
        r.forEach((p) => checkCoord(p, w));
        const f = r[0], l = r[r.length - 1];
        if (f[0] !== l[0] || f[1] !== l[1]) fail(name, `${w}: not closed`);
        checkSegments(r, w, true);
        const a = signedArea(r);
        if (a === 0) fail(name, `${w}: zero area`);
        if (ri === 0 && a < 0) fail(name, `${w}: exterior ring is clockwise`);
        if (ri > 0 && a > 0) fail(name, `${w}: hole is counter-clockwise`);
      });
    };
    fc.features.forEach((f, fi) => {
      const where = `feature ${fi}${f.properties?.name ? ` (${f.properties.name})` : ''}`;
      const g = f.geometry;
      if (!g) { fail(name, `${where}: null geometry`); return; }
      types[g.type] = (types[g.type] || 0) + 1;
      if (polygonal) {
        if (g.type === 'Polygon') checkPolygon(g.coordinates, where);
        else if (g.type === 'MultiPolygon') g.coordinates.forEach((p, pi) => checkPolygon(p, `${where} part ${pi}`));
        else fail(name, `${where}: unexpected ${g.type}`);
      } else {
        if (g.type !== 'MultiLineString' && g.type !== 'LineString') { fail(name, `${where}: unexpected ${g.type}`); return; }
        const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
        lines.forEach((l, li) => {
          if (l.length < 2) fail(name, `${where} line ${li}: ${l.length} points`);
          l.forEach((p) => checkCoord(p, `${where} line ${li}`));
          checkSegments(l, `${where} line ${li}`, false);
        });
      }
      if (kind === 'countries') {
        const p = f.properties || {};
        for (const k of ['id', 'name', 'iso_a3']) if (typeof p[k] !== 'string') fail(name, `${where}: property ${k} not a string`);
        for (const k of ['label_lon', 'label_lat', 'area_km2']) if (!Number.isFinite(p[k])) fail(name, `${where}: property ${k} not a number`);
        if (p.iso_a3 && !/^[A-Z]{3}$/.test(p.iso_a3)) fail(name, `${where}: bad iso_a3 ${p.iso_a3}`);
        if (p.id && !/^\d{3}$/.test(p.id)) fail(name, `${where}: bad id ${p.id}`);
        if (!(p.area_km2 > 0)) fail(name, `${where}: area_km2 ${p.area_km2}`);
        const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
        const pt = [p.label_lon, p.label_lat];
        const inside = polys.some((poly) => inRing(pt, poly[0]) && !poly.slice(1).some((h) => inRing(pt, h)));
        if (!inside) fail(name, `${where}: label ${pt} not inside the geometry`);
      }
    });
    totalBytes += bytes;
    summary.push({ name, features: fc.features.length, points, types, bytes, maxDlon, polarClosures, layer: fc.name });
  }
}

for (const s of summary) {
  const t = Object.entries(s.types).map(([k, v]) => `${k}:${v}`).join(' ');
  console.log(`${(s.name + '.geojson.gz').padEnd(28)} ${String(s.features).padStart(5)} features ${String(s.points).padStart(8)} points ` +
    `${(s.bytes / 1048576).toFixed(2).padStart(6)} MiB  max |dlon| ${s.maxDlon.toFixed(2).padStart(5)}` +
    `${s.polarClosures ? `  polar closures ${s.polarClosures}` : ''}  [${t}]`);
}
// everything in the directory counts towards the size budget
for (const f of fs.readdirSync(DIR)) {
  if (!/\.geojson\.gz$/.test(f)) totalBytes += fs.statSync(path.join(DIR, f)).size;
}
console.log(`total ${(totalBytes / 1048576).toFixed(2)} MiB (limit ${MAX_TOTAL_BYTES / 1048576} MiB)`);
if (totalBytes >= MAX_TOTAL_BYTES) fail(DIR, 'over the size budget');
if (failures) {
  console.error(`${failures} check(s) FAILED`);
  process.exit(1);
}
console.log('all basemap checks passed');
