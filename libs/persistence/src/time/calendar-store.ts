import type { DataSource, EntityManager } from 'typeorm';
import { ChineseDaysCalendar } from '@hotline/domain';

/** How long a process trusts its copy of the overrides, in ms (another process may have edited them). */
const REFRESH_MS = 5_000;

export interface CalendarOverride {
  day: string;
  working: boolean;
  note: string;
  updatedAt: Date;
}

/**
 * The working-day calendar every deadline is computed with: chinese-days (official holidays and 调休)
 * plus the admin overrides from Postgres. Cached briefly per process; a write through this store
 * refreshes at once, other processes within REFRESH_MS.
 */
export class CalendarStore {
  private cached: ChineseDaysCalendar | null = null;
  private loadedAt = 0;
  private loading: Promise<ChineseDaysCalendar> | null = null;

  constructor(private readonly ds: DataSource) {}

  /** The current calendar (overrides included). */
  async calendar(): Promise<ChineseDaysCalendar> {
    if (this.cached && Date.now() - this.loadedAt < REFRESH_MS) return this.cached;
    this.loading ??= this.load(this.ds.manager).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async load(m: EntityManager): Promise<ChineseDaysCalendar> {
    const calendar = await CalendarStore.read(m);
    this.cached = calendar;
    this.loadedAt = Date.now();
    return calendar;
  }

  /** Reads the calendar inside a transaction (no cache), for code that must see its own writes. */
  static async read(m: EntityManager): Promise<ChineseDaysCalendar> {
    const rows: { day: string; working: boolean }[] = await m.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, working FROM calendar_overrides`);
    return new ChineseDaysCalendar(new Map(rows.map((r) => [r.day, r.working])));
  }

  async list(from: string, to: string): Promise<CalendarOverride[]> {
    const rows: { day: string; working: boolean; note: string; updated_at: Date }[] = await this.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, working, note, updated_at FROM calendar_overrides WHERE day BETWEEN $1::date AND $2::date ORDER BY day`,
      [from, to],
    );
    return rows.map((r) => ({ day: r.day, working: r.working, note: r.note, updatedAt: r.updated_at }));
  }

  async get(day: string): Promise<CalendarOverride | null> {
    return (await this.list(day, day))[0] ?? null;
  }

  async set(day: string, working: boolean, note: string, userId: string | null): Promise<CalendarOverride> {
    await this.ds.query(
      `INSERT INTO calendar_overrides (day, working, note, updated_by, updated_at) VALUES ($1::date, $2, $3, $4, now())
       ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, note = EXCLUDED.note, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [day, working, note, userId],
    );
    this.invalidate();
    return (await this.get(day))!;
  }

  async remove(day: string): Promise<boolean> {
    const res: [unknown[], number] = await this.ds.query(`DELETE FROM calendar_overrides WHERE day = $1::date`, [day]);
    this.invalidate();
    return res[1] > 0;
  }
}
