/**
 * 并单 (merging repeats): a new request is a likely repeat of an open case when the same phone
 * called within the window, or when it is about the same street and says much the same thing.
 */

/** Texts at least this similar (Jaccard over character bigrams) are "the same thing said again". */
export const SIMILAR_TEXT_THRESHOLD = 0.3;

function bigrams(text: string): Set<string> {
  const t = (text ?? '').normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** Jaccard similarity of the texts' character bigrams, 0..1 (order-insensitive, robust to rewording). */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return shared / (x.size + y.size - shared);
}

export interface RepeatCandidate {
  id: string;
  phone: string | null;
  streetCode: string | null;
  content: string;
}

export interface RepeatMatch {
  id: string;
  reasons: ('same_phone' | 'same_place_similar_text')[];
  similarity: number;
}

/** Which candidates (open cases inside the window) look like repeats of the new case, best first. */
export function findRepeats(subject: Omit<RepeatCandidate, 'id'> & { id?: string }, candidates: readonly RepeatCandidate[]): RepeatMatch[] {
  const out: RepeatMatch[] = [];
  for (const c of candidates) {
    if (c.id === subject.id) continue;
    const similarity = Math.round(textSimilarity(subject.content, c.content) * 1000) / 1000;
    const reasons: RepeatMatch['reasons'] = [];
    if (subject.phone && c.phone === subject.phone) reasons.push('same_phone');
    if (subject.streetCode && c.streetCode === subject.streetCode && similarity >= SIMILAR_TEXT_THRESHOLD) reasons.push('same_place_similar_text');
    if (reasons.length) out.push({ id: c.id, reasons, similarity });
  }
  return out.sort((a, b) => b.reasons.length - a.reasons.length || b.similarity - a.similarity);
}
