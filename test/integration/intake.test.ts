import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { formatCaseNo } from '@hotline/domain';
import { ApiHarness, db, noiseCase } from '../support/harness.js';

/** Intake without a worker: what the API commits, idempotency, and every kind of bad input. */
describe('intake', () => {
  let api: ApiHarness;
  let pool: pg.Pool;
  let operator: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    pool = await db();
    operator = await api.login('operator1');
  });

  afterAll(async () => {
    await api?.stop();
    await pool?.end();
  });

  it('commits the case, its registered event and one outbox row before answering 201', async () => {
    const res = await api.post('/cases', noiseCase(), operator);
    expect(res.status).toBe(201);
    const { id, caseNo } = res.body;
    const c = (await pool.query(`SELECT status, petitioner_phone, phone_last4, first_responder_department_id, case_no FROM cases WHERE id = $1`, [id])).rows[0];
    expect(c).toMatchObject({ status: 'registered', petitioner_phone: '13800001234', phone_last4: '1234', case_no: caseNo });
    const hotline = (await pool.query(`SELECT id FROM departments WHERE code = 'hotline'`)).rows[0].id;
    expect(c.first_responder_department_id).toBe(hotline); // 首问负责制: the hotline centre took it
    const events = (await pool.query(`SELECT type, to_status FROM case_events WHERE case_id = $1`, [id])).rows;
    expect(events).toEqual([{ type: 'registered', to_status: 'registered' }]);
    const outbox = (await pool.query(`SELECT job_name, job_id, payload FROM outbox WHERE payload->>'caseId' = $1`, [id])).rows;
    expect(outbox).toEqual([{ job_name: 'route-case', job_id: `route-${id}-1`, payload: { caseId: id, version: 1 } }]);
    // The SQL that numbers cases agrees with the domain's format.
    const [day, seq] = caseNo.split('-');
    expect(formatCaseNo(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, Number(seq))).toBe(caseNo);
  });

  it('numbers cases of a day consecutively, also under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => api.post('/cases', noiseCase(), operator)));
    const seqs = results.map((r) => Number(r.body.caseNo.split('-')[1])).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19] - seqs[0]).toBe(19);
    expect(new Set(results.map((r) => r.body.trackingCode)).size).toBe(20);
  });

  it('replays the same Idempotency-Key + body as the same case (200), and refuses another body (409)', async () => {
    const key = `call-${Date.now()}`;
    const first = await api.post('/cases', noiseCase(), operator, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    // Same body with keys in another order is the same request.
    const { channel, ...rest } = noiseCase();
    const again = await api.post('/cases', { ...rest, channel }, operator, { 'Idempotency-Key': key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await api.post('/cases', noiseCase({ content: '另一件事：路灯坏了' }), operator, { 'Idempotency-Key': key });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const n = await pool.query(`SELECT count(*)::int AS n FROM idempotency_keys k JOIN cases c ON c.id = k.case_id WHERE k.key = $1`, [key]);
    expect(n.rows[0].n).toBe(1);
  });

  it('creates exactly one case for concurrent requests with the same Idempotency-Key', async () => {
    const key = `burst-${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 8 }, () => api.post('/cases', noiseCase(), operator, { 'Idempotency-Key': key })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(7);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('accepts an anonymous case without a phone, and emoji / non-Chinese text', async () => {
    const res = await api.post('/cases', { channel: 'web', content: 'Street light broken 💡 on 文三路 — please fix 🙏', anonymous: true }, operator);
    expect(res.status).toBe(201);
    const row = (await pool.query(`SELECT content, petitioner_phone FROM cases WHERE id = $1`, [res.body.id])).rows[0];
    expect(row).toEqual({ content: 'Street light broken 💡 on 文三路 — please fix 🙏', petitioner_phone: null });
  });

  it('normalises phone formats (+86, spaces, landline)', async () => {
    for (const [input, stored] of [['+86 138 0000 5678', '13800005678'], ['0571-88886666', '057188886666']]) {
      const res = await api.post('/cases', noiseCase({ petitioner: { phone: input } }), operator);
      expect(res.status).toBe(201);
      const row = (await pool.query(`SELECT petitioner_phone FROM cases WHERE id = $1`, [res.body.id])).rows[0];
      expect(row.petitioner_phone).toBe(stored);
    }
  });

  describe('bad input is a 400 naming the field, never a 500', () => {
    const cases: [string, unknown, string][] = [
      ['missing content', { channel: 'hotline', petitioner: { phone: '13800001234' } }, 'content'],
      ['blank content', noiseCase({ content: '   \n ' }), 'content'],
      ['content too long', noiseCase({ content: '吵'.repeat(5001) }), 'content'],
      ['content of the wrong type', noiseCase({ content: 12345 }), 'content'],
      ['content with a NUL byte', noiseCase({ content: '噪音\u0000' }), 'content'],
      ['missing channel', { content: '噪音', petitioner: { phone: '13800001234' } }, 'channel'],
      ['unknown channel', noiseCase({ channel: 'pigeon' }), 'channel'],
      ['missing phone (not anonymous)', noiseCase({ petitioner: { name: '张三' } }), 'petitioner.phone'],
      ['invalid phone', noiseCase({ petitioner: { phone: '12345' } }), 'petitioner.phone'],
      ['phone of the wrong type', noiseCase({ petitioner: { phone: 13800001234 } }), 'petitioner.phone'],
      ['petitioner not an object', noiseCase({ petitioner: 'someone' }), 'petitioner'],
      ['anonymous not a boolean', noiseCase({ anonymous: 'yes' }), 'anonymous'],
      ['unknown field', noiseCase({ isAdmin: true }), 'isAdmin'],
      ['unknown nested field', noiseCase({ petitioner: { phone: '13800001234', idCard: 'x' } }), 'petitioner.idCard'],
      ['bad region code', noiseCase({ regionCode: '33010' }), 'regionCode'],
      ['region not in the city', noiseCase({ regionCode: '110101001' }), 'regionCode'],
      ['unknown category', noiseCase({ categoryCode: 'aliens' }), 'categoryCode'],
      ['SQL-looking category', noiseCase({ categoryCode: "noise'; DROP TABLE cases;--" }), 'categoryCode'],
      ['bad urgency', noiseCase({ urgency: 'yesterday' }), 'urgency'],
    ];
    it.each(cases)('%s', async (_label, body, field) => {
      const res = await api.post('/cases', body, operator);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(JSON.stringify(res.body)).not.toMatch(/at .+\.(js|ts):\d+/); // no stack trace
    });

    it('malformed JSON', async () => {
      const res = await api.request('POST', '/cases', { token: operator, rawBody: '{"channel": "hotline", ' });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('body');
    });

    it('a JSON array or scalar instead of an object', async () => {
      for (const raw of ['[1,2]', '"text"', 'null']) {
        const res = await api.request('POST', '/cases', { token: operator, rawBody: raw });
        expect(res.status).toBe(400);
      }
    });

    it('a body over the size limit → 413', async () => {
      const res = await api.post('/cases', noiseCase({ content: 'x'.repeat(200_000) }), operator);
      expect(res.status).toBe(413);
      expect(res.body.details[0].field).toBe('body');
    });

    it('a non-JSON content type → 415', async () => {
      const res = await api.request('POST', '/cases', { token: operator, rawBody: 'channel=hotline', headers: { 'content-type': 'text/plain' } });
      expect(res.status).toBe(415);
    });

    it('a bad Idempotency-Key header', async () => {
      const res = await api.post('/cases', noiseCase(), operator, { 'Idempotency-Key': 'x'.repeat(200) });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('Idempotency-Key');
    });

    it('a case id that is not a UUID', async () => {
      const res = await api.get('/cases/not-a-uuid', operator);
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('id');
    });

    it('a NUL character in a path or query: 400 naming where, before any query sees it', async () => {
      // Found by fuzzing: PATCH /admin/time-limit-policies/%00 reached Postgres and answered 500.
      const admin = await api.login('admin');
      for (const [method, path, token, where] of [
        ['GET', '/admin/time-limit-policies/%00', admin, 'path'],
        ['PATCH', '/admin/time-limit-policies/sign%00', admin, 'path'],
        ['PATCH', '/admin/categories/%00', admin, 'path'],
        ['GET', '/regions/3301%00', operator, 'path'],
        ['GET', '/cases?status=registered%00', operator, 'query'],
      ] as const) {
        const res = await api.request(method, path, { token, ...(method === 'PATCH' ? { body: { name: '噪音' } } : {}) });
        expect([method, path, res.status, res.body.details?.[0]?.field]).toEqual([method, path, 400, where]);
      }
      // An encoded percent sign followed by 00 is not a NUL: it passes on to the field's own rule.
      expect((await api.get('/cases?status=%2500', operator)).body.details[0].field).toBe('status');
    });

    it('bad list filters', async () => {
      expect((await api.get('/cases?pageSize=1000', operator)).body.details[0].field).toBe('pageSize');
      expect((await api.get('/cases?status=bogus', operator)).body.details[0].field).toBe('status');
      expect((await api.get('/cases?page=abc', operator)).status).toBe(400);
    });
  });

  it('a case that does not exist is 404', async () => {
    expect((await api.get('/cases/00000000-0000-4000-8000-000000000000', operator)).status).toBe(404);
  });
});
