import { describe, expect, it } from '@jest/globals';
import { emptyCounts, withRates, type Metrics } from './report-metrics.js';
import { compositeScore, rankDepartments } from './report-ranking.js';

type Row = Metrics & { department: { code: string } };

function dept(code: string, counts: Partial<Omit<Metrics, 'escalations'>>): Row {
  return { department: { code }, ...withRates({ ...emptyCounts(), ...counts } as ReturnType<typeof emptyCounts>) };
}

const rates = (r: Partial<Record<'onTimeReplyRate' | 'satisfactionRate' | 'signRate' | 'responseRate' | 'returnRate', number | null>>) => ({
  onTimeReplyRate: null,
  satisfactionRate: null,
  signRate: null,
  responseRate: null,
  returnRate: null,
  resolutionRate: null,
  reopenRate: null,
  ...r,
});

describe('compositeScore', () => {
  it.each<[string, Parameters<typeof rates>[0], number | null]>([
    ['perfect', { onTimeReplyRate: 1, satisfactionRate: 1, signRate: 1, responseRate: 1, returnRate: 0 }, 100],
    ['worst', { onTimeReplyRate: 0, satisfactionRate: 0, signRate: 0, responseRate: 0, returnRate: 1 }, 0],
    // 0.35·0.8 + 0.30·0.9 + 0.15·1 + 0.10·0.5 + 0.10·(1 − 0.2) = 0.28 + 0.27 + 0.15 + 0.05 + 0.08 = 0.83
    ['weighted', { onTimeReplyRate: 0.8, satisfactionRate: 0.9, signRate: 1, responseRate: 0.5, returnRate: 0.2 }, 83],
    // no callbacks: satisfaction drops out, the other weights (0.70) renormalise: 0.28+0.15+0.05+0.08 = 0.56 / 0.70
    ['null component renormalised', { onTimeReplyRate: 0.8, satisfactionRate: null, signRate: 1, responseRate: 0.5, returnRate: 0.2 }, 80],
    ['rate above 1 is clamped', { onTimeReplyRate: 1, satisfactionRate: 1, signRate: 1.25, responseRate: 1, returnRate: 0 }, 100],
    ['no rates at all', {}, null],
  ])('%s', (_name, r, expected) => {
    expect(compositeScore(rates(r))).toBe(expected);
  });
});

describe('rankDepartments', () => {
  const good = { dispatched: 20, signedOnTime: 20, firstContactOnTime: 20, replied: 20, repliedOnTime: 19, callbacks: 10, satisfied: 9 };
  const fair = { dispatched: 30, signedOnTime: 24, firstContactOnTime: 20, replied: 25, repliedOnTime: 20, callbacks: 20, satisfied: 14, returns: 3 };

  it('orders by score and keeps a one-case department out of the ranking (minimum volume)', () => {
    const ranked = rankDepartments([dept('c-fair', fair), dept('a-tiny', { dispatched: 1, signedOnTime: 1, firstContactOnTime: 1, replied: 1, repliedOnTime: 1, callbacks: 1, satisfied: 1 }), dept('b-good', good)], 10);
    expect(ranked.map((r) => [r.row.department.code, r.rank, r.unrankedReason])).toEqual([
      ['b-good', 1, null],
      ['c-fair', 2, null],
      ['a-tiny', null, 'below_min_volume'],
    ]);
    // The tiny department still has its (perfect) score, shown but not ranked.
    expect(ranked[2]!.score).toBe(100);
    expect(ranked[0]!.score!).toBeGreaterThan(ranked[1]!.score!);
  });

  it('gives equal scores the same rank (1, 1, 3) and orders them deterministically', () => {
    const ranked = rankDepartments([dept('z', good), dept('y', fair), dept('x', good)], 10);
    expect(ranked.map((r) => [r.row.department.code, r.rank])).toEqual([
      ['x', 1],
      ['z', 1],
      ['y', 3],
    ]);
  });

  it('a department with volume but no rate at all is listed as no_rates', () => {
    const row = dept('q', { dispatched: 0 });
    expect(rankDepartments([row], 0)[0]).toMatchObject({ rank: null, score: null, unrankedReason: 'no_rates' });
  });

  it('the minimum volume is a parameter', () => {
    const ranked = rankDepartments([dept('a', good), dept('b', fair)], 25);
    expect(ranked.map((r) => [r.row.department.code, r.rank])).toEqual([
      ['b', 1],
      ['a', null],
    ]);
  });
});
