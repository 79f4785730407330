import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { ApiHarness, WorkerProcess, db, noiseCase, waitFor } from '../support/harness.js';

/**
 * The four user steps of the walking skeleton, through HTTP, with the real API and a real worker
 * process on real Postgres and Redis: register → routed and dispatched → signed → replied → public status.
 */
describe('walking skeleton: hotline → department → citizen', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;
  let pool: pg.Pool;

  beforeAll(async () => {
    api = await ApiHarness.start();
    worker = await WorkerProcess.start();
    pool = await db();
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api?.stop();
    await pool?.end();
  });

  it('routes a noise case in 翠苑街道 to the 翠苑街道 office, which signs and replies; the citizen sees the status', async () => {
    // 1. The operator registers the call.
    const operator = await api.login('operator1');
    const created = await api.post('/cases', noiseCase(), operator);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      caseNo: expect.stringMatching(/^\d{8}-\d{6}$/),
      trackingCode: expect.stringMatching(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/),
      status: 'registered',
    });
    const { id, trackingCode } = created.body;

    // 2. The worker routes it over BullMQ and dispatches it with deadlines.
    const dispatched = await waitFor(async () => {
      const res = await api.get(`/cases/${id}`, operator);
      return res.body.status === 'dispatched' ? res.body : null;
    }, 15_000, 'dispatch');
    expect(dispatched.leadDepartment).toMatchObject({ code: 'street-330106005', name: expect.stringContaining('翠苑街道') });
    expect(dispatched.copyDepartments.map((d: { code: string }) => d.code)).toEqual(['district-330106']);
    expect(dispatched.categoryCode).toBe('noise');
    expect(dispatched.deadlines.sign).toMatch(/\+08:00$/);
    expect(dispatched.deadlines.reply).toMatch(/\+08:00$/);
    expect(new Date(dispatched.deadlines.reply).getTime()).toBeGreaterThan(new Date(dispatched.deadlines.sign).getTime());
    expect(dispatched.routing).toMatchObject({ ruleId: 'default-noise', category: { code: 'noise', source: 'operator' } });
    expect(dispatched.overdue).toBe(false);
    expect(dispatched.escalationLevel).toBeNull();

    // 3. The department's handler sees it in the work queue, signs and replies.
    const handler = await api.login('handler.street-330106005');
    const queue = await api.get('/cases?status=dispatched&pageSize=100', handler);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const signed = await api.post(`/cases/${id}/sign`, {}, handler);
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('signed');
    const replied = await api.post(`/cases/${id}/reply`, { reply: '已联系商铺，晚上十点后关闭音响，街道将持续巡查。', resolved: true }, handler);
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ status: 'replied', resolved: true });

    // The history, and what Postgres holds.
    const events = await api.get(`/cases/${id}/events`, operator);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['registered', 'dispatched', 'signed', 'replied']);
    expect(events.body.map((e: { toStatus: string }) => e.toStatus)).toEqual(['registered', 'dispatched', 'signed', 'replied']);
    expect(events.body[2].actor).toMatchObject({ username: 'handler.street-330106005', role: 'handler' });
    const row = (await pool.query(`SELECT c.status, d.code FROM cases c JOIN departments d ON d.id = c.lead_department_id WHERE c.id = $1`, [id])).rows[0];
    expect(row).toEqual({ status: 'replied', code: 'street-330106005' });
    const parts = (await pool.query(`SELECT d.code, a.role FROM case_assignments a JOIN departments d ON d.id = a.department_id WHERE a.case_id = $1 AND a.active ORDER BY a.role`, [id])).rows;
    expect(parts).toEqual([{ code: 'district-330106', role: 'copy' }, { code: 'street-330106005', role: 'lead' }]);
    const outbox = (await pool.query(`SELECT published_at FROM outbox WHERE job_name = 'route-case' AND payload->>'caseId' = $1`, [id])).rows;
    expect(outbox).toHaveLength(1);
    expect(outbox[0].published_at).not.toBeNull();

    // 4. The citizen checks the status with the tracking code and the last 4 digits of the phone.
    const pub = await api.get(`/public/cases/${trackingCode}?verify=1234`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ caseNo: created.body.caseNo, status: 'replied', statusLabel: '已答复', categoryName: '噪声扰民' });
    expect(pub.body.departmentName).toContain('翠苑街道');
    expect(pub.body.timeline.map((t: { label: string }) => t.label)).toEqual(['诉求已受理', '已转交承办单位办理', '承办单位已签收', '承办单位已答复']);
    const text = JSON.stringify(pub.body);
    for (const secret of ['张三', '13800001234', 'handler', '音响']) expect(text).not.toContain(secret);
    // Lower-case, spaced input is accepted too (read aloud over the phone).
    const typed = await api.get(`/public/cases/${trackingCode.toLowerCase().replace(/-/g, ' ')}?verify=1234`);
    expect(typed.status).toBe(200);
  });

  it('sends a case without category or place to pending_dispatch for a dispatcher, who dispatches it by hand', async () => {
    const operator = await api.login('operator1');
    const created = await api.post('/cases', { channel: 'hotline', content: '我想反映一个情况，具体说不清楚。', petitioner: { phone: '13900002222' } }, operator);
    expect(created.status).toBe(201);
    const pending = await waitFor(async () => {
      const res = await api.get(`/cases/${created.body.id}`, operator);
      return res.body.status === 'pending_dispatch' ? res.body : null;
    }, 15_000, 'pending_dispatch');
    expect(pending.leadDepartment).toBeNull();

    const dispatcher = await api.login('dispatcher1');
    const market = (await pool.query(`SELECT id FROM departments WHERE code = 'bureau-market'`)).rows[0].id;
    const res = await api.post(`/cases/${created.body.id}/dispatch`, { departmentId: market, note: '消费纠纷' }, dispatcher);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dispatched', leadDepartment: { code: 'bureau-market' } });
    expect(res.body.deadlines.sign).not.toBeNull();
  });
});
