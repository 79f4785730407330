import { describe, expect, it } from '@jest/globals';
import { ESCALATION_LEVELS, METRIC_LABELS, countsFromRow, emptyCounts, rate, withRates } from './report-metrics.js';

describe('rate', () => {
  it.each<[number, number, number | null]>([
    [0, 0, null],
    [5, 0, null],
    [0, 4, 0],
    [3, 4, 0.75],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [4, 4, 1],
    [5, 4, 1.25],
    [Number.NaN, 4, null],
    [1, -1, null],
  ])('%d / %d → %p', (n, d, expected) => {
    expect(rate(n, d)).toBe(expected);
  });
});

describe('withRates', () => {
  it('derives each rate from its own numerator and denominator (domain.md §6)', () => {
    const m = withRates({
      ...emptyCounts(),
      dispatched: 8,
      signed: 7,
      signedOnTime: 6,
      firstContacted: 5,
      firstContactOnTime: 4,
      replied: 5,
      repliedOnTime: 4,
      callbacks: 4,
      resolved: 3,
      satisfied: 3,
      basicallySatisfied: 1,
      returns: 2,
      reopened: 1,
    });
    expect(m).toMatchObject({
      signRate: 0.75,
      responseRate: 0.5,
      onTimeReplyRate: 0.8,
      resolutionRate: 0.75,
      satisfactionRate: 0.75,
      returnRate: 0.25,
      reopenRate: 0.2,
    });
  });

  it('gives null rates, never 0 or NaN, when nothing was dispatched, replied or called back', () => {
    const m = withRates(emptyCounts());
    for (const key of Object.keys(METRIC_LABELS) as (keyof typeof METRIC_LABELS)[]) {
      if (METRIC_LABELS[key].kind === 'rate') expect(m[key]).toBeNull();
      else expect(m[key]).toBe(0);
    }
    expect(JSON.parse(JSON.stringify(m)).signRate).toBeNull();
  });
});

describe('countsFromRow', () => {
  it('reads pg bigint strings, escalations as esc_<level>, absent columns as 0', () => {
    const c = countsFromRow({ dispatched: '12', signedOnTime: '10', esc_overdue: '2', esc_accountability: 1, replied: null });
    expect(c.dispatched).toBe(12);
    expect(c.signedOnTime).toBe(10);
    expect(c.replied).toBe(0);
    expect(c.escalations).toEqual({ warning: 0, overdue: 2, supervision: 0, notice: 0, accountability: 1 });
  });
});

describe('labels', () => {
  it('has Chinese and English for every metric and escalation level', () => {
    for (const l of Object.values(METRIC_LABELS)) {
      expect(l.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(l.en).toMatch(/[A-Za-z]/);
      expect(l.formula.length).toBeGreaterThan(3);
    }
    expect(ESCALATION_LEVELS).toHaveLength(5);
  });
});
