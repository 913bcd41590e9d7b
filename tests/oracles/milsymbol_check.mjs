// Our land-unit table checked by milsymbol (the renderer partners' web tools use): every code in the file
// given (lines "E 121100" entity, "M1 02" / "M2 51" sector modifiers) must be a valid 2525D symbol to
// milsymbol, and milsymbol's own symbol set 10 list (its numbersidc/sidc/landunit.js, read through a file URL
// because the package exports only its entry point) is compared with ours both ways.
// Lines "L 121100 G:UCI---" (a 2525C equivalent) are drawn by milsymbol from the 2525C letter code and from
// the 2525D number code: "legacy-same" / "legacy-differs ENTITY DIM:FUNCTION" (informational: 2525C and 2525D
// icons differ for some functions).
// Prints "invalid CODE", "missing-entity CODE" (milsymbol has it, we do not), "extra-entity CODE" (we have it,
// milsymbol does not) and the same for modifiers; exits 1 on any invalid code or missing entity.
import ms from 'milsymbol';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ours = { E: new Set(), M1: new Set(), M2: new Set() };
const legacy = [];
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const [kind, code, extra] = line.trim().split(/\s+/);
  if (kind in ours) ours[kind].add(code);
  if (kind === 'L') legacy.push([code, extra]);
}

let failed = false;
const check = (sidc, what) => {
  if (!new ms.Symbol(sidc).isValid()) {
    console.log(`invalid ${what} ${sidc}`);
    failed = true;
  }
};
for (const e of ours.E) check(`1003100000${e}0000`, 'entity');
for (const m of ours.M1) check(`1003100000121100${m}00`, 'modifier1');
for (const m of ours.M2) check(`100310000012110000${m}`, 'modifier2');

const url = pathToFileURL(join(here, 'node_modules/milsymbol/src/numbersidc/sidc/landunit.js'));
const landunit = (await import(url.href)).default;
const icn = new Proxy({}, { get: () => ({}) });
const theirs = { E: {}, M1: {}, M2: {} };
for (const edition of ['D']) landunit.icons(theirs.E, theirs.M1, theirs.M2, {}, '10', icn, false, edition);
const diff = (kind, label, missingFails) => {
  for (const code of Object.keys(theirs[kind]).sort())
    if (!ours[kind].has(code)) {
      console.log(`missing-${label} ${code}`);
      if (missingFails) failed = true;
    }
  for (const code of [...ours[kind]].sort())
    if (!(code in theirs[kind])) console.log(`extra-${label} ${code}`);
};
diff('E', 'entity', true);
diff('M1', 'modifier1', false);
diff('M2', 'modifier2', false);
let same = 0;
for (const [entity, lg] of legacy) {
  const [dim, fn] = lg.split(':');
  const c = new ms.Symbol(`SF${dim}P${fn}-----`), d = new ms.Symbol(`1003100000${entity}0000`);
  if (!c.isValid()) {
    console.log(`invalid legacy SF${dim}P${fn}-----`);
    failed = true;
  } else if (c.asSVG() === d.asSVG()) same++;
  else console.log(`legacy-differs ${entity} ${lg}`);
}
console.log(`legacy-same ${same} of ${legacy.length}`);
console.log(`checked ${ours.E.size} entities, ${ours.M1.size} sector 1 and ${ours.M2.size} sector 2 modifiers`);
process.exit(failed ? 1 : 0);
