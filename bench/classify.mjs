#!/usr/bin/env node
// Classification speed on one core, in-process: the work one `POST /api/v1/classify` does (category +
// urgency model, place resolution, dispatch decision against the responsibility list) timed call by
// call over the held-out texts (data/classifier/test.jsonl), repeated after a warm-up. Goal from the
// routing-intelligence issue: p99 < 20 ms and ≥ 1,000 classifications/s on one core.
//
//   npm run build && node bench/classify.mjs [--rounds 20] [--warmup 3] [--http] [--seconds 10]
//   (taskset -c 0 node bench/classify.mjs   pins it, GC helper threads included, to one core)
//
// Everything below runs on the main thread (jieba is a synchronous native call), so the figures are
// single-core; the CPU/wall ratio printed with each row shows it (below 1: other load took part of the
// core; "per cpu-s" is then the rate per second of CPU actually used).
//
// --http also measures the real endpoint: it starts the API (dist/) against a throw-away database
// (needs Postgres and Redis, DATABASE_URL / REDIS_URL as in the README), logs in as operator1 and
// sends the same texts, first one request at a time (latency), then with a few connections
// (throughput; the load generator shares the machine's cores with the server).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 20);
const WARMUP = arg('warmup', 3);
const HTTP = process.argv.includes('--http');
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 4);
const PORT = arg('port', 3918);
const CITY = process.env.CITY_CODE ?? '3301';

const root = new URL('../', import.meta.url);
const domain = await import(new URL('dist/libs/domain/src/index.js', root));
const persistence = await import(new URL('dist/libs/persistence/src/index.js', root));
const { ComplaintClassifier, RegionResolver, decideDispatch, defaultResponsibilityRules, jiebaSegmenter, parseCorpus, trainClassifier } = domain;

const readSplit = (name) => parseCorpus(readFileSync(new URL(`data/classifier/${name}.jsonl`, root), 'utf8'), `${name}.jsonl`);

// ---------------------------------------------------------------------------------------------
// Set-up (not measured): model, place resolver, rules
// ---------------------------------------------------------------------------------------------
const train = readSplit('train');
const texts = readSplit('test').map((e) => e.text);
let t = performance.now();
const segment = jiebaSegmenter();
const model = trainClassifier(train, segment, { now: new Date(), lexicon: persistence.shippedLexicon() });
const trainMs = performance.now() - t;
const classifier = new ComplaintClassifier(model, segment);
t = performance.now();
const regions = await persistence.loadCityRegions(CITY);
const resolver = new RegionResolver(regions.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })));
const resolverMs = performance.now() - t;
const rules = defaultResponsibilityRules();

/** What RoutingController.classify computes (minus HTTP and JSON): the same three steps, same order. */
function classifyCall(text) {
  const r = classifier.classify(text);
  const region = resolver.resolve(text);
  const decision = decideDispatch({
    categoryCode: r.category.code,
    region: { districtCode: region?.districtCode ?? null, streetCode: region?.streetCode ?? null },
    rules,
  });
  return { r, region, decision };
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** Times every call (latency), and the whole loop (throughput); returns figures in ms and calls/s. */
function measure(fn) {
  for (let w = 0; w < WARMUP; w++) for (const text of texts) fn(text);
  const n = ROUNDS * texts.length;
  const lat = new Float64Array(n);
  let k = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const text of texts) {
      const s = performance.now();
      const out = fn(text);
      lat[k++] = performance.now() - s;
      if (out) sink++;
    }
  }
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  lat.sort();
  const mean = lat.reduce((a, b) => a + b, 0) / n;
  return {
    n,
    mean,
    p50: quantile(lat, 0.5),
    p90: quantile(lat, 0.9),
    p99: quantile(lat, 0.99),
    max: lat[n - 1],
    perSecond: (1000 * n) / wallMs,
    cpuRatio: (cpu.user + cpu.system) / 1000 / wallMs,
    perCpuSecond: (1e6 * n) / (cpu.user + cpu.system),
    sink,
  };
}

const rows = [
  ['classifier only (category + urgency)', measure((text) => classifier.classify(text))],
  ['place resolution only (RegionResolver)', measure((text) => resolver.resolve(text) ?? 1)],
  ['full /classify work (model + place + dispatch)', measure(classifyCall)],
];

const ms = (x) => x.toFixed(3).padStart(8);
let cpus = 'unknown';
try {
  cpus = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? cpus;
} catch {
  /* not Linux */
}
const lengths = texts.map((s) => s.length).sort((a, b) => a - b);
console.log(`node ${process.version}, ${process.platform}/${process.arch}, CPUs allowed ${cpus}; model ${model.id} trained on ${train.length} texts in ${(trainMs / 1000).toFixed(1)} s; resolver over ${regions.length} places built in ${resolverMs.toFixed(0)} ms`);
console.log(`texts: ${texts.length} held-out (length median ${quantile(lengths, 0.5)}, max ${lengths.at(-1)} chars) × ${ROUNDS} rounds after ${WARMUP} warm-up rounds, one call at a time on the main thread`);
console.log('');
console.log(`${'in-process, one core'.padEnd(48)} ${'calls'.padStart(7)} ${'mean ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'calls/s'.padStart(9)} ${'cpu/wall'.padStart(8)} ${'per cpu-s'.padStart(9)}`);
for (const [label, m] of rows) {
  console.log(`${label.padEnd(48)} ${String(m.n).padStart(7)} ${ms(m.mean)} ${ms(m.p50)} ${ms(m.p90)} ${ms(m.p99)} ${ms(m.max)} ${m.perSecond.toFixed(0).padStart(9)} ${m.cpuRatio.toFixed(2).padStart(8)} ${m.perCpuSecond.toFixed(0).padStart(9)}`);
}
const full = rows[2][1];
console.log('');
if (rows.some(([, m]) => m.cpuRatio < 0.9)) console.log('note: cpu/wall < 0.9 — the process did not get a whole core (other load on the machine); "per cpu-s" is the rate per second of CPU actually used');
if (rows.some(([, m]) => m.cpuRatio > 1.1)) console.log('note: cpu/wall > 1.1 — V8 helper threads (GC) ran on other cores; run under `taskset -c 0` for a strict one-core figure');
console.log(`targets (full work): p99 ${full.p99.toFixed(2)} ms (goal < 20 ms) ${full.p99 < 20 ? 'met' : 'NOT met'}; ${full.perSecond.toFixed(0)} classifications/s (goal ≥ 1,000) ${full.perSecond >= 1000 ? 'met' : 'NOT met'}`);

// ---------------------------------------------------------------------------------------------
// Optional: the real endpoint, through Fastify, auth, validation and JSON
// ---------------------------------------------------------------------------------------------
if (HTTP) await httpBench();

async function httpBench() {
  const { default: autocannon } = await import('autocannon');
  const { migrate, createDataSource, seedDemoData, dropDatabase } = persistence;
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline');
  base.pathname = `/hotline_bench_${Date.now().toString(36)}`;
  const DATABASE_URL = base.toString();
  let api;
  try {
    await migrate(DATABASE_URL);
    const ds = createDataSource({ url: DATABASE_URL, poolSize: 2 });
    await ds.initialize();
    await seedDemoData(ds, CITY);
    await ds.destroy();
    const env = { ...process.env, DATABASE_URL, QUEUE_PREFIX: `hotline-bench-${randomBytes(3).toString('hex')}`, PORT: String(PORT), JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', NODE_ENV: 'production', CITY_CODE: CITY };
    api = spawn(process.execPath, [fileURLToPath(new URL('dist/apps/api/src/main.js', root))], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    let up = false;
    for (let i = 0; i < 300 && !up; i++) {
      try {
        up = (await fetch(`http://127.0.0.1:${PORT}/api/v1/health`)).ok;
      } catch {
        /* not yet */
      }
      if (!up) await new Promise((r) => setTimeout(r, 200));
    }
    if (!up) throw new Error('API did not start');
    const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator1', password: 'demo-password' }),
    });
    const { accessToken } = await login.json();
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
    const requests = texts.map((content) => ({ method: 'POST', path: '/api/v1/classify', headers, body: JSON.stringify({ content }) }));
    const check = await fetch(`http://127.0.0.1:${PORT}/api/v1/classify`, { method: 'POST', headers, body: requests[0].body });
    if (!check.ok) throw new Error(`POST /classify answered ${check.status}: ${await check.text()}`);

    // Sequential: one request in flight, every held-out text in turn (client timing, includes loopback).
    const post = (body) => fetch(`http://127.0.0.1:${PORT}/api/v1/classify`, { method: 'POST', headers, body }).then((r) => r.arrayBuffer());
    for (let w = 0; w < WARMUP; w++) for (const r of requests) await post(r.body);
    const lat = [];
    const until = performance.now() + SECONDS * 1000;
    for (let i = 0; performance.now() < until; i++) {
      const s = performance.now();
      await post(requests[i % requests.length].body);
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    const cannon = (connections, duration) =>
      autocannon({ url: `http://127.0.0.1:${PORT}`, connections, duration, requests: [{ setupRequest: (req, ctx) => ({ ...req, ...requests[(ctx.i = ((ctx.i ?? Math.floor(Math.random() * requests.length)) + 1) % requests.length)] }) }] });
    await cannon(CONNECTIONS, 2);
    const r = await cannon(CONNECTIONS, SECONDS);
    const bad = r.non2xx + r.errors + r.timeouts;
    console.log('');
    console.log(`POST /api/v1/classify through the API (Fastify, JWT, validation, JSON); the API process and this client share CPUs ${cpus}`);
    console.log(`  one request at a time : ${lat.length} requests, p50 ${quantile(lat, 0.5).toFixed(2)} ms, p99 ${quantile(lat, 0.99).toFixed(2)} ms, max ${lat.at(-1).toFixed(2)} ms, ${(lat.length / SECONDS).toFixed(0)} req/s`);
    console.log(`  ${CONNECTIONS} connections (autocannon): ${r.requests.average.toFixed(0)} req/s, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, non-2xx/errors ${bad}`);
  } finally {
    if (api) {
      api.kill('SIGTERM');
      await once(api, 'exit');
    }
    if (!process.env.KEEP_BENCH_DB) await dropDatabase(DATABASE_URL);
  }
}
