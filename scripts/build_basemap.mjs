#!/usr/bin/env node
// Builds Entente's offline basemap (assets/basemap/*.geojson.gz) from the npm
// package world-atlas@2.0.2 (Natural Earth 4.1.0 as TopoJSON).
//
// Normally run through scripts/build_basemap.sh, which installs the pinned npm
// dependencies (scripts/basemap/package*.json) into a temp dir and passes it here:
//
//   BASEMAP_NODE_MODULES=/tmp/x/node_modules node scripts/build_basemap.mjs [--out DIR]
//
// Processing (see assets/basemap/SOURCES.md):
//   * decode TopoJSON with topojson-client (feature / mesh);
//   * antimeridian: world-atlas rings are stitched across +-180 (for d3 spherical
//     rendering).  Every ring/line is unwrapped (consecutive points never jump
//     more than 180 deg) and then split at +-180 with interpolated points exactly
//     on the meridian, so every piece lies inside [-180,180].  Polygons become
//     MultiPolygons with parts on each side (holes follow their shell);
//     rings that wind around a pole (Antarctica) are closed via the pole;
//   * lines: the artificial +-180 edges and the lat -90 closure are dropped;
//   * coordinates rounded (110m: 3, 50m: 4, 10m: 5 decimals), consecutive
//     duplicates and zero-width spikes removed, rings re-closed, degenerate
//     rings dropped, RFC 7946 winding (exterior CCW, holes CW);
//   * countries get id / name / iso_a3 / label_lon / label_lat / area_km2.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

// ---------------------------------------------------------------- arguments
const args = process.argv.slice(2);
let OUT = path.join(ROOT, 'assets', 'basemap');
let ISO_JSON = process.env.ISO_3166_JSON || '/usr/share/iso-codes/json/iso_3166-1.json';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') OUT = path.resolve(args[++i]);
  else if (args[i] === '--iso') ISO_JSON = path.resolve(args[++i]);
  else { console.error(`unknown argument ${args[i]}`); process.exit(2); }
}
const NODE_MODULES = process.env.BASEMAP_NODE_MODULES
  ? path.resolve(process.env.BASEMAP_NODE_MODULES)
  : path.join(ROOT, 'scripts', 'basemap', 'node_modules');
if (!fs.existsSync(path.join(NODE_MODULES, 'world-atlas', 'package.json'))) {
  console.error(`world-atlas not found in ${NODE_MODULES}; run scripts/build_basemap.sh`);
  process.exit(2);
}

// ---------------------------------------------------------------- dependencies
const requireDep = createRequire(path.join(NODE_MODULES, 'noop.js'));
const topojson = requireDep('topojson-client'); // UMD build, CommonJS ok
async function importEsm(name) {
  const dir = path.join(NODE_MODULES, name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  let entry = pkg.module || pkg.main || 'index.js';
  if (pkg.exports) {
    const e = pkg.exports['.'] ?? pkg.exports;
    entry = typeof e === 'string' ? e : (e.import || e.default || entry);
    if (typeof entry === 'object') entry = entry.default;
  }
  const mod = await import(pathToFileURL(path.join(dir, entry)).href);
  return mod.default ?? mod;
}
const polylabel = await importEsm('polylabel');
const ATLAS_DIR = path.join(NODE_MODULES, 'world-atlas');
const atlasVersion = JSON.parse(fs.readFileSync(path.join(ATLAS_DIR, 'package.json'), 'utf8')).version;
if (atlasVersion !== '2.0.2') {
  console.error(`expected world-atlas 2.0.2, found ${atlasVersion}`);
  process.exit(2);
}

// ---------------------------------------------------------------- ISO codes
if (!fs.existsSync(ISO_JSON)) {
  console.error(`${ISO_JSON} missing (Debian: apt-get install iso-codes)`);
  process.exit(2);
}
const isoByNumeric = new Map(
  JSON.parse(fs.readFileSync(ISO_JSON, 'utf8'))['3166-1'].map((e) => [e.numeric, e.alpha_3]));
// Entities that world-atlas ships without an ISO numeric id.  Only codes that are
// in real use are filled in; the rest stay "".
const ISO_A3_BY_NAME = {
  Kosovo: 'XKX', // user-assigned code used by the EU, IMF, SWIFT, ...
};

// ---------------------------------------------------------------- geometry helpers
const EPS_MERIDIAN = 1e-9;
const snapLon = (x) => (Math.abs(x - 180) < EPS_MERIDIAN ? 180 : Math.abs(x + 180) < EPS_MERIDIAN ? -180 : x);
const snapLat = (y) => (Math.abs(y - 90) < EPS_MERIDIAN ? 90 : Math.abs(y + 90) < EPS_MERIDIAN ? -90 : y);

function openRing(r) { // drop the closing point
  const n = r.length;
  return n > 1 && r[0][0] === r[n - 1][0] && r[0][1] === r[n - 1][1] ? r.slice(0, -1) : r.slice();
}
function closeRing(r) { return r.length ? [...r, [r[0][0], r[0][1]]] : r; }

// Planar signed area (shoelace) of an open ring; > 0 == counter-clockwise.
function signedArea(r) {
  let a = 0;
  for (let i = 0, n = r.length, j = n - 1; i < n; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return a / 2;
}

// Unwrap longitudes so consecutive points never jump more than 180 degrees.
// The first point is kept; returns the unwrapped copy and the total winding
// (sum of +-360 corrections; non-zero for a ring that encircles a pole).
function unwrap(pts) {
  const out = [];
  let shift = 0, prevRaw = null;
  for (const p of pts) {
    const x = snapLon(p[0]), y = snapLat(p[1]);
    if (prevRaw !== null) {
      const d = x - prevRaw;
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
    }
    out.push([x + shift, y]);
    prevRaw = x;
  }
  return out;
}
// Winding of a closed ring in multiples of 360 (after unwrapping the closed ring).
function ringWinding(openPts) {
  const u = unwrap([...openPts, openPts[0]]);
  return Math.round((u[u.length - 1][0] - u[0][0]) / 360);
}

// Point in polygon (ray casting), open ring.
function pointInRing(pt, r) {
  let inside = false;
  const [x, y] = pt;
  for (let i = 0, n = r.length, j = n - 1; i < n; j = i++) {
    const [xi, yi] = r[i], [xj, yj] = r[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Split a closed, simple, counter-clockwise open ring at the vertical line x = c.
// Symbolic perturbation: vertices with x <= c count as left (L), x > c as right (R).
// Returns { L: [rings], R: [rings] } (open rings, CCW).
function splitRingAt(ring, c) {
  const n = ring.length;
  const side = ring.map((p) => (p[0] <= c ? 'L' : 'R'));
  const crossIdx = [];
  for (let i = 0; i < n; i++) if (side[i] !== side[(i + 1) % n]) crossIdx.push(i);
  if (crossIdx.length === 0) return side[0] === 'L' ? { L: [ring], R: [] } : { L: [], R: [ring] };
  if (crossIdx.length % 2) throw new Error('odd number of meridian crossings');
  // crossing on edge i -> i+1
  const crossings = crossIdx.map((i) => {
    const a = ring[i], b = ring[(i + 1) % n];
    const slope = (b[1] - a[1]) / (b[0] - a[0]);
    let y;
    if (a[0] === c) y = a[1];
    else if (b[0] === c) y = b[1];
    else y = a[1] + ((c - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
    return { edge: i, dir: side[i] + side[(i + 1) % n], pt: [c, y], key: [y, slope] };
  });
  // arcs between consecutive crossings: arc k starts at crossing k, ends at crossing k+1
  const arcs = crossings.map((cr, k) => {
    const next = crossings[(k + 1) % crossings.length];
    const pts = [cr.pt];
    let i = (cr.edge + 1) % n;
    for (;;) {
      pts.push(ring[i]);
      if (i === next.edge) break;
      i = (i + 1) % n;
    }
    pts.push(next.pt);
    return { side: side[(cr.edge + 1) % n], pts, start: cr, end: next };
  });
  const sorted = crossings.slice().sort((p, q) => p.key[0] - q.key[0] || p.key[1] - q.key[1]);
  const out = { L: [], R: [] };
  for (const s of ['L', 'R']) {
    // Going around a CCW ring, along the line the left region is bounded
    // upwards (from an LR crossing to the next RL crossing above it), the
    // right region downwards.
    const nextArc = new Map(); // arc -> following arc of the same side
    const arcByStart = new Map(arcs.filter((a) => a.side === s).map((a) => [a.start, a]));
    const arcByEnd = new Map(arcs.filter((a) => a.side === s).map((a) => [a.end, a]));
    for (let k = 0; k < sorted.length; k += 2) {
      const lo = sorted[k], hi = sorted[k + 1];
      if (lo.dir !== 'LR' || hi.dir !== 'RL') throw new Error('unexpected crossing order (ring not simple/CCW?)');
      if (s === 'L') nextArc.set(arcByEnd.get(lo), arcByStart.get(hi));
      else nextArc.set(arcByEnd.get(hi), arcByStart.get(lo));
    }
    const used = new Set();
    for (const a of arcs) {
      if (a.side !== s || used.has(a)) continue;
      const pts = [];
      let cur = a;
      while (!used.has(cur)) {
        used.add(cur);
        pts.push(...cur.pts);
        cur = nextArc.get(cur);
        if (!cur) throw new Error('broken arc chain');
      }
      out[s].push(pts);
    }
  }
  return out;
}

// Converts one decoded polygon (array of closed rings, first = shell) into
// polygons that lie inside [-180,180] x [-90,90]: [[shell, hole, ...], ...]
// with open rings (not yet rounded).
const stats = { polarRingsDropped: 0, polarClosed: 0, polygonsSplit: 0 };
function fixPolygon(rings, label) {
  let rs = rings.map(openRing).filter((r) => r.length >= 3);
  if (!rs.length) return [];
  const wind = rs.map(ringWinding);
  if (wind.some((w) => w !== 0)) {
    // A ring that encircles a pole (Antarctica).  world-atlas 50m also carries a
    // tiny ring along lat -89.999 around the pole: drop it, it encloses nothing.
    const keep = [];
    rs.forEach((r, i) => {
      if (wind[i] !== 0 && r.every((p) => Math.abs(p[1]) > 89.9)) stats.polarRingsDropped++;
      else keep.push(i);
    });
    const polar = keep.filter((i) => wind[i] !== 0);
    if (polar.length !== 1) throw new Error(`${label}: expected one polar ring, got ${polar.length}`);
    const shell = closePolarRing(rs[polar[0]], label);
    const holes = keep.filter((i) => wind[i] === 0).map((i) => {
      const u = unwrap(rs[i]);
      if (u.some((p) => p[0] < -180 || p[0] > 180)) throw new Error(`${label}: hole of polar polygon crosses the antimeridian`);
      return u;
    });
    stats.polarClosed++;
    return [[shell, ...holes]];
  }
  // ordinary polygon: unwrap the shell, move holes next to it
  let shell = unwrap(rs[0]);
  if (signedArea(shell) < 0) shell.reverse();
  let minx = Infinity, maxx = -Infinity;
  for (const p of shell) { minx = Math.min(minx, p[0]); maxx = Math.max(maxx, p[0]); }
  const holes = rs.slice(1).map((r) => {
    let h = unwrap(r);
    const k = Math.round(((minx + maxx) / 2 - h[0][0]) / 360);
    if (k) h = h.map((p) => [p[0] + 360 * k, p[1]]);
    if (signedArea(h) > 0) h.reverse();
    return h;
  });
  if (minx >= -180 && maxx <= 180) return [[shell, ...holes]];
  if (maxx - minx >= 360) throw new Error(`${label}: ring spans >= 360 deg but does not wind`);
  const c = maxx > 180 ? 180 : -180;
  const shiftR = c === 180 ? -360 : 0; // shift applied to the right-hand side
  const shiftL = c === 180 ? 0 : 360;
  const parts = splitRingAt(shell, c);
  stats.polygonsSplit++;
  const result = [];
  for (const s of ['L', 'R']) {
    const shift = s === 'L' ? shiftL : shiftR;
    const shells = parts[s].filter((r) => Math.abs(signedArea(r)) > 0);
    const polys = shells.map((r) => [r]);
    for (const h of holes) {
      const hs = h.map((p) => (p[0] <= c ? 'L' : 'R'));
      if (hs.some((v) => v !== hs[0])) throw new Error(`${label}: hole crosses the antimeridian`);
      if (hs[0] !== s) continue;
      const probe = h.find((p) => p[0] !== c) || h[0];
      const owner = polys.find((pp) => pointInRing(probe, pp[0]));
      if (!owner) throw new Error(`${label}: hole without shell after split`);
      owner.push(h);
    }
    for (const pp of polys) result.push(pp.map((r) => r.map((p) => [p[0] + shift, p[1]])));
  }
  // sanity: area is preserved by the split
  const before = Math.abs(signedArea(shell));
  const after = result.reduce((a, pp) => a + Math.abs(signedArea(pp[0])), 0);
  if (Math.abs(before - after) > 1e-6 * Math.max(1, before)) throw new Error(`${label}: split changed area ${before} -> ${after}`);
  return result;
}

// A ring that winds once around a pole: cut it where it crosses the
// antimeridian, run it from one side of the map to the other, then close it
// along the pole latitude.
function closePolarRing(r, label) {
  const n = r.length;
  const pts = r.map((p) => [snapLon(p[0]), snapLat(p[1])]);
  const jumps = [];
  for (let i = 0; i < n; i++) {
    const a = pts[i], b = pts[(i + 1) % n];
    if (Math.abs(b[0] - a[0]) > 180) jumps.push(i);
  }
  if (jumps.length !== 1) throw new Error(`${label}: polar ring crosses the antimeridian ${jumps.length} times`);
  const j = jumps[0];
  const a = pts[j], b = pts[(j + 1) % n];
  const eastward = b[0] < a[0]; // a near +180, b near -180
  // crossing latitude
  const bx = b[0] + (eastward ? 360 : -360);
  const m = eastward ? 180 : -180;
  const y = bx === a[0] ? a[1] : a[1] + ((m - a[0]) / (bx - a[0])) * (b[1] - a[1]);
  const path = [];
  for (let k = 1; k <= n; k++) path.push(pts[(j + k) % n]); // b ... a
  const start = [-m, y], end = [m, y];
  const south = path.reduce((s, p) => s + p[1], 0) < 0;
  const pole = south ? -90 : 90;
  const ring = [start, ...path, end, [m, pole], [-m, pole]];
  if (ring.some((p) => p[0] < -180 || p[0] > 180)) throw new Error(`${label}: polar ring out of range`);
  return ring;
}

// Lines: unwrap, split at +-180 (inserting the meridian point), shift every
// piece into [-180,180], then drop the artificial segments that run along the
// meridian or along the pole.
const lineStats = { piecesSplit: 0, artificialSegmentsDropped: 0 };
function fixLine(line) {
  const u = unwrap(line);
  const pieces = [];
  let k = 0; // current cell: x in [-180+360k, 180+360k]; unwrap() keeps the first point in cell 0
  let cur = [[u[0][0] - 360 * k, u[0][1]]];
  for (let i = 1; i < u.length; i++) {
    const p = u[i - 1], q = u[i];
    for (;;) {
      const lo = -180 + 360 * k, hi = 180 + 360 * k;
      if (q[0] >= lo && q[0] <= hi) { cur.push([q[0] - 360 * k, q[1]]); break; }
      const b = q[0] > hi ? hi : lo;
      const y = p[1] + ((b - p[0]) / (q[0] - p[0])) * (q[1] - p[1]);
      cur.push([b - 360 * k, y]);
      pieces.push(cur);
      lineStats.piecesSplit++;
      k += q[0] > hi ? 1 : -1;
      cur = [[b - 360 * k, y]];
    }
  }
  pieces.push(cur);
  // drop artificial segments
  const out = [];
  for (const pc of pieces) {
    let run = [pc[0]];
    for (let i = 1; i < pc.length; i++) {
      const a = pc[i - 1], b = pc[i];
      if (a[0] === b[0] && a[1] === b[1]) continue;
      const onMeridian = Math.abs(a[0]) === 180 && a[0] === b[0];
      const onPole = Math.abs(a[1]) > 89.9 && Math.abs(b[1]) > 89.9;
      if (onMeridian || onPole) {
        lineStats.artificialSegmentsDropped++;
        if (run.length > 1) out.push(run);
        run = [b];
      } else run.push(b);
    }
    if (run.length > 1) out.push(run);
  }
  return out;
}

// ---------------------------------------------------------------- rounding / cleanup
function makeRounder(decimals) {
  const f = 10 ** decimals;
  return (v) => {
    const r = Math.round(v * f) / f;
    return r === 0 ? 0 : r; // no -0
  };
}
function roundPts(pts, rnd) {
  const out = [];
  for (const p of pts) {
    const q = [rnd(p[0]), rnd(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}
// Remove zero-width spikes (a -> b -> a' collinear, going back) in an open ring.
function removeSpikes(r) {
  let changed = true;
  while (changed && r.length >= 3) {
    changed = false;
    const out = [];
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const a = out.length ? out[out.length - 1] : r[(i - 1 + n) % n];
      const b = r[i], c = r[(i + 1) % n];
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
      const same = a[0] === c[0] && a[1] === c[1];
      if ((Math.abs(cross) < 1e-12 && dot < 0) || same || (a[0] === b[0] && a[1] === b[1])) { changed = true; continue; }
      out.push(b);
    }
    // dedupe wrap-around
    while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
    r = out;
  }
  return r;
}
const ringStats = { ringsDropped: 0, polygonsDropped: 0, where: new Map() };
function finishPolygon(poly, rnd, label) {
  const rings = [];
  for (let i = 0; i < poly.length; i++) {
    let r = roundPts(poly[i], rnd);
    while (r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]) r.pop();
    r = removeSpikes(r);
    if (r.length < 3 || signedArea(r) === 0) {
      ringStats.ringsDropped++;
      ringStats.where.set(label, (ringStats.where.get(label) || 0) + 1);
      if (i === 0) { ringStats.polygonsDropped++; return null; }
      continue;
    }
    const a = signedArea(r);
    if ((i === 0 && a < 0) || (i > 0 && a > 0)) r.reverse(); // RFC 7946 winding
    rings.push(closeRing(r));
  }
  return rings;
}
function finishLine(line, rnd) {
  const r = roundPts(line, rnd);
  return r.length >= 2 ? r : null;
}

// ---------------------------------------------------------------- measures
const R_KM = 6371.0072; // authalic radius of WGS84
const RAD = Math.PI / 180;
// Spherical area of an open ring (lon/lat degrees), km^2, unsigned.
function ringAreaKm2(r) {
  let s = 0;
  for (let i = 0, n = r.length, j = n - 1; i < n; j = i++) {
    s += (r[i][0] - r[j][0]) * RAD * (2 + Math.sin(r[j][1] * RAD) + Math.sin(r[i][1] * RAD));
  }
  return Math.abs((s * R_KM * R_KM) / 2);
}
function polygonAreaKm2(poly) { // open or closed rings
  let a = ringAreaKm2(openRing(poly[0]));
  for (let i = 1; i < poly.length; i++) a -= ringAreaKm2(openRing(poly[i]));
  return Math.max(0, a);
}
function labelPoint(poly) { // closed rings
  let miny = Infinity, maxy = -Infinity, minx = Infinity, maxx = -Infinity;
  for (const p of poly[0]) {
    miny = Math.min(miny, p[1]); maxy = Math.max(maxy, p[1]);
    minx = Math.min(minx, p[0]); maxx = Math.max(maxx, p[0]);
  }
  const polar = maxx - minx >= 359.9 && (miny <= -89.999 || maxy >= 89.999);
  // Run polylabel in a locally equal-scaled plane (x * cos(mid latitude)) so that
  // high-latitude countries are not distorted; not for pole-closed polygons.
  const k = polar ? 1 : Math.max(0.05, Math.cos(((miny + maxy) / 2) * RAD));
  const scaled = poly.map((r) => r.map((p) => [p[0] * k, p[1]]));
  const precision = Math.max(1e-4, Math.min(0.01, Math.sqrt((maxx - minx) * k * (maxy - miny)) / 1000));
  const p = polylabel(scaled, precision);
  return [p[0] / k, p[1]];
}

// ---------------------------------------------------------------- I/O
function readTopo(file) {
  return JSON.parse(fs.readFileSync(path.join(ATLAS_DIR, file), 'utf8'));
}
function polygonsOf(geom) {
  if (!geom) return [];
  if (geom.type === 'Polygon') return [geom.coordinates];
  if (geom.type === 'MultiPolygon') return geom.coordinates;
  throw new Error(`unexpected geometry ${geom.type}`);
}
// Countries are always MultiPolygon so that GDAL reports one layer geometry type.
function polygonGeometry(polys) {
  return polys.length ? { type: 'MultiPolygon', coordinates: polys } : null;
}
function writeLayer(name, features) {
  // Hand-written serialisation: one feature per line keeps diffs readable
  // when the gzip is unpacked, and avoids one giant JSON.stringify string.
  const parts = [`{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[\n`];
  features.forEach((f, i) => parts.push(JSON.stringify(f) + (i + 1 < features.length ? ',\n' : '\n')));
  parts.push(']}\n');
  const raw = Buffer.from(parts.join(''), 'utf8');
  const gz = zlib.gzipSync(raw, { level: 9 });
  const file = path.join(OUT, `${name}.geojson.gz`);
  fs.writeFileSync(file, gz);
  return { file, raw: raw.length, gz: gz.length, features: features.length };
}

// Lines from a mesh: every stitched line of the mesh becomes one feature.
function meshFeatures(meshGeom, rnd) {
  const feats = [];
  for (const line of meshGeom.coordinates) {
    const parts = fixLine(line).map((l) => finishLine(l, rnd)).filter(Boolean);
    if (parts.length) feats.push({ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: parts } });
  }
  return feats;
}
// Split a (Multi)Polygon topology object into one Polygon geometry per polygon so
// that mesh(a === b) returns only edges used by exactly one polygon (drops the
// artificial edges where two pieces of the same land mass were cut apart).
function perPolygonObject(obj) {
  const geoms = [];
  for (const g of obj.geometries) {
    if (g.type === 'Polygon') geoms.push({ type: 'Polygon', arcs: g.arcs });
    else if (g.type === 'MultiPolygon') for (const p of g.arcs) geoms.push({ type: 'Polygon', arcs: p });
  }
  return { type: 'GeometryCollection', geometries: geoms };
}

// ---------------------------------------------------------------- main
const SCALES = [
  { s: '110m', decimals: 3 },
  { s: '50m', decimals: 4 },
  { s: '10m', decimals: 5 },
];
fs.mkdirSync(OUT, { recursive: true });
const report = [];
const noIso = new Set();
for (const { s, decimals } of SCALES) {
  const rnd = makeRounder(decimals);
  // ---- countries
  const ct = readTopo(`countries-${s}.json`);
  const countries = topojson.feature(ct, ct.objects.countries).features;
  const cFeatures = [];
  for (const f of countries) {
    const name = f.properties?.name ?? '';
    const label = `${s} ${name}`;
    const polys = [];
    for (const p of polygonsOf(f.geometry)) {
      for (const q of fixPolygon(p, label)) {
        const fin = finishPolygon(q, rnd, label);
        if (fin) polys.push(fin);
      }
    }
    if (!polys.length) { console.warn(`  ${label}: no geometry left, skipped`); continue; }
    const id = f.id === undefined || f.id === null ? '' : String(f.id);
    let iso = id ? isoByNumeric.get(id) ?? '' : '';
    if (!iso) iso = ISO_A3_BY_NAME[name] ?? '';
    if (!iso) noIso.add(`${name}${id ? ` (id ${id})` : ''}`);
    let area = 0, best = null, bestArea = -1;
    for (const p of polys) {
      const a = polygonAreaKm2(p);
      area += a;
      if (a > bestArea) { bestArea = a; best = p; }
    }
    const [lx, ly] = labelPoint(best);
    cFeatures.push({
      type: 'Feature',
      properties: {
        id, name, iso_a3: iso,
        label_lon: makeRounder(4)(lx), label_lat: makeRounder(4)(ly),
        area_km2: Math.round(area * 1000) / 1000 || area, // km^2, 3 decimals
      },
      geometry: polygonGeometry(polys),
    });
  }
  report.push(writeLayer(`countries_${s}`, cFeatures));
  // ---- borders: edges shared by two different countries
  const borders = topojson.mesh(ct, ct.objects.countries, (a, b) => a !== b);
  report.push(writeLayer(`borders_${s}`, meshFeatures(borders, rnd)));
  // ---- land + coastlines (from land-S.json)
  const lt = readTopo(`land-${s}.json`);
  const landFeatures = [];
  for (const f of topojson.feature(lt, lt.objects.land).features) {
    for (const p of polygonsOf(f.geometry)) {
      for (const q of fixPolygon(p, `${s} land`)) {
        const fin = finishPolygon(q, rnd, `${s} land`);
        if (fin) landFeatures.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: fin } });
      }
    }
  }
  report.push(writeLayer(`land_${s}`, landFeatures));
  const coast = topojson.mesh(lt, perPolygonObject(lt.objects.land), (a, b) => a === b);
  report.push(writeLayer(`coastlines_${s}`, meshFeatures(coast, rnd)));
}

for (const r of report) {
  console.log(`${path.basename(r.file).padEnd(28)} ${String(r.features).padStart(6)} features  ${(r.raw / 1e6).toFixed(2).padStart(6)} MB raw  ${(r.gz / 1e6).toFixed(2).padStart(6)} MB gz`);
}
console.log('polygons split at the antimeridian:', stats.polygonsSplit,
  '| polar rings closed via the pole:', stats.polarClosed,
  '| tiny polar rings dropped:', stats.polarRingsDropped);
console.log('line pieces split at the antimeridian:', lineStats.piecesSplit,
  '| artificial meridian/pole segments dropped:', lineStats.artificialSegmentsDropped);
console.log('degenerate rings dropped after rounding:', ringStats.ringsDropped,
  '(whole polygons:', ringStats.polygonsDropped + '):',
  [...ringStats.where].map(([k, v]) => `${k} ${v}`).join(', '));
console.log('countries without iso_a3:', [...noIso].sort().join(', ') || 'none');
