// `npm start`: from a fresh clone to a running hotline (API + worker, migrated, with demo data).
//
//   a. install dependencies (npm ci) if node_modules is missing or older than package-lock.json
//   b. build (npm run build) if dist/ is missing or apps/ or libs/ changed since the last build
//   c. Postgres: DATABASE_URL if it answers, else a private server under .data/pg
//   d. Redis: REDIS_URL if it answers, else a private redis-server under .data/redis
//   e. db-cli migrate, then db-cli seed
//   f. API and worker as children; wait for GET /api/v1/health = 200; print URL and demo accounts
//   g. Ctrl-C / SIGTERM stops API, worker and the private Postgres/Redis; if the API or the worker
//      dies, everything stops and we exit non-zero.
//
// Honours PORT (3000), DATABASE_URL, REDIS_URL, QUEUE_PREFIX (hotline) and passes NODE_ENV
// (development), LOG_LEVEL, CITY_CODE and JWT_SECRET through. Only node built-ins are imported
// statically; pg and ioredis are loaded after step a.
//
// .data/ (git-ignored; delete it to start from scratch):
//   jwt-secret          development JWT_SECRET (mode 0600), generated on the first start, then reused
//   pg/                 private Postgres, only when DATABASE_URL does not answer
//     data/             its cluster (initdb once); owned by `postgres` when started as root
//     run/              its Unix socket directory
//     postgres.log      its server log
//   redis/              private redis-server's --dir, only when REDIS_URL does not answer (saves nothing)
//     redis.log         its log
// dist/.build-stamp     written after a successful build; anything newer in apps/ or libs/ rebuilds
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printBanner } from './lib/demo-accounts.mjs';
import { hasPostgresBinaries, probePostgres, redact, startPrivatePostgres } from './lib/postgres.mjs';
import { fail, isPortFree, isStopping, log, run, shutdown, startService, waitUntil } from './lib/proc.mjs';
import { hasRedisBinary, probeRedis, redactRedis, startPrivateRedis } from './lib/redis.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, '.data');
const ENTRY = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
  dbCli: 'dist/apps/worker/src/db-cli.js',
};
const HEALTH_TIMEOUT_MS = 60_000;
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';

const mtime = (path) => statSync(path).mtimeMs;

/** Newest modification time of a file, or of a directory and everything in it (catches deletions too). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** npm, the same one that runs `npm start` when there is one. */
function npm(args) {
  const cli = process.env.npm_execpath;
  return cli?.endsWith('.js') ? run(process.execPath, [cli, ...args], { cwd: ROOT }) : run('npm', args, { cwd: ROOT });
}

function environment() {
  const env = { ...process.env };
  env.PORT ||= '3000';
  env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/hotline';
  env.REDIS_URL ||= 'redis://127.0.0.1:6379';
  env.QUEUE_PREFIX ||= 'hotline';
  env.NODE_ENV ||= 'development';
  return env;
}

// a.
async function installDependencies() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && mtime(installed) >= mtime(join(ROOT, 'package-lock.json'))) {
    return log('dependencies: node_modules is up to date');
  }
  log('dependencies: installing (npm ci)');
  const { code } = await npm(['ci']);
  if (code !== 0) return fail(`npm ci failed (exit ${code})`, code);
}

// b.
async function build() {
  const stamp = join(ROOT, 'dist', '.build-stamp');
  const sources = Math.max(...['apps', 'libs', 'tsconfig.json', 'nest-cli.json'].map((p) => newestMtime(join(ROOT, p))));
  const complete = [stamp, ...Object.values(ENTRY).map((p) => join(ROOT, p))].every((p) => existsSync(p));
  if (complete && mtime(stamp) >= sources) return log('build: dist/ is up to date');
  log('build: compiling (npm run build)');
  const startedAt = new Date();
  rmSync(stamp, { force: true });
  const { code } = await npm(['run', 'build']);
  if (code !== 0) return fail(`npm run build failed (exit ${code})`, code);
  const missing = Object.values(ENTRY).filter((p) => !existsSync(join(ROOT, p)));
  if (missing.length > 0) return fail(`the build did not produce ${missing.join(', ')}`);
  writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  utimesSync(stamp, startedAt, startedAt); // a source saved during the build still counts as newer
}

// c.
async function ensurePostgres(env) {
  const url = env.DATABASE_URL;
  if ((await probePostgres(url)) === 'up') return log(`postgres: using ${redact(url)}`);
  if (!hasPostgresBinaries(DATA)) {
    return fail(
      `postgres: nothing answers at ${redact(url)} and no Postgres is installed here. Either install it:\n` +
        `    ${sudo}apt-get install -y postgresql\n  and run npm start again, or run everything in Docker:\n` +
        '    JWT_SECRET=$(openssl rand -hex 32) docker compose -f docker/compose.yml up --build',
    );
  }
  log(`postgres: nothing answers at ${redact(url)}; using a private server under .data/pg`);
  const dbName = new URL(url).pathname.slice(1) || 'hotline';
  env.DATABASE_URL = await startPrivatePostgres(DATA, dbName);
}

// d.
async function ensureRedis(env) {
  const url = env.REDIS_URL;
  if (await probeRedis(url)) return log(`redis: using ${redactRedis(url)}`);
  if (!hasRedisBinary()) {
    return fail(
      `redis: nothing answers at ${redactRedis(url)} and redis-server is not installed here. Either install it:\n` +
        `    ${sudo}apt-get install -y redis-server\n  and run npm start again, or run everything in Docker:\n` +
        '    JWT_SECRET=$(openssl rand -hex 32) docker compose -f docker/compose.yml up --build',
    );
  }
  log(`redis: nothing answers at ${redactRedis(url)}; using a private server under .data/redis`);
  const { pathname } = new URL(url);
  env.REDIS_URL = await startPrivateRedis(DATA, pathname.length > 1 ? pathname : '');
}

// e.
async function migrateAndSeed(env) {
  for (const command of ['migrate', 'seed']) {
    log(`database: ${command} (node ${ENTRY.dbCli} ${command})`);
    const { code } = await run(process.execPath, [ENTRY.dbCli, command], { cwd: ROOT, env });
    if (code !== 0) return fail(`db-cli ${command} failed (exit ${code})`, code);
  }
}

// f. The API needs a JWT secret; in development one is made once and kept in .data/jwt-secret.
async function ensureJwtSecret(env) {
  if (env.JWT_SECRET) return log('jwt: using JWT_SECRET from the environment');
  if (env.NODE_ENV === 'production') return fail('jwt: JWT_SECRET must be set when NODE_ENV=production');
  const file = join(DATA, 'jwt-secret');
  let secret = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (secret.length >= 32) {
    log('jwt: using the development secret in .data/jwt-secret');
  } else {
    mkdirSync(DATA, { recursive: true });
    secret = randomBytes(48).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    log('jwt: generated a development secret in .data/jwt-secret');
  }
  chmodSync(file, 0o600);
  env.JWT_SECRET = secret;
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Checked first as well as just before the API starts: no point migrating for an API that cannot listen. */
async function ensurePortFree(env) {
  if (!(await isPortFree(Number(env.PORT)))) return fail(`api: port ${env.PORT} is already in use; stop what listens there or set PORT`);
}

async function startApp(env) {
  const port = Number(env.PORT);
  await ensurePortFree(env);
  for (const [name, entry] of [['worker', ENTRY.worker], ['API', ENTRY.api]]) {
    log(`${name.toLowerCase()}: starting (node ${entry})`);
    startService(name, process.execPath, [entry], {
      cwd: ROOT,
      env,
      onExit: (code) => fail(`${name} exited (code ${code}); stopping everything`, code || 1),
    });
  }
  const healthUrl = `http://127.0.0.1:${port}/api/v1/health`;
  log(`api: waiting for ${healthUrl} to answer 200 (up to ${HEALTH_TIMEOUT_MS / 1000} s)`);
  const healthy = await waitUntil(async () => (await httpStatus(healthUrl)) === 200, HEALTH_TIMEOUT_MS, 500);
  if (!healthy) return fail(`api: ${healthUrl} did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
  await printBanner({ port, databaseUrl: env.DATABASE_URL });
}

// g.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!isStopping()) log(`${signal}: stopping`);
    shutdown(0);
  });
}
for (const event of ['unhandledRejection', 'uncaughtException']) {
  process.on(event, (err) => fail(`unexpected error: ${err?.stack ?? err}`));
}

async function main() {
  const env = environment();
  await ensurePortFree(env);
  await installDependencies();
  await build();
  await ensurePostgres(env);
  await ensureRedis(env);
  await migrateAndSeed(env);
  await ensureJwtSecret(env);
  await startApp(env);
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
