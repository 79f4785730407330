import type { Urgency } from '../policies.js';
import type { CorpusExample } from './complaint-classifier.js';

const URGENCY = new Set(['immediate', 'urgent', 'normal']);

/** Parses JSONL corpus lines ({text, category, urgency}), naming the line of any bad row. */
export function parseCorpus(jsonl: string, source: string, defaultCategory?: string): CorpusExample[] {
  const out: CorpusExample[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: { text?: unknown; category?: unknown; urgency?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    const category = row.category ?? defaultCategory;
    if (typeof row.text !== 'string' || !row.text.trim()) throw new Error(`${source}:${i + 1}: text missing`);
    if (typeof category !== 'string') throw new Error(`${source}:${i + 1}: category missing`);
    if (typeof row.urgency !== 'string' || !URGENCY.has(row.urgency)) throw new Error(`${source}:${i + 1}: urgency must be immediate, urgent or normal`);
    out.push({ text: row.text, category, urgency: row.urgency as Urgency });
  });
  return out;
}

/** The held-out share: a fixed hash of the text decides, so the split never changes between runs. */
export function isHeldOut(text: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 4 === 0;
}
