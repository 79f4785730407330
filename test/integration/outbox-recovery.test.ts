import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { ApiHarness, WorkerProcess, db, noiseCase, waitFor } from '../support/harness.js';

/**
 * Nothing lost: a case acknowledged while the worker is dead (killed with SIGKILL, as in a crash)
 * stays committed with its outbox row, and is dispatched once a worker starts again.
 */
describe('transactional outbox survives a worker crash', () => {
  let api: ApiHarness;
  let pool: pg.Pool;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    api = await ApiHarness.start();
    pool = await db();
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api?.stop();
    await pool?.end();
  });

  it('dispatches cases registered while the worker was down, exactly once', async () => {
    worker = await WorkerProcess.start();
    await worker.kill('SIGKILL');

    const operator = await api.login('operator1');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.post('/cases', noiseCase(), operator);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // Nobody routes them while the worker is down: they wait, committed, with unpublished outbox rows.
    await new Promise((r) => setTimeout(r, 500));
    const waiting = await pool.query(
      `SELECT c.status, o.published_at FROM cases c JOIN outbox o ON o.payload->>'caseId' = c.id::text WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    expect(waiting.rows).toHaveLength(5);
    for (const row of waiting.rows) expect(row).toEqual({ status: 'registered', published_at: null });

    worker = await WorkerProcess.start();
    await waitFor(async () => {
      const r = await pool.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[]) AND status = 'dispatched'`, [ids]);
      return r.rows[0].n === 5;
    }, 20_000, 'dispatch after restart');
    const dispatchedEvents = await pool.query(`SELECT case_id, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'dispatched' GROUP BY case_id`, [ids]);
    expect(dispatchedEvents.rows.map((r) => r.n)).toEqual([1, 1, 1, 1, 1]);
    const unpublished = await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = 'route-case' AND published_at IS NULL AND payload->>'caseId' = ANY($1)`, [ids]);
    expect(unpublished.rows[0].n).toBe(0);
  });

  it('publishing an outbox row twice (crash between publish and mark) still routes once', async () => {
    const operator = await api.login('operator1');
    const res = await api.post('/cases', noiseCase(), operator);
    const id = res.body.id;
    await waitFor(async () => (await pool.query(`SELECT status FROM cases WHERE id = $1`, [id])).rows[0].status === 'dispatched', 15_000, 'dispatch');
    // Simulate the relay crashing after publishing but before marking: the row is published again.
    await pool.query(`UPDATE outbox SET published_at = NULL WHERE payload->>'caseId' = $1`, [id]);
    await waitFor(async () => (await pool.query(`SELECT published_at FROM outbox WHERE job_name = 'route-case' AND payload->>'caseId' = $1`, [id])).rows[0].published_at, 10_000, 'republish');
    await new Promise((r) => setTimeout(r, 300));
    const n = await pool.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'dispatched'`, [id]);
    expect(n.rows[0].n).toBe(1);
  });
});
