// KML as Google Earth-style consumers read it: @tmcw/togeojson (with @xmldom/xmldom) converts each file given
// (.kml, or .kmz: its first .kml entry, read from the zip with node's own inflate) to GeoJSON. Prints a JSON
// array, one {file, features, issues, entries} per file, for the test to compare with what it exported.
// Issues: the XML parser's errors and warnings, a position outside [-180, 180] x [-90, 90], a segment jumping
// more than 180 degrees of longitude (unsplit across the antimeridian), a polygon wider than 180 degrees, an
// exterior ring that is not counterclockwise or a hole that is not clockwise, a KMZ entry with an invalid DOS
// date or a bad CRC, an icon href the KMZ does not hold. Exits 1 when any file has an issue.
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { inflateRawSync, crc32 } from 'node:zlib';

// The entries of a zip file: name, DOS date and time, bytes (stored or deflated), CRC check.
function unzip(buf, issues) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) { issues.push('zip: no end of central directory'); return []; }
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) { issues.push('zip: bad central directory'); break; }
    const method = buf.readUInt16LE(p + 10), time = buf.readUInt16LE(p + 12), date = buf.readUInt16LE(p + 14);
    const crc = buf.readUInt32LE(p + 16), csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const off = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    p += 46 + nlen + xlen + clen;
    const lnlen = buf.readUInt16LE(off + 26), lxlen = buf.readUInt16LE(off + 28);
    const raw = buf.subarray(off + 30 + lnlen + lxlen, off + 30 + lnlen + lxlen + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if ((crc32(data) >>> 0) !== crc) issues.push(`zip: ${name}: CRC mismatch`);
    const y = 1980 + (date >> 9), mo = (date >> 5) & 15, d = date & 31;
    const h = time >> 11, mi = (time >> 5) & 63, s = (time & 31) * 2;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
      issues.push(`zip: ${name}: invalid DOS date ${y}-${mo}-${d} ${h}:${mi}:${s}`);
    const pad = (n) => String(n).padStart(2, '0');
    entries.push({ name, data, date: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}` });
  }
  return entries;
}

function area2(ring) {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a;
}
function polygons(g) {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(polygons);
  return [];
}
function paths(g) {
  if (!g) return [];
  if (g.type === 'Point') return [[g.coordinates]];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(paths);
  return [];
}

const out = [];
let bad = 0;
for (const file of process.argv.slice(2)) {
  const issues = [];
  let text = '', entries = [];
  if (file.toLowerCase().endsWith('.kmz')) {
    entries = unzip(readFileSync(file), issues);
    const doc = entries.find((e) => e.name.toLowerCase().endsWith('.kml'));
    if (!doc) issues.push('kmz: no .kml entry');
    else {
      if (entries[0] !== doc) issues.push(`kmz: the first entry is ${entries[0].name}, not the KML`);
      text = doc.data.toString('utf8');
    }
  } else {
    text = readFileSync(file, 'utf8');
  }
  let features = [];
  try {
    const dom = new DOMParser({
      onError: (level, msg) => issues.push(`xmldom ${level}: ${msg}`),
    }).parseFromString(text, 'text/xml');
    features = kml(dom).features;
  } catch (e) {
    issues.push(`togeojson: ${e.message}`);
  }
  const names = new Set(entries.map((e) => e.name));
  features.forEach((f, n) => {
    const id = `${f.properties?.id ?? n} (${f.properties?.name ?? ''})`;
    for (const path of paths(f.geometry))
      path.forEach((p, k) => {
        if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) issues.push(`${id}: position ${p} out of range`);
        if (k && Math.abs(p[0] - path[k - 1][0]) > 180)
          issues.push(`${id}: segment ${path[k - 1]} -> ${p} crosses the antimeridian unsplit`);
      });
    for (const poly of polygons(f.geometry)) {
      const lons = poly[0].map((p) => p[0]);
      const width = Math.max(...lons) - Math.min(...lons);
      if (width > 180) issues.push(`${id}: polygon ${width.toFixed(3)} degrees wide`);
      poly.forEach((ring, k) => {
        const a = area2(ring);
        if (k === 0 ? a < 0 : a > 0) issues.push(`${id}: ${k ? 'hole' : 'exterior ring'} is ${k ? 'counter' : ''}clockwise`);
      });
    }
    const icon = f.properties?.icon;
    if (entries.length && icon && !names.has(icon)) issues.push(`${id}: icon ${icon} is not in the KMZ`);
  });
  if (issues.length) bad++;
  out.push({ file, features, issues, entries: entries.map((e) => ({ name: e.name, size: e.data.length, date: e.date })) });
}
console.log(JSON.stringify(out));
// exitCode, not exit(): stdout to a pipe is written asynchronously, and exit() would cut it short.
process.exitCode = bad ? 1 : 0;
