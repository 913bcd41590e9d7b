// CoT checked with the TAK ecosystem's own library, @tak-ps/node-cot:
//   check_cot.mjs events FILE   each <event> of FILE (our export wraps them in <events>) must parse and pass
//                                node-cot's schema validation; prints one JSON line per event (uid, type,
//                                lat, lon, callsign, milsym) for the test to compare, and exits 1 on any error.
//   check_cot.mjs types FILE    reads "sidc type" lines from FILE; for each, prints "sidc type VERDICT" where
//                                VERDICT is "ok" when the type is in node-cot's CoT type tree (cot-types.xml,
//                                "." standing for any affiliation), else "not-in-tree", plus the deepest
//                                ancestor the tree has.
import { CoTParser } from '@tak-ps/node-cot';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const mode = process.argv[2];
if (mode === 'events') {
  const text = readFileSync(process.argv[3], 'utf8');
  const events = text.match(/<event[\s>][\s\S]*?<\/event>/g) || [];
  let bad = 0;
  for (const xml of events) {
    try {
      const cot = CoTParser.from_xml(xml);
      const f = await CoTParser.to_geojson(cot);
      console.log(JSON.stringify({
        uid: f.id, type: f.properties.type, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1],
        callsign: f.properties.callsign, milsym: f.properties.milsym?.id ?? null,
      }));
    } catch (e) {
      bad++;
      console.log(`error: ${e.message} in ${xml.slice(0, 120)}`);
    }
  }
  console.log(`${events.length} event(s), ${bad} rejected`);
  process.exit(bad || !events.length ? 1 : 0);
} else if (mode === 'types') {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/@tak-ps/node-cot');
  const tree = new Set([...readFileSync(path.join(dir, 'dist/lib/types/cot-types.xml'), 'utf8')
    .matchAll(/cot="(a-\.-[^"]+)"/g)].map(m => m[1]));
  const lines = readFileSync(process.argv[3] ?? 0, 'utf8').split('\n').filter(l => l.trim());
  for (const l of lines) {
    const [sidc, type] = l.trim().split(/\s+/);
    const generic = type.replace(/^a-[a-z]-/, 'a-.-');
    let deepest = generic;
    while (deepest.includes('-') && !tree.has(deepest)) deepest = deepest.slice(0, deepest.lastIndexOf('-'));
    console.log(`${sidc} ${type} ${tree.has(generic) ? 'ok' : 'not-in-tree'} ${deepest}`);
  }
} else {
  console.error('usage: check_cot.mjs events FILE | types FILE');
  process.exit(2);
}
