// Strict RFC 7946 checks on each file given, with consumers' own code: Placemark's check-geojson (structure,
// positions, closed rings, no crs) and Turf's booleanClockwise for the right-hand rule of section 3.1.6
// (exterior rings counterclockwise, holes clockwise). Also: no position outside [-180, 180] x [-90, 90] and
// no segment jumping more than 180 degrees of longitude (an unsplit line across the antimeridian, 3.1.9).
// Prints every issue with the file name; exits 1 when any file has one.
import { check } from '@placemarkio/check-geojson';
import { booleanClockwise } from '@turf/boolean-clockwise';
import { readFileSync } from 'node:fs';

function rings(geom) {
  if (!geom) return [];
  if (geom.type === 'Polygon') return [geom.coordinates];
  if (geom.type === 'MultiPolygon') return geom.coordinates;
  if (geom.type === 'GeometryCollection') return geom.geometries.flatMap(rings);
  return [];
}
function lines(geom) {
  if (!geom) return [];
  switch (geom.type) {
    case 'LineString': return [geom.coordinates];
    case 'MultiLineString': return geom.coordinates;
    case 'Polygon': return geom.coordinates;
    case 'MultiPolygon': return geom.coordinates.flat();
    case 'Point': return [[geom.coordinates]];
    case 'MultiPoint': return [geom.coordinates];
    case 'GeometryCollection': return geom.geometries.flatMap(lines);
  }
  return [];
}

let bad = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const issues = [];
  let gj;
  try {
    gj = check(text);
  } catch (e) {
    for (const i of e.issues || [{ message: e.message }]) issues.push(`check-geojson: ${i.message}`);
  }
  const feats = gj ? (gj.type === 'FeatureCollection' ? gj.features : [gj]) : [];
  feats.forEach((f, n) => {
    const id = f.id ?? f.properties?.id ?? n;
    for (const poly of rings(f.geometry))
      poly.forEach((ring, k) => {
        if (booleanClockwise(ring) !== (k > 0))
          issues.push(`feature ${id}: ${k ? 'hole' : 'exterior ring'} is ${k ? 'counter' : ''}clockwise`);
      });
    for (const line of lines(f.geometry))
      line.forEach((p, k) => {
        if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) issues.push(`feature ${id}: position ${p} out of range`);
        if (k && Math.abs(p[0] - line[k - 1][0]) > 180)
          issues.push(`feature ${id}: segment ${line[k - 1]} -> ${p} crosses the antimeridian unsplit`);
      });
  });
  if (issues.length) {
    bad++;
    for (const i of issues) console.log(`${file}: ${i}`);
  } else {
    console.log(`${file}: ok, ${feats.length} feature(s)`);
  }
}
process.exit(bad ? 1 : 0);
