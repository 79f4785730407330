import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ApiHarness, noiseCase } from '../support/harness.js';

describe('auth', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('logs in a demo account and returns the user', async () => {
    const res = await api.post('/auth/login', { username: 'handler.street-330106005', password: 'demo-password' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), user: { username: 'handler.street-330106005', role: 'handler', departmentId: expect.any(String) } });
  });

  it('answers 401 for a wrong password or an unknown user, the same way', async () => {
    const a = await api.post('/auth/login', { username: 'operator1', password: 'wrong' });
    const b = await api.post('/auth/login', { username: 'nobody', password: 'wrong' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.message).toBe(b.body.message);
  });

  it('requires a valid bearer token', async () => {
    expect((await api.get('/cases')).status).toBe(401);
    expect((await api.get('/cases', 'not.a.token')).status).toBe(401);
    const forged = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url') + '.' + Buffer.from(JSON.stringify({ sub: 'x', role: 'admin' })).toString('base64url') + '.';
    expect((await api.get('/cases', forged)).status).toBe(401);
  });

  it('validates the login body', async () => {
    const res = await api.post('/auth/login', { username: '' });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(expect.arrayContaining(['password', 'username']));
  });
});

describe('public status', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    // Forget this client's failures so later suites of the run can look cases up again.
    const redis = new Redis(process.env.REDIS_URL!);
    const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:public-lookup-failures:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await api?.stop();
  });

  it('gives the same 404 for a wrong code and for wrong digits, then throttles (429)', async () => {
    const operator = await api.login('operator1');
    const created = await api.post('/cases', noiseCase({ petitioner: { phone: '13700009876' } }), operator);
    const ok = await api.get(`/public/cases/${created.body.trackingCode}?verify=9876`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'registered', timeline: [{ label: '诉求已受理' }] });

    const wrongDigits = await api.get(`/public/cases/${created.body.trackingCode}?verify=0000`);
    const wrongCode = await api.get(`/public/cases/2222-3333-4444?verify=9876`);
    expect(wrongDigits.status).toBe(404);
    expect(wrongCode.status).toBe(404);
    expect(wrongDigits.body).toEqual(wrongCode.body);
    expect((await api.get(`/public/cases/${created.body.trackingCode}`)).status).toBe(400); // verify missing

    // The throttle counts failures per client; the default allows 10 per window.
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) status = (await api.get(`/public/cases/2222-3333-4444?verify=1111`)).status;
    expect(status).toBe(429);
    // Once throttled, even the right answer waits: guessing cannot continue.
    expect((await api.get(`/public/cases/${created.body.trackingCode}?verify=9876`)).status).toBe(429);
  });
});

describe('health', () => {
  it('reports Postgres and Redis up', async () => {
    const api = await ApiHarness.start();
    try {
      const res = await api.get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', components: { postgres: { status: 'up' }, redis: { status: 'up' } } });
      expect(res.headers.get('x-request-id')).toBeTruthy();
    } finally {
      await api.stop();
    }
  });

  it('reports 503 when Redis is unreachable', async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    const api = await ApiHarness.start();
    process.env.REDIS_URL = saved;
    try {
      const res = await api.get('/health');
      expect(res.status).toBe(503);
      expect(res.body.components.redis.status).toBe('down');
      expect(res.body.components.postgres.status).toBe('up');
    } finally {
      await api.stop();
    }
  });
});
