import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ComplaintClassifier,
  isHeldOut,
  jiebaSegmenter,
  parseCorpus,
  trainClassifier,
  type Classification,
  type CorpusExample,
} from '@hotline/domain';
import { shippedLexicon } from '@hotline/persistence';

/**
 * `node dist/apps/worker/src/cli/classifier-cli.js split|eval`
 *   split — data/classifier/corpus/*.jsonl → train.jsonl + test.jsonl (fixed hash, ~25 % held out)
 *   eval  — trains on train.jsonl only and reports on test.jsonl (npm run eval:classify)
 */
const DATA = fileURLToPath(new URL('../../../../../data/classifier/', import.meta.url));

function split(): void {
  const train: string[] = [];
  const test: string[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(join(DATA, 'corpus')).filter((f) => f.endsWith('.jsonl')).sort()) {
    // <category>.jsonl or <category>.<batch>.jsonl
    const category = file.split('.')[0];
    for (const e of parseCorpus(readFileSync(join(DATA, 'corpus', file), 'utf8'), file, category)) {
      if (seen.has(e.text)) continue; // a duplicate would leak between the parts
      seen.add(e.text);
      (isHeldOut(e.text) ? test : train).push(JSON.stringify({ text: e.text, category: e.category, urgency: e.urgency }));
    }
  }
  writeFileSync(join(DATA, 'train.jsonl'), `${train.join('\n')}\n`);
  writeFileSync(join(DATA, 'test.jsonl'), `${test.join('\n')}\n`);
  console.log(`train: ${train.length}, test: ${test.length}`);
}

export function loadSplit(name: 'train' | 'test'): CorpusExample[] {
  return parseCorpus(readFileSync(join(DATA, `${name}.jsonl`), 'utf8'), `${name}.jsonl`);
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : 'n/a');

function evaluate(): void {
  const train = loadSplit('train');
  const test = loadSplit('test');
  const segment = jiebaSegmenter();
  const started = Date.now();
  const model = trainClassifier(train, segment, { now: new Date(), lexicon: shippedLexicon() });
  const trainMs = Date.now() - started;
  const classifier = new ComplaintClassifier(model, segment);
  const results: { e: CorpusExample; r: Classification }[] = test.map((e) => ({ e, r: classifier.classify(e.text) }));

  const top1 = results.filter(({ e, r }) => r.category.code === e.category).length;
  const top3 = results.filter(({ e, r }) => [r.category, ...r.alternatives.slice(0, 2)].some((c) => c.code === e.category)).length;
  const urg = results.filter(({ e, r }) => r.urgency === e.urgency).length;
  const immediate = results.filter(({ e }) => e.urgency === 'immediate');
  const immediateFound = immediate.filter(({ r }) => r.urgency === 'immediate').length;

  console.log(`classifier model ${model.id}: trained on ${train.length} texts (+ lexicon) in ${trainMs} ms; held-out test: ${test.length} texts`);
  console.log(`temperature: category ${model.categoryTemperature}, urgency ${model.urgencyTemperature}`);
  console.log('');
  console.log(`top-1 accuracy : ${pct(top1, test.length)}   (target ≥ 90 %)`);
  console.log(`top-3 accuracy : ${pct(top3, test.length)}   (target ≥ 97 %)`);
  console.log(`urgency        : ${pct(urg, test.length)}   (target ≥ 90 %); immediate recall ${pct(immediateFound, immediate.length)} (${immediateFound}/${immediate.length})`);

  const levels = ['immediate', 'urgent', 'normal'] as const;
  console.log('urgency confusion (rows: true, columns: predicted immediate / urgent / normal):');
  for (const t of levels) {
    const row = levels.map((p) => results.filter(({ e, r }) => e.urgency === t && r.urgency === p).length);
    console.log(`  ${t.padEnd(10)} ${row.map((n) => String(n).padStart(5)).join(' ')}`);
  }

  // Calibration: in each confidence band, how often the top answer was right.
  const bands = [0, 0.5, 0.7, 0.9, 1.0001];
  console.log('');
  console.log('calibration (confidence band → share correct, count):');
  let ece = 0;
  for (let b = 0; b + 1 < bands.length; b++) {
    const inBand = results.filter(({ r }) => r.category.confidence >= bands[b] && r.category.confidence < bands[b + 1]);
    if (!inBand.length) continue;
    const correct = inBand.filter(({ e, r }) => r.category.code === e.category).length;
    const meanConf = inBand.reduce((s, { r }) => s + r.category.confidence, 0) / inBand.length;
    ece += (inBand.length / results.length) * Math.abs(meanConf - correct / inBand.length);
    console.log(`  [${bands[b].toFixed(2)}, ${Math.min(bands[b + 1], 1).toFixed(2)}): mean confidence ${meanConf.toFixed(2)}, correct ${pct(correct, inBand.length)}, n=${inBand.length}`);
  }
  console.log(`  expected calibration error: ${(ece * 100).toFixed(1)} points`);

  console.log('');
  console.log('per category (precision / recall / n):');
  const cats = [...new Set(test.map((e) => e.category))].sort();
  for (const c of cats) {
    const predicted = results.filter(({ r }) => r.category.code === c);
    const actual = results.filter(({ e }) => e.category === c);
    const tp = predicted.filter(({ e }) => e.category === c).length;
    console.log(`  ${c.padEnd(17)} P ${pct(tp, predicted.length).padStart(8)}  R ${pct(tp, actual.length).padStart(8)}  n=${actual.length}`);
  }
  const confusions = new Map<string, number>();
  for (const { e, r } of results) if (r.category.code !== e.category) confusions.set(`${e.category} → ${r.category.code}`, (confusions.get(`${e.category} → ${r.category.code}`) ?? 0) + 1);
  console.log('');
  console.log('confusion pairs (true → predicted: count):');
  for (const [pair, n] of [...confusions].sort((a, b) => b[1] - a[1])) console.log(`  ${pair}: ${n}`);
  if (process.argv.includes('--show-errors')) {
    console.log('');
    for (const { e, r } of results) {
      if (r.category.code !== e.category || r.urgency !== e.urgency) console.log(`  [${e.category}/${e.urgency} → ${r.category.code}/${r.urgency} ${r.category.confidence}] ${e.text}`);
    }
  }
}

const command = process.argv[2];
if (command === 'split') split();
else if (command === 'eval') evaluate();
else {
  console.error('usage: classifier-cli split|eval [--show-errors]');
  process.exitCode = 2;
}
