import type { Metrics, RateKey } from './report-metrics.js';

/**
 * 月度通报 ranking: a composite score out of 100 over the month's rates.
 *
 *   score = 100 × Σ wᵢ·vᵢ / Σ wᵢ   over the components whose rate is not null
 *
 * | component         | v                  | w    | why                                        |
 * |-------------------|--------------------|------|--------------------------------------------|
 * | 按时办结率         | onTimeReplyRate    | 0.35 | 限时办结制: the outcome the hotline is judged on |
 * | 满意率            | satisfactionRate   | 0.30 | the citizen's own verdict (回访)             |
 * | 及时签收率         | signRate           | 0.15 | cases must not sit unsigned                 |
 * | 响应率            | responseRate       | 0.10 | first contact in time                       |
 * | 回退率 (inverted)  | 1 − returnRate     | 0.10 | against 推诿扯皮 (buck-passing)              |
 *
 * Each v is clamped to [0, 1] (a boundary-straddling sign can push a rate past 1). A component whose
 * rate is null (no denominator this month) drops out and the weights of the others are renormalised,
 * so a department is not punished for, e.g., having had no callbacks yet.
 *
 * Minimum-volume rule: only departments with at least `minVolume` dispatches in the month (default
 * 10) are ranked, so one case handled well does not top the list; the others are listed after the
 * ranking, unranked, with the reason. Equal scores share a rank (1, 2, 2, 4); among them rows are
 * ordered by on-time reply rate, then volume, then department code, so the order is deterministic.
 */
export const SCORE_WEIGHTS: readonly { key: RateKey; weight: number; inverted: boolean }[] = [
  { key: 'onTimeReplyRate', weight: 0.35, inverted: false },
  { key: 'satisfactionRate', weight: 0.3, inverted: false },
  { key: 'signRate', weight: 0.15, inverted: false },
  { key: 'responseRate', weight: 0.1, inverted: false },
  { key: 'returnRate', weight: 0.1, inverted: true },
];

/** Default minimum number of dispatches in the month for a department to be ranked. */
export const DEFAULT_MIN_VOLUME = 10;

export const SCORE_FORMULA =
  'score = 100 × Σ wᵢ·vᵢ / Σ wᵢ over non-null rates; v = onTimeReplyRate (w 0.35), satisfactionRate (0.30), signRate (0.15), responseRate (0.10), 1 − returnRate (0.10); each v clamped to [0,1]; ranked only with dispatched ≥ minVolume';

export type UnrankedReason = 'below_min_volume' | 'no_rates';

export interface Ranked<T> {
  rank: number | null;
  score: number | null;
  unrankedReason: UnrankedReason | null;
  row: T;
}

/** The composite score (2 decimals) of one department's metrics, or null when no rate is known. */
export function compositeScore(m: Pick<Metrics, RateKey>): number | null {
  let sum = 0;
  let weights = 0;
  for (const { key, weight, inverted } of SCORE_WEIGHTS) {
    const r = m[key];
    if (r === null || r === undefined || !Number.isFinite(r)) continue;
    const v = Math.min(1, Math.max(0, inverted ? 1 - r : r));
    sum += weight * v;
    weights += weight;
  }
  if (weights === 0) return null;
  return Math.round((100 * sum) / weights * 100) / 100;
}

/**
 * Ranks department rows: eligible ones by score (shared rank on equal scores), then the unranked
 * ones by volume and code.
 */
export function rankDepartments<T extends Metrics & { department: { code: string } }>(rows: readonly T[], minVolume = DEFAULT_MIN_VOLUME): Ranked<T>[] {
  const ranked: Ranked<T>[] = [];
  const unranked: Ranked<T>[] = [];
  for (const row of rows) {
    const score = compositeScore(row);
    if (row.dispatched < minVolume) unranked.push({ rank: null, score, unrankedReason: 'below_min_volume', row });
    else if (score === null) unranked.push({ rank: null, score, unrankedReason: 'no_rates', row });
    else ranked.push({ rank: null, score, unrankedReason: null, row });
  }
  const byCode = (a: Ranked<T>, b: Ranked<T>) => (a.row.department.code < b.row.department.code ? -1 : a.row.department.code > b.row.department.code ? 1 : 0);
  ranked.sort((a, b) => b.score! - a.score! || (b.row.onTimeReplyRate ?? -1) - (a.row.onTimeReplyRate ?? -1) || b.row.dispatched - a.row.dispatched || byCode(a, b));
  ranked.forEach((r, i) => {
    r.rank = i > 0 && ranked[i - 1]!.score === r.score ? ranked[i - 1]!.rank : i + 1;
  });
  unranked.sort((a, b) => b.row.dispatched - a.row.dispatched || byCode(a, b));
  return [...ranked, ...unranked];
}
