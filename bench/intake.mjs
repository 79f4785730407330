#!/usr/bin/env node
// Intake throughput: the raw Postgres rate of intake transactions (case + event + outbox rows, the
// brief's yardstick) against POST /api/v1/cases through the real API, measured in the same run on a
// throw-away database. Prints both and the ratio (goal: API ≥ 50 % of raw).
//
//   npm run build && node bench/intake.mjs [--seconds 15] [--connections 64]
//
// Needs Postgres and Redis (DATABASE_URL / REDIS_URL, defaults as in the README). Load generator and
// server share the machine's cores, as the brief's reference figures do.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 15);
const CONNECTIONS = arg('connections', 64);
const RAW_CLIENTS = arg('raw-clients', 32);
const PORT = arg('port', 3917);

const root = new URL('../', import.meta.url);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline');
base.pathname = `/hotline_bench_${Date.now().toString(36)}`;
const DATABASE_URL = base.toString();
const QUEUE_PREFIX = `hotline-bench-${randomBytes(3).toString('hex')}`;

const { migrate, createDataSource, seedDemoData, dropDatabase, ClassifierStore } = await import(new URL('dist/libs/persistence/src/index.js', root));

async function setup() {
  await migrate(DATABASE_URL);
  const ds = createDataSource({ url: DATABASE_URL, poolSize: 2 });
  await ds.initialize();
  await seedDemoData(ds, '3301');
  // As `npm run db:seed` does: the first model, so the API does not train one while starting.
  await new ClassifierStore(ds).loadActive(new Date());
  await ds.destroy();
}

/** The yardstick: plain multi-statement transactions, as lean as a hand-written intake can be. */
async function rawTransactions() {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: RAW_CLIENTS });
  const content = '翠苑一区楼下商铺每天晚上十一点后还开着音响，噪音很大，影响休息。';
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  let seq = 0;
  const client = async () => {
    const c = await pool.connect();
    try {
      while (Date.now() < until) {
        const id = randomUUID();
        await c.query('BEGIN');
        await c.query(
          `INSERT INTO cases (id, case_no, tracking_code, channel, type, status, content, petitioner_phone, phone_last4)
           VALUES ($1, $2, $3, 'hotline', 'request', 'registered', $4, '13800001234', '1234')`,
          [id, `raw-${process.pid}-${++seq}`, randomBytes(6).toString('hex'), content],
        );
        await c.query(`INSERT INTO case_events (case_id, type, to_status, data) VALUES ($1, 'registered', 'registered', '{}')`, [id]);
        await c.query(`INSERT INTO outbox (job_name, job_id, payload) VALUES ('route-case', $1, $2)`, [`raw-${id}`, JSON.stringify({ caseId: id })]);
        await c.query('COMMIT');
        done++;
      }
    } finally {
      c.release();
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: RAW_CLIENTS }, client));
  const rate = done / ((Date.now() - started) / 1000);
  await pool.query(`DELETE FROM outbox WHERE job_id LIKE 'raw-%'`);
  await pool.end();
  return rate;
}

async function startApi() {
  const env = { ...process.env, DATABASE_URL, QUEUE_PREFIX, PORT: String(PORT), JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', NODE_ENV: 'production', DB_POOL_SIZE: String(RAW_CLIENTS) };
  const child = spawn(process.execPath, [fileURLToPath(new URL('dist/apps/api/src/main.js', root))], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/v1/health`)).ok) return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('API did not start');
}

async function apiIntake() {
  const api = await startApi();
  try {
    const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator1', password: 'demo-password' }),
    });
    const { accessToken } = await login.json();
    const body = JSON.stringify({
      channel: 'hotline',
      type: 'request',
      content: '翠苑一区楼下商铺每天晚上十一点后还开着音响，噪音很大，影响休息。',
      petitioner: { name: '张三', phone: '13800001234' },
      address: '杭州市西湖区翠苑街道翠苑一区',
      regionCode: '330106005',
      categoryCode: 'noise',
    });
    // Warm up the JIT and the connection pool, then measure.
    await autocannon({ url: `http://127.0.0.1:${PORT}/api/v1/cases`, method: 'POST', connections: CONNECTIONS, duration: 3, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` } });
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}/api/v1/cases`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    });
    return result;
  } finally {
    api.kill('SIGTERM');
    await once(api, 'exit');
  }
}

try {
  await setup();
  console.log(`database ${base.pathname.slice(1)}; ${SECONDS} s per phase; raw clients ${RAW_CLIENTS}; HTTP connections ${CONNECTIONS}`);
  const raw = await rawTransactions();
  console.log(`raw Postgres intake transactions : ${raw.toFixed(0)} tx/s`);
  const r = await apiIntake();
  const non2xx = r.non2xx + r.errors + r.timeouts;
  console.log(`POST /api/v1/cases (Fastify)     : ${r.requests.average.toFixed(0)} req/s, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, non-2xx/errors ${non2xx}`);
  console.log(`ratio API / raw                  : ${((100 * r.requests.average) / raw).toFixed(1)} % (goal ≥ 50 %)`);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  const counts = (await pool.query(`SELECT (SELECT count(*) FROM cases WHERE case_no NOT LIKE 'raw-%') AS cases, (SELECT count(*) FROM outbox) AS outbox`)).rows[0];
  console.log(`committed by the API: ${counts.cases} cases, ${counts.outbox} outbox rows (one each)`);
  await pool.end();
} finally {
  if (!process.env.KEEP_BENCH_DB) await dropDatabase(DATABASE_URL);
}
