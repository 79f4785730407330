import { DomainError } from './errors.js';
import { isYmd, shanghaiYmd } from './work-calendar.js';

/**
 * Symbols of the public tracking code: digits and capitals without 0/O and 1/I, so a code can be
 * read aloud over the phone and typed from a paper slip without confusion. 32 symbols = 5 bits each.
 */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** 12 symbols × 5 bits = 60 bits: unguessable even before the last-4-phone-digits check. */
export const TRACKING_CODE_LENGTH = 12;

function formatTracking(symbols: string): string {
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`;
}

/**
 * A new tracking code `XXXX-XXXX-XXXX` for the petitioner (查询码).
 * @param randomBytes a CSPRNG, e.g. `crypto.randomBytes` (injected so the domain stays pure and tests are
 *   deterministic). Each symbol takes the low 5 bits of one byte; 256 is a multiple of 32, so there is
 *   no modulo bias.
 */
export function generateTrackingCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(TRACKING_CODE_LENGTH);
  if (bytes.length < TRACKING_CODE_LENGTH) {
    throw new DomainError('INSUFFICIENT_RANDOMNESS', `Expected ${TRACKING_CODE_LENGTH} random bytes, got ${bytes.length}`);
  }
  let symbols = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) {
    symbols += TRACKING_ALPHABET[bytes[i]! & 0x1f];
  }
  return formatTracking(symbols);
}

/**
 * Accepts what a person types ("abcd efgh jkmn", "ABCD-EFGH-JKMN", full-width characters) and returns
 * the canonical `XXXX-XXXX-XXXX`, or null when it cannot be a tracking code.
 */
export function normalizeTrackingCode(input: string): string | null {
  if (typeof input !== 'string') {
    return null;
  }
  const compact = input
    .normalize('NFKC') // full-width Ａ-Ｚ / ０-９ / － typed with a Chinese IME
    .trim()
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—]/g, '');
  if (compact.length !== TRACKING_CODE_LENGTH) {
    return null;
  }
  for (const ch of compact) {
    if (!TRACKING_ALPHABET.includes(ch)) {
      return null;
    }
  }
  return formatTracking(compact);
}

/**
 * Case number `YYYYMMDD-NNNNNN` (受理编号): the Shanghai day of registration and the daily sequence,
 * zero-padded to 6 digits (more digits if a day ever exceeds 999,999 cases).
 * @param shanghaiYmd 'YYYY-MM-DD' in Asia/Shanghai
 * @param seq daily sequence starting at 1
 */
export function formatCaseNo(shanghaiYmd: string, seq: number): string {
  if (!isYmd(shanghaiYmd)) {
    throw new DomainError('INVALID_DATE', `Invalid calendar date "${shanghaiYmd}" (expected YYYY-MM-DD)`, {
      value: shanghaiYmd,
    });
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new DomainError('INVALID_SEQUENCE', `Case sequence must be a positive integer, got ${seq}`, { value: seq });
  }
  return `${shanghaiYmd.replace(/-/g, '')}-${String(seq).padStart(6, '0')}`;
}

/** 'YYYYMMDD' of the Shanghai day of `instant` — the key of the daily case-number sequence. */
export function caseNoDay(instant: Date): string {
  return shanghaiYmd(instant).replace(/-/g, '');
}
