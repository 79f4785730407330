import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { ApiHarness, WorkerProcess, db, noiseCase, waitFor } from '../support/harness.js';

/** Sign-for limit of the `immediate` policy during this file: 6 seconds of real time. */
const SIGN_SECONDS = 6;

/**
 * Nothing lost, nothing twice: with a real worker and real time, a sign-for deadline produces its
 * `warning` and `overdue` steps exactly once — on time through the BullMQ delayed job, after Redis
 * lost every key (the sentinel rebuilds the timers from Postgres), and after the worker was dead
 * past the deadline (the start-up sweep).
 */
describe('escalation survives Redis wipes and worker outages', () => {
  let api: ApiHarness;
  let pool: pg.Pool;
  let redis: Redis;
  let worker: WorkerProcess | null = null;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    process.env.TIMER_SWEEP_MS = '1000';
    api = await ApiHarness.start();
    pool = await db();
    redis = new Redis(process.env.REDIS_URL!);
    admin = await api.login('admin');
    operator = await api.login('operator1');
    const res = await api.request('PATCH', '/admin/time-limit-policies/immediate', { token: admin, body: { stages: { sign: { amount: SIGN_SECONDS / 60, unit: 'minutes' } } } });
    expect(res.status).toBe(200);
    worker = await WorkerProcess.start();
  });

  afterAll(async () => {
    await api?.request('PATCH', '/admin/time-limit-policies/immediate', { token: admin, body: { stages: { sign: { amount: 30, unit: 'minutes' } } } });
    await worker?.kill('SIGTERM');
    await api?.stop();
    await pool?.end();
    redis?.disconnect();
  });

  async function dispatchedImmediateCase(): Promise<{ id: string; signDue: Date }> {
    const res = await api.post('/cases', noiseCase({ urgency: 'immediate', content: '楼道里有很浓的煤气味，邻居家敲门没人应，请马上派人来看看' }), operator);
    expect(res.status).toBe(201);
    const row = await waitFor(async () => (await pool.query(`SELECT status, sign_due_at, policy_code FROM cases WHERE id = $1 AND status = 'dispatched'`, [res.body.id])).rows[0], 20_000, 'dispatch');
    expect(row.policy_code).toBe('immediate');
    return { id: res.body.id, signDue: row.sign_due_at };
  }

  const escalations = async (id: string) =>
    (await pool.query(`SELECT at, data->>'level' AS level, data->>'stage' AS stage FROM case_events WHERE case_id = $1 AND type = 'escalated' ORDER BY id`, [id])).rows as { at: Date; level: string; stage: string }[];

  async function wipeRedis(): Promise<number> {
    // FLUSHALL for this deployment: every key under the run's prefix (other test runs may share Redis).
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${process.env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) n += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return n;
  }

  it('fires warning then overdue on time from the delayed job, each once', async () => {
    const { id, signDue } = await dispatchedImmediateCase();
    const steps = await waitFor(async () => {
      const e = await escalations(id);
      return e.some((x) => x.level === 'overdue') ? e : null;
    }, 30_000, 'overdue');
    expect(steps.map((s) => `${s.stage}:${s.level}`)).toEqual(['sign:warning', 'sign:overdue']);
    const lag = steps[1].at.getTime() - signDue.getTime();
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await escalations(id)).toHaveLength(2);
    const view = (await api.get(`/cases/${id}`, admin)).body;
    expect(view).toMatchObject({ overdue: true, escalationLevel: 'overdue' });
    // Each step also went to the external channels (log by default) through the outbox, once.
    const outbound = await pool.query(`SELECT payload->>'template' AS template FROM outbox WHERE job_name = 'deliver-notification' AND payload->>'key' LIKE $1 ORDER BY id`, [`esc-${id}-%`]);
    expect(outbound.rows.map((r) => r.template)).toEqual(['escalation_warning', 'escalation_overdue']);
  });

  it('after Redis loses every key before the deadline, each step still fires once, within a minute', async () => {
    const { id, signDue } = await dispatchedImmediateCase();
    // Let the relay publish the wake-up job, then wipe Redis: the delayed job is gone.
    await waitFor(async () => (await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n === 0, 10_000, 'outbox drained');
    expect(await wipeRedis()).toBeGreaterThan(0);
    expect(Date.now()).toBeLessThan(signDue.getTime());
    const steps = await waitFor(async () => {
      const e = await escalations(id);
      return e.some((x) => x.level === 'overdue') ? e : null;
    }, 60_000, 'overdue after wipe');
    expect(steps.map((s) => `${s.stage}:${s.level}`)).toEqual(['sign:warning', 'sign:overdue']);
    expect(steps[1].at.getTime() - signDue.getTime()).toBeLessThan(60_000);
    // The sentinel noticed the wipe and rebuilt the timer queue and its job scheduler.
    expect(await redis.exists(`${process.env.QUEUE_PREFIX}:timers:sentinel`)).toBe(1);
    const schedulers = async (queue: string) => (await redis.zrange(`${process.env.QUEUE_PREFIX}:${queue}:repeat`, 0, -1));
    expect(await schedulers('timers')).toContain('reconcile-timers');
    expect(await schedulers('maintenance')).toContain('nightly-classifier-retrain');
    await new Promise((r) => setTimeout(r, 2500));
    expect(await escalations(id)).toHaveLength(2);
  });

  it('moves the wake-up job when the plan changes, instead of leaving a stale one behind', async () => {
    const res = await api.post('/cases', noiseCase(), operator);
    const id = res.body.id;
    const drained = () => waitFor(async () => (await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n === 0, 10_000, 'outbox drained');
    await waitFor(async () => (await pool.query(`SELECT status FROM cases WHERE id = $1`, [id])).rows[0].status === 'dispatched', 20_000, 'dispatch');
    await drained();
    const wakeAt = async () => (await pool.query(`SELECT timer_wake_at FROM cases WHERE id = $1`, [id])).rows[0].timer_wake_at as Date;
    const jobKey = (at: Date) => `${process.env.QUEUE_PREFIX}:timers:timer-${id}-${at.getTime()}`;
    const first = await wakeAt();
    const signWarning = (await pool.query(`SELECT min(fire_at) AS t FROM case_timers WHERE case_id = $1 AND stage = 'sign'`, [id])).rows[0].t;
    expect(first.getTime()).toBe(signWarning.getTime());
    expect(await redis.exists(jobKey(first))).toBe(1);

    // Signing meets the sign-for stage: the wake-up moves to the first-contact warning.
    expect((await api.post(`/cases/${id}/sign`, {}, await api.login('handler.street-330106005'))).status).toBe(200);
    await drained();
    const second = await wakeAt();
    expect(second.getTime()).toBeGreaterThan(first.getTime());
    expect(await redis.exists(jobKey(first))).toBe(0);
    expect(await redis.exists(jobKey(second))).toBe(1);
  });

  it('a worker dead past the deadline fires the missed steps once, in order, when it comes back', async () => {
    const { id, signDue } = await dispatchedImmediateCase();
    await waitFor(async () => (await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n === 0, 10_000, 'outbox drained');
    await worker!.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, Math.max(0, signDue.getTime() - Date.now()) + 1500));
    expect(await escalations(id)).toHaveLength(0);
    const restarted = Date.now();
    worker = await WorkerProcess.start();
    const steps = await waitFor(async () => {
      const e = await escalations(id);
      return e.some((x) => x.level === 'overdue') ? e : null;
    }, 60_000, 'overdue after restart');
    expect(steps.map((s) => `${s.stage}:${s.level}`)).toEqual(['sign:warning', 'sign:overdue']);
    expect(steps[1].at.getTime() - restarted).toBeLessThan(60_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await escalations(id)).toHaveLength(2);
    const timers = await pool.query(`SELECT level, fired_at IS NOT NULL AS fired FROM case_timers WHERE case_id = $1 AND stage = 'sign' ORDER BY level`, [id]);
    expect(timers.rows).toEqual([
      { level: 'overdue', fired: true },
      { level: 'warning', fired: true },
    ]);
  });
});
