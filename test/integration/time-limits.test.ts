import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { ChineseDaysCalendar, addDuration } from '@hotline/domain';
import { CalendarStore, EscalationEngine, createDataSource } from '@hotline/persistence';
import { ApiHarness, WorkerProcess, db, noiseCase, waitFor } from '../support/harness.js';

const LEAD = 'street-330106005'; // 翠苑街道: where noiseCase() is routed

/**
 * 限时办结制 end to end on the real API, Postgres and a real worker: the calendar and policy endpoints,
 * 一次性告知 pause/resume, 延期 limits, 首次联系, 重办 with fresh deadlines, and the 督办 ladder
 * driven with an injected clock (EscalationEngine.fireDue(now)), each step once and in order.
 */
describe('time limits', () => {
  let api: ApiHarness;
  let pool: pg.Pool;
  let worker: WorkerProcess;
  let ds: DataSource;
  let engine: EscalationEngine;
  const tokens: Record<string, string> = {};
  const token = async (user: string) => (tokens[user] ??= await api.login(user));

  beforeAll(async () => {
    api = await ApiHarness.start();
    pool = await db();
    worker = await WorkerProcess.start();
    ds = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await ds.initialize();
    const calendars = new CalendarStore(ds);
    engine = new EscalationEngine(ds, () => calendars.calendar());
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api?.stop();
    await pool?.end();
    await ds?.destroy();
  });

  /** Registers a case and waits for the worker to dispatch it. */
  async function dispatchedCase(overrides: Record<string, unknown> = {}): Promise<any> {
    const res = await api.post('/cases', noiseCase(overrides), await token('operator1'));
    expect(res.status).toBe(201);
    await waitFor(async () => (await pool.query(`SELECT status FROM cases WHERE id = $1`, [res.body.id])).rows[0].status === 'dispatched', 20_000, 'dispatch');
    return (await api.get(`/cases/${res.body.id}`, await token('dispatcher1'))).body;
  }

  async function signedCase(): Promise<any> {
    const c = await dispatchedCase();
    const res = await api.post(`/cases/${c.id}/sign`, {}, await token(`handler.${LEAD}`));
    expect(res.status).toBe(200);
    return res.body;
  }

  const events = async (id: string, type: string) => (await pool.query(`SELECT id, at, data FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY id`, [id, type])).rows;

  it('answers junk on every clock and calendar endpoint with a 4xx naming the problem, never a 500', async () => {
    const c = await signedCase();
    const junk: unknown[] = [[], 'text', 42, null, { amount: { $gt: 1 } }, { items: [{}] }, { reason: '\u0000' }, { satisfaction: ['satisfied'] }, { approve: 'yes' }, { working: null }, { stages: { sign: [] } }];
    const targets: [string, string, string][] = [
      ['POST', `/cases/${c.id}/supplement-request`, `handler.${LEAD}`],
      ['POST', `/cases/${c.id}/supplement`, 'operator1'],
      ['POST', `/cases/${c.id}/extension-request`, `handler.${LEAD}`],
      ['POST', `/cases/${c.id}/first-contact`, `handler.${LEAD}`],
      ['POST', `/cases/${c.id}/callback`, 'operator1'],
      ['POST', `/cases/${c.id}/review-request`, 'operator1'],
      ['POST', `/extension-requests/00000000-0000-0000-0000-000000000000/decision`, 'supervisor1'],
      ['PUT', '/admin/calendar/days/2026-12-14', 'admin'],
      ['PATCH', '/admin/time-limit-policies/normal', 'admin'],
      ['POST', `/public/cases/${c.trackingCode}/rating?verify=1234`, ''],
    ];
    const wrong: string[] = [];
    for (const [method, path, user] of targets) {
      for (const body of junk) {
        const res = await api.request(method, path, { token: user ? await token(user) : undefined, body });
        const ok = res.status >= 400 && res.status < 500 && typeof res.body?.message === 'string';
        if (!ok) wrong.push(`${method} ${path} ${JSON.stringify(body)} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  describe('calendar', () => {
    it.each([
      ['2025-09-30T10:00:00+08:00', 1, 'working_days', '2025-10-09T23:59:59+08:00'], // over 国庆 2025
      ['2025-09-28T10:00:00+08:00', 2, 'working_days', '2025-09-30T23:59:59+08:00'], // from a 调休 Sunday
      ['2026-02-13T10:00:00+08:00', 2, 'working_days', '2026-02-24T23:59:59+08:00'], // over 春节 2026
      ['2025-11-27T16:00:00Z', 1, 'working_days', '2025-12-01T23:59:59+08:00'], // 00:00 Friday in Beijing
      ['2025-11-27T15:59:00Z', 1, 'working_days', '2025-11-28T23:59:59+08:00'], // 23:59 Thursday in Beijing
      ['2026-09-01T10:00:00+08:00', 30, 'calendar_days', '2026-10-08T23:59:59+08:00'], // ends in 国庆 → next working day
      ['2025-12-31T23:30:00+08:00', 2, 'hours', '2026-01-01T01:30:00+08:00'],
      ['2025-12-31T23:50:00+08:00', 15, 'minutes', '2026-01-01T00:05:00+08:00'],
    ])('from %s + %d %s → %s', async (from, amount, unit, due) => {
      const res = await api.get(`/calendar/deadline?from=${encodeURIComponent(from)}&amount=${amount}&unit=${unit}`, await token('operator1'));
      expect(res.status).toBe(200);
      expect(res.body.due).toBe(due);
    });

    it.each([
      ['amount=1&unit=working_days', 'from'],
      ['from=yesterday&amount=1&unit=working_days', 'from'],
      ['from=2026-02-30T10:00:00%2B08:00&amount=1&unit=working_days', 'from'],
      ['from=2026-03-02T10:00:00%2B08:00&amount=-1&unit=working_days', 'amount'],
      ['from=2026-03-02T10:00:00%2B08:00&amount=abc&unit=working_days', 'amount'],
      ['from=2026-03-02T10:00:00%2B08:00&amount=1.5&unit=working_days', 'amount'],
      ['from=2026-03-02T10:00:00%2B08:00&amount=1&unit=weeks', 'unit'],
      ['from=2026-03-02T10:00:00%2B08:00&amount=1&unit=hours&x=1', 'x'],
      ['from=2026-03-02T10:00:00%2B08:00&amount=1000000&unit=working_days', 'amount'], // ~4,000 years
      ['from=9999-12-31T00:00:00Z&amount=30&unit=calendar_days', 'from'], // past year 9999
    ])('bad query %s → 400 naming %s', async (query, field) => {
      const res = await api.get(`/calendar/deadline?${query}`, await token('operator1'));
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('admin overrides move deadlines at once and can be removed; only admins may edit', async () => {
      const q = `/calendar/deadline?from=${encodeURIComponent('2026-12-11T10:00:00+08:00')}&amount=1&unit=working_days`;
      const admin = await token('admin');
      expect((await api.get(q, admin)).body.due).toBe('2026-12-14T23:59:59+08:00');
      expect((await api.request('PUT', '/admin/calendar/days/2026-12-14', { token: await token('supervisor1'), body: { working: false } })).status).toBe(403);
      const put = await api.request('PUT', '/admin/calendar/days/2026-12-14', { token: admin, body: { working: false, note: '地方性休息日（测试）' } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ date: '2026-12-14', working: false, source: 'override' });
      expect((await api.get(q, admin)).body.due).toBe('2026-12-15T23:59:59+08:00');
      expect((await api.get('/admin/calendar/days/2026-12-14', admin)).body).toMatchObject({ working: false, source: 'override' });
      expect((await api.get('/admin/calendar/days?year=2026', admin)).body.map((d: { day: string }) => d.day)).toContain('2026-12-14');
      expect((await api.request('DELETE', '/admin/calendar/days/2026-12-14', { token: admin })).status).toBe(204);
      expect((await api.request('DELETE', '/admin/calendar/days/2026-12-14', { token: admin })).status).toBe(404);
      expect((await api.get(q, admin)).body.due).toBe('2026-12-14T23:59:59+08:00');
      const bad = await api.request('PUT', '/admin/calendar/days/2026-02-30', { token: admin, body: { working: true } });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('date');
      const badBody = await api.request('PUT', '/admin/calendar/days/2026-12-15', { token: admin, body: { working: 'yes' } });
      expect(badBody.status).toBe(400);
      expect(badBody.body.details[0].field).toBe('working');
    });

    it('reports years without official holiday data (calendar status and /health)', async () => {
      const status = await api.get('/admin/calendar/status', await token('admin'));
      expect(status.status).toBe(200);
      const official = new ChineseDaysCalendar();
      const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
      const expected = [year, year + 1].filter((y) => !official.hasOfficialData(y));
      expect(status.body.yearsMissingOfficialData).toEqual(expected);
      const health = await api.get('/health');
      expect(health.body.warnings.map((w: { year: number }) => w.year)).toEqual(expected);
    });
  });

  describe('time-limit policies', () => {
    it('lists the five policies with their stages, in the contract shape', async () => {
      const res = await api.get('/admin/time-limit-policies', await token('admin'));
      expect(res.status).toBe(200);
      expect(res.body.map((p: { code: string }) => p.code)).toEqual(['immediate', 'utilities', 'normal', 'complex', 'petition']);
      const normal = res.body.find((p: { code: string }) => p.code === 'normal');
      expect(normal.stages.reply).toMatchObject({ amount: 5, unit: 'working_days' });
      expect(normal.stages.sign).toMatchObject({ amount: 1, unit: 'working_days' });
      const petition = res.body.find((p: { code: string }) => p.code === 'petition');
      expect(petition.stages.reply).toMatchObject({ amount: 60, unit: 'calendar_days' });
      expect(petition.extension).toMatchObject({ maxCount: 1, maxAmount: { amount: 30, unit: 'calendar_days' } });
    });

    it('validates a patch: 400 naming the field, 404 for an unknown policy, 403 for non-admins', async () => {
      const admin = await token('admin');
      const cases: [unknown, string][] = [
        [{ stages: { sign: { amount: 1.5, unit: 'working_days' } } }, 'stages.sign.amount'],
        [{ stages: { sign: { amount: 1, unit: 'weeks' } } }, 'stages.sign.unit'],
        [{ stages: { sign: { amount: -3, unit: 'hours' } } }, 'stages.sign.amount'],
        [{ stages: { sign: { amount: '1', unit: 'hours' } } }, 'stages.sign.amount'],
        [{ stages: { lunch: { amount: 1, unit: 'hours' } } }, 'stages.lunch'],
        [{ stages: 'fast' }, 'stages'],
      ];
      for (const [body, field] of cases) {
        const res = await api.request('PATCH', '/admin/time-limit-policies/complex', { token: admin, body });
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect((await api.request('PATCH', '/admin/time-limit-policies/nope', { token: admin, body: { stages: {} } })).status).toBe(404);
      expect((await api.request('PATCH', '/admin/time-limit-policies/complex', { token: await token('dispatcher1'), body: { stages: {} } })).status).toBe(403);
    });

    it('applies a change to deadlines computed afterwards, never to existing ones', async () => {
      const admin = await token('admin');
      const before = await dispatchedCase();
      const patched = await api.request('PATCH', '/admin/time-limit-policies/normal', { token: admin, body: { stages: { sign: { amount: 3, unit: 'hours' } } } });
      try {
        expect(patched.status).toBe(200);
        expect(patched.body.stages.sign).toMatchObject({ amount: 3, unit: 'hours' });
        const after = await dispatchedCase();
        const dispatchedAt = Date.parse(after.dispatchedAt);
        expect(Date.parse(after.deadlines.sign) - dispatchedAt).toBe(3 * 3600_000);
        expect(after.clock.policyVersion).toBe(before.clock.policyVersion + 1);
        const unchanged = (await api.get(`/cases/${before.id}`, admin)).body;
        expect(unchanged.deadlines.sign).toBe(before.deadlines.sign);
      } finally {
        await api.request('PATCH', '/admin/time-limit-policies/normal', { token: admin, body: { stages: { sign: { amount: 1, unit: 'working_days' } } } });
      }
    });
  });

  describe('一次性告知 (supplement request)', () => {
    it('pauses the clock, refuses a second request, resumes with exactly the time that was left', async () => {
      const c = await signedCase();
      const handler = await token(`handler.${LEAD}`);
      const res = await api.post(`/cases/${c.id}/supplement-request`, { items: ['噪声发生的具体时段', '商铺名称或门牌号'] }, handler);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('awaiting_supplement');
      expect(res.body.clock.paused).toBe(true);
      const [requested] = await events(c.id, 'supplement_requested');
      expect(requested.data.items).toHaveLength(2);
      const leftMs = requested.data.remainingMs.reply;
      expect(Math.abs(leftMs - (Date.parse(c.deadlines.reply) - requested.at.getTime()))).toBeLessThan(1000);

      // While paused the case cannot be asked again (409 naming the state) …
      const whilePaused = await api.post(`/cases/${c.id}/supplement-request`, { items: ['身份证明'] }, handler);
      expect(whilePaused.status).toBe(409);
      // Paused: the running worker fires nothing for it, the case is not overdue.
      const pending = await pool.query(`SELECT stage, level FROM case_timers WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`, [c.id]);
      expect(pending.rows).toEqual([{ stage: 'supplement', level: 'auto_close' }]);

      await new Promise((r) => setTimeout(r, 1200));
      const resumed = await api.post(`/cases/${c.id}/supplement`, { content: '每晚 23:00-01:00，门牌 18 号' }, await token('operator1'));
      expect(resumed.status).toBe(200);
      expect(resumed.body.status).toBe('signed');
      const row = (await pool.query(`SELECT reply_due_at, deadline_version FROM cases WHERE id = $1`, [c.id])).rows[0];
      const [received] = await events(c.id, 'supplement_received');
      expect(row.reply_due_at.getTime() - received.at.getTime()).toBe(leftMs);
      expect(row.deadline_version).toBe(c.deadlineVersion + 2);
      const changed = await events(c.id, 'deadlines_changed');
      expect(changed.at(-1).data).toMatchObject({ reason: 'resumed', deadlineVersion: c.deadlineVersion + 2 });
      const plan = await pool.query(`SELECT DISTINCT stage FROM case_timers WHERE case_id = $1 AND deadline_version = $2`, [c.id, c.deadlineVersion + 2]);
      expect(plan.rows.map((r) => r.stage).sort()).toEqual(['firstContact', 'reply']);

      // … and after the answer a second request is refused: everything had to be listed at once.
      const again = await api.post(`/cases/${c.id}/supplement-request`, { items: ['身份证明'] }, handler);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('SUPPLEMENT_ALREADY_REQUESTED');
      // A supervisor may allow a second request (override); a handler cannot claim it.
      expect((await api.post(`/cases/${c.id}/supplement-request`, { items: ['现场照片'], override: true }, handler)).status).toBe(403);
      const overridden = await api.post(`/cases/${c.id}/supplement-request`, { items: ['现场照片'], override: true }, await token('supervisor1'));
      expect(overridden.status).toBe(200);
      expect(overridden.body.clock.supplementRequestCount).toBe(2);
    });

    it('closes an unanswered request after the policy period, with notice', async () => {
      const c = await signedCase();
      await api.post(`/cases/${c.id}/supplement-request`, { items: ['现场照片'] }, await token(`handler.${LEAD}`));
      const timer = (await pool.query(`SELECT fire_at FROM case_timers WHERE case_id = $1 AND stage = 'supplement'`, [c.id])).rows[0];
      const requestedAt = (await events(c.id, 'supplement_requested'))[0].at;
      expect(timer.fire_at.getTime()).toBe(addDuration(requestedAt, { amount: 30, unit: 'calendar_days' }, new ChineseDaysCalendar()).getTime());
      expect((await engine.fireDue(c.id, new Date(timer.fire_at.getTime() - 1000))).fired).toHaveLength(0);
      const fired = await engine.fireDue(c.id, new Date(timer.fire_at.getTime() + 1000));
      expect(fired.fired.map((f) => f.level)).toEqual(['auto_close']);
      const after = (await api.get(`/cases/${c.id}`, await token('dispatcher1'))).body;
      expect(after.status).toBe('closed');
      expect((await events(c.id, 'closed'))[0].data.reason).toBe('supplement_timeout');
      const note = await pool.query(`SELECT count(*)::int AS n FROM notifications WHERE case_id = $1 AND type = 'case_auto_closed'`, [c.id]);
      expect(note.rows[0].n).toBeGreaterThan(0);
      expect((await engine.fireDue(c.id, new Date(timer.fire_at.getTime() + 5000))).fired).toHaveLength(0);
    });

    it('validates the request body', async () => {
      const c = await signedCase();
      const handler = await token(`handler.${LEAD}`);
      for (const [body, field] of [[{ items: [] }, 'items'], [{ items: ['  '] }, 'items'], [{ items: 'ID card' }, 'items'], [{}, 'items'], [{ items: ['x'], override: 'yes' }, 'override']] as const) {
        const res = await api.post(`/cases/${c.id}/supplement-request`, body, handler);
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });
  });

  describe('延期 (extension)', () => {
    it('enforces the policy: length and count; a supervisor decides; the new date and reason are recorded', async () => {
      const c = await signedCase();
      const handler = await token(`handler.${LEAD}`);
      const tooLong = await api.post(`/cases/${c.id}/extension-request`, { amount: 11, unit: 'working_days', reason: '需协调多部门现场勘查' }, handler);
      expect(tooLong.status).toBe(409);
      expect(tooLong.body.code).toBe('EXTENSION_TOO_LONG');
      const req = await api.post(`/cases/${c.id}/extension-request`, { amount: 3, unit: 'working_days', reason: '需协调多部门现场勘查' }, handler);
      expect(req.status).toBe(201);
      expect(req.body).toMatchObject({ status: 'pending', amount: 3, unit: 'working_days' });
      expect((await api.post(`/cases/${c.id}/extension-request`, { amount: 1, unit: 'working_days', reason: '再延' }, handler)).body.code).toBe('EXTENSION_PENDING');
      expect((await api.post(`/extension-requests/${req.body.id}/decision`, { approve: true }, handler)).status).toBe(403);

      const decided = await api.post(`/extension-requests/${req.body.id}/decision`, { approve: true, note: '同意' }, await token('supervisor1'));
      expect(decided.status).toBe(200);
      const expected = addDuration(new Date(c.deadlines.reply), { amount: 3, unit: 'working_days' }, new ChineseDaysCalendar());
      expect(Date.parse(decided.body.case.deadlines.reply)).toBe(expected.getTime());
      expect(decided.body.case.deadlineVersion).toBe(c.deadlineVersion + 1);
      const [approved] = await events(c.id, 'extension_approved');
      expect(approved.data.reason).toBe('需协调多部门现场勘查');
      expect(approved.data.petitionerNotice).toContain('需协调多部门现场勘查');
      // The old version's steps lapse; the new plan is in place.
      const pendingVersions = await pool.query(`SELECT DISTINCT deadline_version FROM case_timers WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`, [c.id]);
      expect(pendingVersions.rows.map((r) => r.deadline_version)).toEqual([c.deadlineVersion + 1]);

      const second = await api.post(`/cases/${c.id}/extension-request`, { amount: 1, unit: 'working_days', reason: '再延' }, handler);
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('EXTENSION_LIMIT_REACHED');
      const listBad = await api.get('/extension-requests?limit=1.5', await token('supervisor1'));
      expect(listBad.status).toBe(400);
      expect(listBad.body.details[0].field).toBe('limit');
      expect((await api.get('/extension-requests?status=approved', await token('supervisor1'))).body.map((r: { id: string }) => r.id)).toContain(req.body.id);
      const bad = await api.post(`/cases/${c.id}/extension-request`, { amount: 2, unit: 'fortnights', reason: '' }, handler);
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['reason', 'unit']);
    });

    it('a denied request changes nothing but is recorded', async () => {
      const c = await signedCase();
      const req = await api.post(`/cases/${c.id}/extension-request`, { amount: 2, unit: 'working_days', reason: '等待检测报告' }, await token(`handler.${LEAD}`));
      const denied = await api.post(`/extension-requests/${req.body.id}/decision`, { approve: false, note: '理由不充分' }, await token('supervisor1'));
      expect(denied.status).toBe(200);
      expect(denied.body.status).toBe('denied');
      expect(denied.body.case.deadlines.reply).toBe(c.deadlines.reply);
      expect((await api.post(`/extension-requests/${req.body.id}/decision`, { approve: true }, await token('supervisor1'))).body.code).toBe('EXTENSION_DECIDED');
    });
  });

  it('首次联系 meets the first-contact stage once; 回访 unsatisfied reopens with fresh deadlines', async () => {
    const c = await signedCase();
    const handler = await token(`handler.${LEAD}`);
    const contact = await api.post(`/cases/${c.id}/first-contact`, { method: 'phone', note: '已电话联系诉求人' }, handler);
    expect(contact.status).toBe(200);
    expect(contact.body.clock.firstContactedAt).not.toBeNull();
    expect((await events(c.id, 'first_contacted'))[0].data).toMatchObject({ method: 'phone', onTime: true });
    expect((await api.post(`/cases/${c.id}/first-contact`, { method: 'phone' }, handler)).body.code).toBe('FIRST_CONTACT_RECORDED');
    const left = await pool.query(`SELECT DISTINCT stage FROM case_timers WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`, [c.id]);
    expect(left.rows.map((r) => r.stage)).toEqual(['reply']);

    expect((await api.post(`/cases/${c.id}/reply`, { reply: '已责令商铺整改', resolved: true }, handler)).status).toBe(200);
    const noneLeft = await pool.query(`SELECT count(*)::int AS n FROM case_timers WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`, [c.id]);
    expect(noneLeft.rows[0].n).toBe(0);
    const before = (await api.get(`/cases/${c.id}`, handler)).body;
    await new Promise((r) => setTimeout(r, 20));
    const reopened = await api.post(`/cases/${c.id}/callback`, { satisfaction: 'unsatisfied', resolved: false, note: '噪音依旧' }, await token('operator1'));
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('reopened');
    expect(reopened.body.deadlineVersion).toBe(before.deadlineVersion + 1);
    expect(Date.parse(reopened.body.deadlines.reply)).toBeGreaterThan(Date.parse(before.deadlines.reply) - 1);
    expect(Date.parse(reopened.body.clock.startedAt)).toBeGreaterThanOrEqual(Date.parse(before.clock.startedAt));
    expect(reopened.body.overdue).toBe(false);
    const plan = await pool.query(`SELECT DISTINCT stage FROM case_timers WHERE case_id = $1 AND deadline_version = $2`, [c.id, reopened.body.deadlineVersion]);
    expect(plan.rows.map((r) => r.stage).sort()).toEqual(['firstContact', 'reply', 'sign']);
    expect((await api.post(`/cases/${c.id}/sign`, {}, handler)).body.status).toBe('signed');

    // The citizen can rate too, on the public page (tracking code + last 4 digits).
    const rated = await signedCase();
    await api.post(`/cases/${rated.id}/reply`, { reply: '已处理', resolved: true }, handler);
    const wrong = await api.post(`/public/cases/${rated.trackingCode}/rating?verify=0000`, { satisfaction: 'satisfied', resolved: true });
    expect(wrong.status).toBe(404);
    const badRating = await api.post(`/public/cases/${rated.trackingCode}/rating?verify=1234`, { satisfaction: 'great', resolved: true });
    expect(badRating.status).toBe(400);
    expect(badRating.body.details[0].field).toBe('satisfaction');
    const publicRating = await api.post(`/public/cases/${rated.trackingCode}/rating?verify=1234`, { satisfaction: 'basically_satisfied', resolved: true, note: '还行' });
    expect(publicRating.status).toBe(200);
    expect(publicRating.body.status).toBe('closed');
    expect((await events(rated.id, 'callback_recorded'))[0].data).toMatchObject({ satisfaction: 'basically_satisfied', source: 'citizen' });
    expect((await api.post(`/public/cases/${rated.trackingCode}/rating?verify=1234`, { satisfaction: 'satisfied', resolved: true })).status).toBe(409);

    const closedCase = await signedCase();
    await api.post(`/cases/${closedCase.id}/reply`, { reply: '已处理', resolved: true }, handler);
    const closed = await api.post(`/cases/${closedCase.id}/callback`, { satisfaction: 'satisfied', resolved: true }, await token('operator1'));
    expect(closed.body.status).toBe('closed');
    expect((await events(closedCase.id, 'callback_recorded'))[0].data).toMatchObject({ satisfaction: 'satisfied', resolved: true });
  });

  it('信访 复查 then 复核 within 30 days of the answer, each with a 30-day clock; nothing after 复核', async () => {
    const c = await dispatchedCase({ channel: 'letter' });
    expect(c.policyCode).toBe('petition');
    const handler = await token(`handler.${LEAD}`);
    const operator = await token('operator1');
    await api.post(`/cases/${c.id}/sign`, {}, handler);
    await api.post(`/cases/${c.id}/reply`, { reply: '已答复', resolved: false }, handler);
    const calendar = new ChineseDaysCalendar();
    for (const level of ['review', 're_review']) {
      const res = await api.post(`/cases/${c.id}/review-request`, { reason: '对答复不服' }, operator);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('reopened');
      const [ev] = (await events(c.id, 'review_requested')).slice(-1);
      expect(ev.data.level).toBe(level);
      expect(Date.parse(res.body.deadlines.reply)).toBe(addDuration(ev.at, { amount: 30, unit: 'calendar_days' }, calendar).getTime());
      await api.post(`/cases/${c.id}/sign`, {}, handler);
      await api.post(`/cases/${c.id}/reply`, { reply: `${level} 意见`, resolved: false }, handler);
    }
    const third = await api.post(`/cases/${c.id}/review-request`, { reason: '仍不服' }, operator);
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('REVIEW_EXHAUSTED');
    const hotline = await signedCase();
    await api.post(`/cases/${hotline.id}/reply`, { reply: '已处理', resolved: true }, handler);
    expect((await api.post(`/cases/${hotline.id}/review-request`, { reason: '不服' }, operator)).body.code).toBe('NOT_A_PETITION');
    expect((await api.post(`/cases/${hotline.id}/review-request`, { reason: ' ' }, operator)).status).toBe(400);
  });

  it('the 督办 ladder (injected clock): each step once, in order, with supervision order and accountability record', async () => {
    const c = await signedCase();
    const id = c.id;
    // First contact made: only the reply stage's ladder remains.
    expect((await api.post(`/cases/${id}/first-contact`, { method: 'visit' }, await token(`handler.${LEAD}`))).status).toBe(200);
    const steps = (await pool.query(`SELECT stage, level, fire_at FROM case_timers WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY fire_at`, [id])).rows;
    const reply = steps.filter((s) => s.stage === 'reply');
    // By time: 问责 comes when the 督办 order's 2 working days run out (deadline + 3), before the
    // 通报 at deadline + 5 working days.
    expect(reply.map((s) => s.level)).toEqual(['warning', 'overdue', 'supervision', 'accountability', 'notice']);
    const levelSeen: string[] = [];
    for (const step of reply) {
      // Just before: nothing of this step; just after: exactly it (and any first-contact step due by then).
      const early = await engine.fireDue(id, new Date(step.fire_at.getTime() - 1));
      expect(early.fired.filter((f) => f.stage === 'reply')).toHaveLength(0);
      const fired = await engine.fireDue(id, new Date(step.fire_at.getTime() + 1));
      expect(fired.fired.filter((f) => f.stage === 'reply').map((f) => f.level)).toEqual([step.level]);
      const again = await engine.fireDue(id, new Date(step.fire_at.getTime() + 2));
      expect(again.fired).toHaveLength(0);
      levelSeen.push(step.level);
      const view = (await api.get(`/cases/${id}`, await token('supervisor1'))).body;
      // The level shown is the highest reached (通报 after 问责 does not lower it).
      expect(view.escalationLevel).toBe(step.level === 'notice' ? 'accountability' : step.level);
      expect(view.overdue).toBe(step.level !== 'warning');
    }
    const escalated = (await events(id, 'escalated')).filter((e) => e.data.stage === 'reply');
    expect(escalated.map((e) => e.data.level)).toEqual(levelSeen);
    const order = (await pool.query(`SELECT id, status, department_id, due_at FROM supervision_orders WHERE case_id = $1`, [id])).rows;
    expect(order).toHaveLength(1);
    expect(order[0].status).toBe('missed');
    expect(order[0].department_id).toBe(c.leadDepartment.id);
    const record = (await pool.query(
      `SELECT a.department_id, a.supervision_order_id, u.username FROM accountability_records a LEFT JOIN users u ON u.id = a.handler_user_id WHERE a.case_id = $1`,
      [id],
    )).rows;
    expect(record).toHaveLength(1);
    expect(record[0]).toEqual({ department_id: c.leadDepartment.id, supervision_order_id: order[0].id, username: `handler.${LEAD}` });
    // Who heard of what (ESCALATION_AUDIENCE): the supervision office for 超期, the heads for 督办.
    const heard = (await pool.query(
      `SELECT n.type, coalesce(d.code, u.username) AS who FROM notifications n LEFT JOIN departments d ON d.id = n.recipient_department_id
       LEFT JOIN users u ON u.id = n.recipient_user_id WHERE n.case_id = $1 AND n.type LIKE 'escalation_%'`,
      [id],
    )).rows.map((r) => `${r.type}:${r.who}`);
    expect(heard).toEqual(expect.arrayContaining(['escalation_overdue:supervision', `escalation_supervision:head.${LEAD}`, `escalation_warning:handler.${LEAD}`]));
    expect(heard).not.toContain('escalation_overdue:head.' + LEAD);
    const kinds = await pool.query(`SELECT DISTINCT type FROM notifications WHERE case_id = $1 AND type LIKE 'escalation_%'`, [id]);
    expect(kinds.rows.map((r) => r.type).sort()).toEqual(['escalation_accountability', 'escalation_notice', 'escalation_overdue', 'escalation_supervision', 'escalation_warning']);
    // Overdue shows in the list filter.
    const list = await api.get(`/cases?overdue=true&pageSize=100`, await token('supervisor1'));
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('stages due at the same instant reach a step together: one event naming them all', async () => {
    const admin = await token('admin');
    const same = { amount: 1, unit: 'hours' };
    await api.request('PATCH', '/admin/time-limit-policies/normal', { token: admin, body: { stages: { sign: same, firstContact: same, reply: same } } });
    try {
      const c = await dispatchedCase();
      const due = Date.parse(c.deadlines.reply);
      expect(Date.parse(c.deadlines.sign)).toBe(due);
      const fired = await engine.fireDue(c.id, new Date(Date.parse(c.dispatchedAt) + 3600_000 + 1000));
      expect(fired.fired).toHaveLength(6);
      const evs = await events(c.id, 'escalated');
      expect(evs.map((e) => [e.data.level, e.data.stage, e.data.stages])).toEqual([
        ['warning', 'reply', ['reply', 'firstContact', 'sign']],
        ['overdue', 'reply', ['reply', 'firstContact', 'sign']],
      ]);
    } finally {
      const day = (amount: number) => ({ amount, unit: 'working_days' });
      await api.request('PATCH', '/admin/time-limit-policies/normal', { token: admin, body: { stages: { sign: day(1), firstContact: day(2), reply: day(5) } } });
    }
  });

  it('a late worker fires every missed step in ladder order in one pass', async () => {
    const c = await dispatchedCase();
    const last = (await pool.query(`SELECT max(fire_at) AS t FROM case_timers WHERE case_id = $1`, [c.id])).rows[0].t;
    const due = await engine.dueCases(new Date(last.getTime() + 1000), 10_000);
    expect(due).toContain(c.id);
    const fired = await engine.fireDue(c.id, new Date(last.getTime() + 1000));
    const reply = fired.fired.filter((f) => f.stage === 'reply').map((f) => f.level);
    expect(reply).toEqual(['warning', 'overdue', 'supervision', 'accountability', 'notice']);
    expect(fired.fired.filter((f) => f.stage === 'sign').map((f) => f.level)).toEqual(['warning', 'overdue']);
    // Event order follows the ladder (by due moment).
    const evs = await events(c.id, 'escalated');
    const times = evs.map((e) => Date.parse(e.data.scheduledAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((await engine.fireDue(c.id, new Date(last.getTime() + 60_000))).fired).toHaveLength(0);
  });
});
