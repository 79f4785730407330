import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, enqueueOutbound, type OutboundMessage } from '@hotline/persistence';
import { QueueName, type NotifyChannel } from '@hotline/queue';
import { WorkerProcess, db, waitFor } from '../support/harness.js';

/** What the SMS gateway saw: one entry per HTTP request. */
interface GatewayRequest {
  key: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A stand-in for the city's SMS gateway on a loopback port. `script` says how to answer the n-th
 * request for a delivery key (a status, or 'hang' to answer after the worker's timeout); 200 otherwise.
 */
class FakeSmsGateway {
  readonly requests: GatewayRequest[] = [];
  readonly script = new Map<string, (number | 'hang')[]>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const key = String(req.headers['x-hotline-delivery']);
        const nth = this.requests.filter((r) => r.key === key).length;
        const planned = this.script.get(key)?.[nth] ?? 200;
        const status = planned === 'hang' ? 200 : planned;
        this.requests.push({ key, headers: req.headers, body, status });
        const answer = () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
        if (planned === 'hang') setTimeout(answer, HANG_MS);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms/send`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  for(key: string): GatewayRequest[] {
    return this.requests.filter((r) => r.key === key);
  }
}

const SECRET = randomBytes(24).toString('hex'); // 48 characters
const TIMEOUT_MS = 500;
/** How long the gateway takes to answer a 'hang' request: past the worker's timeout. */
const HANG_MS = 1500;
const CHANNELS: readonly NotifyChannel[] = ['webhook', 'log'];
const PHONE = '13800001234';

/** The gateway's side of the contract: recompute the HMAC of "<timestamp>.<body>", constant-time compare. */
function gatewayVerifies(r: GatewayRequest): boolean {
  const timestamp = String(r.headers['x-hotline-timestamp']);
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${r.body}`).digest('hex')}`);
  const given = Buffer.from(String(r.headers['x-hotline-signature']));
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

describe('outbound notifications: outbox → notifications queue → signed webhook', () => {
  const gateway = new FakeSmsGateway();
  let worker: WorkerProcess;
  let ds: DataSource;
  let pool: pg.Pool;
  let queue: Queue;

  beforeAll(async () => {
    await gateway.start();
    worker = await WorkerProcess.start({
      NOTIFY_CHANNELS: 'webhook,log',
      NOTIFY_WEBHOOK_URL: gateway.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      NOTIFY_RETRY_BASE_MS: '50',
      LOG_LEVEL: 'info',
    });
    ds = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await ds.initialize();
    pool = await db();
    queue = new Queue(QueueName.Notifications, { connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null }, prefix: process.env.QUEUE_PREFIX });
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await queue?.close();
    await ds?.destroy();
    await pool?.end();
    await gateway.stop();
  });

  /** A petitioner acknowledgement with a fresh key, committed in its own transaction. */
  async function sendAcknowledgement(key = `acknowledged-${randomUUID()}`): Promise<string> {
    const msg: OutboundMessage = {
      key,
      kind: 'petitioner_sms',
      recipient: { phone: PHONE },
      template: 'acknowledgement',
      params: { caseNo: '20261125-000001', trackingCode: 'ABCD-EFGH-JKMN' },
      caseId: randomUUID(),
    };
    await ds.transaction((m) => enqueueOutbound(m, msg, CHANNELS));
    return key;
  }

  async function finished(jobId: string): Promise<{ state: string; attemptsMade: number; failedReason: string; returnvalue: unknown }> {
    return waitFor(async () => {
      // State first, then the job: read the other way round, the job could be fetched just before it
      // completed and show a completed state with the return value still missing.
      const probe = await queue.getJob(jobId);
      const state = probe ? await probe.getState() : null;
      if (state !== 'completed' && state !== 'failed') return null;
      const job = (await queue.getJob(jobId))!;
      return { state, attemptsMade: job.attemptsMade, failedReason: job.failedReason, returnvalue: job.returnvalue };
    }, 15_000, `job ${jobId} to finish`);
  }

  it('writes one outbox row per channel and delivers a signed POST the gateway can verify', async () => {
    const key = await sendAcknowledgement();
    const rows = await pool.query(`SELECT job_name, job_id FROM outbox WHERE job_id LIKE $1 ORDER BY job_id`, [`notify-%-${key}`]);
    expect(rows.rows).toEqual([
      { job_name: 'deliver-notification', job_id: `notify-log-${key}` },
      { job_name: 'deliver-notification', job_id: `notify-webhook-${key}` },
    ]);

    expect(await finished(`notify-webhook-${key}`)).toMatchObject({ state: 'completed', returnvalue: { channel: 'webhook', key, attempt: 1 } });
    const [req] = gateway.for(key);
    expect(gateway.for(key)).toHaveLength(1);
    expect(gatewayVerifies(req!)).toBe(true);
    expect(gatewayVerifies({ ...req!, body: req!.body.replace('ABCD', 'ABCE') })).toBe(false);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(req!.body)).toMatchObject({
      version: 1,
      key,
      kind: 'petitioner_sms',
      template: 'acknowledgement',
      recipient: { phone: PHONE },
      text: '【12345热线】诉求已受理，编号20261125-000001，查询码ABCD-EFGH-JKMN，凭此码和手机尾号在12345网站查进度',
    });

    // The log channel delivered the same message as a log line, phone and tracking code masked.
    expect(await finished(`notify-log-${key}`)).toMatchObject({ state: 'completed' });
    const line = await waitFor(() => worker.log.split('\n').find((l) => l.includes(key) && l.includes('LogChannel')), 5000, 'log line');
    expect(line).toContain('138****1234');
    expect(line).toContain('ABCD-****-****');
    expect(worker.log).not.toContain(PHONE);
  });

  it('retries a 500 with backoff and delivers once', async () => {
    const key = `reply-${randomUUID()}`;
    gateway.script.set(key, [500, 200]);
    await sendAcknowledgement(key);
    expect(await finished(`notify-webhook-${key}`)).toMatchObject({ state: 'completed', returnvalue: { attempt: 2 } });
    expect(gateway.for(key).map((r) => r.status)).toEqual([500, 200]);
    expect(gateway.for(key).every(gatewayVerifies)).toBe(true);
  });

  it('retries a request that timed out; both attempts carry the same X-Hotline-Delivery for the gateway to dedupe', async () => {
    const key = `slow-${randomUUID()}`;
    gateway.script.set(key, ['hang', 200]);
    await sendAcknowledgement(key);
    expect(await finished(`notify-webhook-${key}`)).toMatchObject({ state: 'completed', returnvalue: { attempt: 2 } });
    expect(gateway.for(key).map((r) => r.headers['x-hotline-delivery'])).toEqual([key, key]);
  });

  it('does not deliver twice when the outbox row is published again, or the same key is enqueued again', async () => {
    const key = await sendAcknowledgement();
    await finished(`notify-webhook-${key}`);
    // The relay crashed between publishing and marking: the row goes out again …
    await pool.query(`UPDATE outbox SET published_at = NULL WHERE job_id = $1`, [`notify-webhook-${key}`]);
    // … and a producer retried its transaction with the same idempotency key: a second row.
    await sendAcknowledgement(key);
    await waitFor(async () => (await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE job_id = $1 AND published_at IS NOT NULL`, [`notify-webhook-${key}`])).rows[0].n === 2, 10_000, 'republish');
    // A later message is delivered: the queue has moved past anything the republish could have added.
    const after = await sendAcknowledgement();
    await finished(`notify-webhook-${after}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(gateway.for(key)).toHaveLength(1);
  });

  it('does not retry a 400', async () => {
    const key = `rejected-${randomUUID()}`;
    gateway.script.set(key, [400, 200]);
    await sendAcknowledgement(key);
    const job = await finished(`notify-webhook-${key}`);
    expect(job.state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/HTTP 400 .*not retried/);
    expect(job.failedReason).not.toContain(PHONE);
    // Several backoff periods later there is still just the one request.
    await new Promise((r) => setTimeout(r, 500));
    expect(gateway.for(key).map((r) => r.status)).toEqual([400]);
  });

  it('sends a staff message to the present backup while the addressee is absent (AB岗)', async () => {
    const users = await pool.query(`SELECT id, username, absent, backup_user_id FROM users WHERE username = ANY($1) ORDER BY username`, [['handler.street-330106005', 'head.street-330106005']]);
    const [a, b] = [users.rows.find((u) => u.username.startsWith('handler'))!, users.rows.find((u) => u.username.startsWith('head'))!];
    await pool.query(`UPDATE users SET absent = true, backup_user_id = $2 WHERE id = $1`, [a.id, b.id]);
    try {
      const key = `escalated-${randomUUID()}-v1-reply-warning`;
      const msg: OutboundMessage = {
        key,
        kind: 'staff',
        recipient: { userId: a.id },
        template: 'escalation_warning',
        params: { caseNo: '20261125-000002', stage: 'reply', dueAt: '2026-11-25T15:59:59Z' },
      };
      await ds.transaction((m) => enqueueOutbound(m, msg, ['webhook']));
      await finished(`notify-webhook-${key}`);
      const body = JSON.parse(gateway.for(key)[0]!.body);
      expect(body.recipient).toEqual({ userId: b.id });
      expect(body.text).toBe('【12345热线】预警：案件20261125-000002办结时限将于11月25日23:59到期，请抓紧办理。');
    } finally {
      await pool.query(`UPDATE users SET absent = $2, backup_user_id = $3 WHERE id = $1`, [a.id, a.absent, a.backup_user_id]);
    }
  });

  it('refuses, in the producer\'s transaction, a message whose template lacks a parameter', async () => {
    const key = `broken-${randomUUID()}`;
    const msg: OutboundMessage = { key, kind: 'petitioner_sms', recipient: { phone: PHONE }, template: 'extension', params: { caseNo: '20261125-000001', newDueDate: '2026-12-09' } };
    await expect(ds.transaction((m) => enqueueOutbound(m, msg, CHANNELS))).rejects.toThrow('SMS template "extension" needs parameter "reason"');
    expect((await pool.query(`SELECT count(*)::int AS n FROM outbox WHERE job_id LIKE $1`, [`%${key}`])).rows[0].n).toBe(0);
  });
});
