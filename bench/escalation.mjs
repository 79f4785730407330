#!/usr/bin/env node
// Escalation timers at scale (issue "time limits", acceptance): N open cases whose sign-for deadlines
// fall over the next WINDOW minutes, a real worker that must escalate each one (`overdue`) when it
// comes due. Prints the lag from deadline to escalation (p50/p99/max), how many steps fired more than
// once (must be 0), the time to rebuild the timer queue from Postgres, and Redis memory per pending timer.
//
//   npm run build && node bench/escalation.mjs [--cases 100000] [--window-minutes 60] [--lead-seconds 120]
//
// The cases and their timer plans are written straight into a throw-away database (as dispatch writes
// them); the worker starts with an empty queue prefix, so it takes the "Redis lost everything" path:
// the sentinel is missing and every pending wake-up is re-added from Postgres before the first one is due.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CASES = arg('cases', 100_000);
const WINDOW_MINUTES = arg('window-minutes', 60);
/** The first deadline lies this far ahead, so the worker has started and rebuilt its queue by then. */
const LEAD_SECONDS = arg('lead-seconds', 120);

const root = new URL('../', import.meta.url);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline');
base.pathname = `/hotline_bench_${Date.now().toString(36)}`;
const DATABASE_URL = base.toString();
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `hotline-bench-${randomBytes(3).toString('hex')}`;

const { migrate, createDataSource, seedDemoData, dropDatabase, ClassifierStore } = await import(new URL('dist/libs/persistence/src/index.js', root));

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function setup() {
  await migrate(DATABASE_URL);
  const ds = createDataSource({ url: DATABASE_URL, poolSize: 2 });
  await ds.initialize();
  await seedDemoData(ds, '3301');
  await new ClassifierStore(ds).loadActive(new Date()); // the worker would train it at start otherwise
  await ds.destroy();
}

/** N dispatched cases, each with its sign-for deadline and its `overdue` step, spread evenly over the window. */
async function createCases(pool) {
  const started = Date.now();
  const first = Date.now() + LEAD_SECONDS * 1000;
  const spanMs = WINDOW_MINUTES * 60_000;
  const dept = (await pool.query(`SELECT id FROM departments WHERE code = 'street-330106005'`)).rows[0].id;
  const BATCH = 10_000;
  for (let from = 0; from < CASES; from += BATCH) {
    const n = Math.min(BATCH, CASES - from);
    await pool.query(
      `WITH c AS (
         INSERT INTO cases (id, case_no, tracking_code, channel, type, status, content, anonymous, lead_department_id, policy_code,
                            deadline_version, sign_due_at, reply_due_at, dispatched_at, clock_started_at, created_at, updated_at)
         SELECT gen_random_uuid(), 'B' || lpad((g)::text, 9, '0'), 'BENCH' || lpad((g)::text, 9, '0'), 'hotline', 'request', 'dispatched',
                '基准测试案件', true, $1, 'normal', 1,
                to_timestamp(($2::bigint + (g - 1) * $3::bigint / $4::bigint) / 1000.0),
                to_timestamp(($2::bigint + $3::bigint + 86400000) / 1000.0), now(), now(), now(), now()
         FROM generate_series($5::int + 1, $5::int + $6::int) AS g
         RETURNING id, sign_due_at
       )
       INSERT INTO case_timers (case_id, deadline_version, stage, level, due_at, fire_at)
       SELECT id, 1, 'sign', 'overdue', sign_due_at, sign_due_at FROM c`,
      [dept, first, spanMs, CASES, from, n],
    );
  }
  return (Date.now() - started) / 1000;
}

async function startWorker() {
  const env = { ...process.env, DATABASE_URL, REDIS_URL, QUEUE_PREFIX, LOG_LEVEL: 'info', NODE_ENV: 'production' };
  const child = spawn(process.execPath, [fileURLToPath(new URL('dist/apps/worker/src/main.js', root))], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (out.length > 1e6) out = out.slice(-1e5);
  });
  return { child, log: () => out };
}

const redis = new Redis(REDIS_URL);
let worker = null;
try {
  console.log(`escalation bench: ${CASES.toLocaleString()} cases, deadlines over ${WINDOW_MINUTES} min starting in ${LEAD_SECONDS} s`);
  await setup();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  const insertSeconds = await createCases(pool);
  console.log(`  cases and timer plans written in ${insertSeconds.toFixed(1)} s`);

  const memBefore = Number((await redis.info('memory')).match(/used_memory:(\d+)/)[1]);
  const workerStarted = Date.now();
  worker = await startWorker();
  // Rebuilt when every pending wake-up is a delayed job in Redis.
  const delayedKey = `${QUEUE_PREFIX}:timers:delayed`;
  let delayed = 0;
  while (delayed < CASES) {
    await new Promise((r) => setTimeout(r, 250));
    delayed = await redis.zcard(delayedKey);
    if (Date.now() - workerStarted > LEAD_SECONDS * 1000) break;
  }
  const rebuildSeconds = (Date.now() - workerStarted) / 1000;
  const memAfter = Number((await redis.info('memory')).match(/used_memory:(\d+)/)[1]);
  console.log(`  worker up and ${delayed.toLocaleString()} wake-ups rebuilt from Postgres in ${rebuildSeconds.toFixed(1)} s (incl. process start)`);
  console.log(`  Redis memory: +${mb(memAfter - memBefore)} for ${delayed.toLocaleString()} pending timers = ${((memAfter - memBefore) / Math.max(1, delayed)).toFixed(0)} bytes per timer`);

  const lastDue = Date.now() + (LEAD_SECONDS + WINDOW_MINUTES * 60) * 1000;
  let lastReport = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const { rows } = await pool.query(`SELECT count(*) FILTER (WHERE fired_at IS NOT NULL)::int AS fired, count(*) FILTER (WHERE fire_at <= now())::int AS due FROM case_timers`);
    if (Date.now() - lastReport > 60_000) {
      console.log(`  ${new Date().toISOString()}  due ${rows[0].due.toLocaleString()}  fired ${rows[0].fired.toLocaleString()}`);
      lastReport = Date.now();
    }
    if (rows[0].fired >= CASES) break;
    if (Date.now() > lastDue + 120_000) {
      console.log('  gave up waiting: not every step fired within 2 min of the last deadline');
      break;
    }
  }

  const lags = (await pool.query(`SELECT extract(epoch FROM fired_at - fire_at) * 1000 AS lag FROM case_timers WHERE fired_at IS NOT NULL`)).rows.map((r) => Number(r.lag)).sort((a, b) => a - b);
  const events = (await pool.query(`SELECT count(*)::int AS n, count(DISTINCT case_id)::int AS cases FROM case_events WHERE type = 'escalated'`)).rows[0];
  console.log('');
  console.log(`  steps fired          ${lags.length.toLocaleString()} / ${CASES.toLocaleString()}`);
  console.log(`  escalated events     ${events.n.toLocaleString()} for ${events.cases.toLocaleString()} cases (duplicates: ${events.n - events.cases})`);
  console.log(`  lag deadline→event   p50 ${pct(lags, 50).toFixed(0)} ms   p99 ${pct(lags, 99).toFixed(0)} ms   max ${lags.at(-1).toFixed(0)} ms`);
  console.log(`  rate                 ${(CASES / (WINDOW_MINUTES * 60)).toFixed(1)} steps/s on average`);
  await pool.end();
} finally {
  if (worker) {
    worker.child.kill('SIGTERM');
    await once(worker.child, 'exit').catch(() => {});
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  if (!process.env.KEEP_BENCH_DB) await dropDatabase(DATABASE_URL);
}
