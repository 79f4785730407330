import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { ApiHarness, WorkerProcess, db, noiseCase, waitFor } from '../support/harness.js';

/** Sign races, department scoping, returns and the dispatcher's decisions, on real Postgres + Redis. */
describe('department work', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;
  let pool: pg.Pool;
  let operator: string;
  let dispatcher: string;
  let handler: string;
  let head: string;

  async function dispatchedCase(overrides: Record<string, unknown> = {}): Promise<string> {
    const created = await api.post('/cases', noiseCase(overrides), operator);
    expect(created.status).toBe(201);
    await waitFor(async () => (await api.get(`/cases/${created.body.id}`, operator)).body.status === 'dispatched', 15_000, 'dispatch');
    return created.body.id;
  }

  beforeAll(async () => {
    api = await ApiHarness.start();
    worker = await WorkerProcess.start();
    pool = await db();
    operator = await api.login('operator1');
    dispatcher = await api.login('dispatcher1');
    handler = await api.login('handler.street-330106005');
    head = await api.login('head.street-330106005');
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api?.stop();
    await pool?.end();
  });

  it('two concurrent signs give exactly one 200 and one 409 naming the current status', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await dispatchedCase();
      const [a, b] = await Promise.all([api.post(`/cases/${id}/sign`, {}, handler), api.post(`/cases/${id}/sign`, {}, head)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const conflict = a.status === 409 ? a : b;
      expect(conflict.body).toMatchObject({ statusCode: 409, code: 'ILLEGAL_TRANSITION' });
      expect(conflict.body.message).toContain('signed');
      const signs = await pool.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'signed'`, [id]);
      expect(signs.rows[0].n).toBe(1);
    }
  });

  it("keeps another department's handler out: 403 on read, sign and reply; absent from their list", async () => {
    const id = await dispatchedCase();
    const other = await api.login('handler.street-330106002');
    expect((await api.get(`/cases/${id}`, other)).status).toBe(403);
    expect((await api.get(`/cases/${id}/events`, other)).status).toBe(403);
    expect((await api.post(`/cases/${id}/sign`, {}, other)).status).toBe(403);
    expect((await api.post(`/cases/${id}/reply`, { reply: '已处理', resolved: true }, other)).status).toBe(403);
    const list = await api.get('/cases?pageSize=100', other);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    // The district government has a read-only copy: it sees the case but cannot sign it.
    const district = await api.login('handler.district-330106');
    expect((await api.get(`/cases/${id}`, district)).status).toBe(200);
    expect((await api.post(`/cases/${id}/sign`, {}, district)).status).toBe(403);
    // An operator may not sign at all (role), and a handler may not register cases.
    expect((await api.post(`/cases/${id}/sign`, {}, operator)).status).toBe(403);
    expect((await api.post('/cases', noiseCase(), handler)).status).toBe(403);
  });

  it('rejects replying before signing with 409 and lists the allowed actions', async () => {
    const id = await dispatchedCase();
    const res = await api.post(`/cases/${id}/reply`, { reply: '已处理', resolved: true }, handler);
    expect(res.status).toBe(409);
    expect(res.body.details[0]).toMatchObject({ field: 'status' });
    expect(res.body.details[0].message).toContain('dispatched');
  });

  it('return → approved with re-dispatch; return → denied keeps the department; two returns make the next dispatch binding', async () => {
    const id = await dispatchedCase();
    const noReason = await api.post(`/cases/${id}/return`, { reasonCode: 'wrong_region' }, handler);
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toContain('reason');

    const returned = await api.post(`/cases/${id}/return`, { reasonCode: 'wrong_region', reason: '该地址属于北山街道' }, handler);
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('return_requested');
    // Only a dispatcher decides.
    expect((await api.post(`/cases/${id}/return-decision`, { approve: true }, handler)).status).toBe(403);
    const beishan = (await pool.query(`SELECT id FROM departments WHERE code = 'street-330106002'`)).rows[0].id;
    const approved = await api.post(`/cases/${id}/return-decision`, { approve: true, departmentId: beishan }, dispatcher);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'dispatched', leadDepartment: { code: 'street-330106002' }, bindingAssignment: false });
    // The first department lost access.
    expect((await api.get(`/cases/${id}`, handler)).status).toBe(403);

    const beishanHandler = await api.login('handler.street-330106002');
    expect((await api.post(`/cases/${id}/return`, { reasonCode: 'not_our_responsibility', reason: '不是本街道' }, beishanHandler)).status).toBe(200);
    const denied = await api.post(`/cases/${id}/return-decision`, { approve: false, note: '属地明确，请办理' }, dispatcher);
    expect(denied.body).toMatchObject({ status: 'dispatched', leadDepartment: { code: 'street-330106002' } });
    // Second return: approved without a department → waits for the dispatcher; the next dispatch binds.
    await api.post(`/cases/${id}/return`, { reasonCode: 'other', reason: '仍认为不属于本单位' }, beishanHandler);
    const pending = await api.post(`/cases/${id}/return-decision`, { approve: true }, dispatcher);
    // Every return request counts (the denied one too): after two, the dispatcher's next assignment binds.
    expect(pending.body).toMatchObject({ status: 'pending_dispatch', leadDepartment: null, returnCount: 3 });
    const cuiyuan = (await pool.query(`SELECT id FROM departments WHERE code = 'street-330106005'`)).rows[0].id;
    const bound = await api.post(`/cases/${id}/dispatch`, { departmentId: cuiyuan, note: '指定办理' }, dispatcher);
    expect(bound.body).toMatchObject({ status: 'dispatched', bindingAssignment: true });
    const again = await api.post(`/cases/${id}/return`, { reasonCode: 'other', reason: '再退' }, handler);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BINDING_ASSIGNMENT');

    const types = (await api.get(`/cases/${id}/events`, dispatcher)).body.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'registered', 'dispatched', 'return_requested', 'return_approved', 'dispatched', 'return_requested', 'return_denied',
      'return_requested', 'return_approved', 'dispatched',
    ]);
  });

  it('rejects an unknown department on dispatch with 400 naming the field', async () => {
    const id = await dispatchedCase();
    const res = await api.post(`/cases/${id}/dispatch`, { departmentId: '00000000-0000-4000-8000-000000000000' }, dispatcher);
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('departmentId');
  });
});
