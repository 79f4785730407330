import { describe, expect, it } from '@jest/globals';
import {
  TRACKING_ALPHABET,
  caseNoDay,
  formatCaseNo,
  generateTrackingCode,
  normalizeTrackingCode,
} from './identifiers.js';

const bytes = (values: number[]) => () => Uint8Array.from(values);

describe('tracking codes', () => {
  it('uses 32 unambiguous symbols', () => {
    expect(TRACKING_ALPHABET).toHaveLength(32);
    expect(new Set(TRACKING_ALPHABET).size).toBe(32);
    expect(TRACKING_ALPHABET).not.toMatch(/[01OI]/);
  });

  it.each([
    [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], '2345-6789-ABCD'],
    [[31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31], 'ZZZZ-ZZZZ-ZZZZ'],
    // Only the low 5 bits count: 32 → 0, 255 → 31, 0xe0 → 0.
    [[32, 255, 0xe0, 33, 64, 65, 96, 97, 128, 129, 160, 161], '2Z23-2323-2323'],
  ])('maps bytes %j → %s', (input, expected) => {
    expect(generateTrackingCode(bytes(input))).toBe(expected);
  });

  it('asks for 12 bytes and rejects a short buffer', () => {
    const asked: number[] = [];
    generateTrackingCode((n) => {
      asked.push(n);
      return new Uint8Array(n);
    });
    expect(asked).toEqual([12]);
    expect(() => generateTrackingCode(bytes([1, 2, 3]))).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_RANDOMNESS' }));
  });

  it('spreads symbols uniformly over every byte value (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const code = generateTrackingCode(() => new Uint8Array(12).fill(b));
      counts.set(code[0]!, (counts.get(code[0]!) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect(new Set(counts.values())).toEqual(new Set([8]));
  });

  it.each([
    ['2345-6789-ABCD', '2345-6789-ABCD'],
    ['23456789abcd', '2345-6789-ABCD'],
    ['  2345 6789 abcd ', '2345-6789-ABCD'],
    ['2345-6789 - ABCD', '2345-6789-ABCD'],
    ['２３４５－６７８９－ＡＢＣＤ', '2345-6789-ABCD'],
    ['2345-6789-ABC', null],
    ['2345-6789-ABCDE', null],
    ['2345-6789-ABC0', null],
    ['2345-6789-ABCO', null],
    ['2345-6789-ABC1', null],
    ['2345_6789_ABCD', null],
    ['', null],
  ])('normalizeTrackingCode(%p) = %p', (input, expected) => {
    expect(normalizeTrackingCode(input)).toBe(expected);
  });

  it('round-trips generated codes', () => {
    const code = generateTrackingCode(bytes([5, 17, 200, 3, 99, 42, 7, 250, 128, 64, 13, 1]));
    expect(normalizeTrackingCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
  });
});

describe('case numbers', () => {
  it.each([
    ['2026-11-25', 123, '20261125-000123'],
    ['2026-11-25', 1, '20261125-000001'],
    ['2026-01-01', 999999, '20260101-999999'],
    ['2026-01-01', 1234567, '20260101-1234567'],
  ])('formatCaseNo(%s, %i) = %s', (ymd, seq, expected) => {
    expect(formatCaseNo(ymd, seq)).toBe(expected);
  });

  it.each([
    ['2026-02-30', 1, 'INVALID_DATE'],
    ['20261125', 1, 'INVALID_DATE'],
    ['2026-11-25', 0, 'INVALID_SEQUENCE'],
    ['2026-11-25', -1, 'INVALID_SEQUENCE'],
    ['2026-11-25', 1.5, 'INVALID_SEQUENCE'],
  ])('rejects formatCaseNo(%p, %p) with %s', (ymd, seq, code) => {
    expect(() => formatCaseNo(ymd, seq)).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    ['2026-11-24T15:59:59Z', '20261124'],
    ['2026-11-24T16:00:00Z', '20261125'],
    ['2025-12-31T23:30:00Z', '20260101'],
  ])('caseNoDay(%s) = %s (Shanghai day)', (iso, expected) => {
    expect(caseNoDay(new Date(iso))).toBe(expected);
  });
});
