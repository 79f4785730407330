// Postgres for `npm start`: use the one DATABASE_URL points at, or run a private one under .data/pg.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findFreePort, log, onShutdown, run, which } from './proc.mjs';

const FIRST_PORT = 54329;
const SOCKET_PATH_MAX = 100; // Unix socket paths are limited to ~107 bytes

/** URL of the same server's `postgres` maintenance database. */
const maintenanceUrl = (url) => Object.assign(new URL(url), { pathname: '/postgres' }).toString();

/**
 * 'up' if the server of `url` answers within 2 s, 'down' if nothing answers. A server that answers but
 * refuses us (wrong password, unknown role) throws: starting another server would only hide that.
 */
export async function probePostgres(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: maintenanceUrl(url), connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return 'up';
  } catch (err) {
    const sqlState = typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : null;
    if (sqlState === null) return 'down'; // refused, timed out, unknown host, ...
    if (sqlState === '3D000') return 'up'; // no `postgres` database, but the server is there
    throw new Error(`Postgres at ${redact(url)} answers but refuses the connection: ${err.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

export const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Directory holding initdb and pg_ctl, preferring the major version an existing cluster was made with. */
function findBinDir(dataDir) {
  const clusterVersion = existsSync(join(dataDir, 'PG_VERSION')) ? readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim() : null;
  const base = '/usr/lib/postgresql';
  const installed = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const versions = installed.includes(clusterVersion) ? [clusterVersion, ...installed.filter((v) => v !== clusterVersion)] : installed;
  for (const version of versions) {
    const bin = join(base, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  const initdb = which('initdb');
  return initdb && existsSync(join(dirname(initdb), 'pg_ctl')) ? dirname(initdb) : null;
}

/** True if this machine can run a private Postgres. */
export const hasPostgresBinaries = (dataRoot) => findBinDir(join(dataRoot, 'pg', 'data')) !== null;

/**
 * Starts (or reuses, if a previous run left it up) the private cluster under `<dataRoot>/pg` on
 * 127.0.0.1, registers its stop, and returns its URL for database `dbName`.
 */
export async function startPrivatePostgres(dataRoot, dbName) {
  const pgDir = join(dataRoot, 'pg');
  const dataDir = join(pgDir, 'data');
  const socketDir = join(pgDir, 'run');
  const logFile = join(pgDir, 'postgres.log');
  const bin = findBinDir(dataDir);
  mkdirSync(socketDir, { recursive: true });

  // initdb and postgres refuse to run as root: run them as the `postgres` user, who must own the dir.
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asRoot) {
    if (!which('runuser')) throw new Error('running as root, but runuser (util-linux) is not on PATH');
    if ((await run('id', ['-u', 'postgres'], { capture: true })).code !== 0) {
      throw new Error('running as root, but there is no `postgres` user to run the private Postgres as');
    }
    await run('chown', ['-R', 'postgres:', pgDir]);
    if ((await run('runuser', ['-u', 'postgres', '--', 'test', '-w', pgDir])).code !== 0) {
      throw new Error(`the postgres user cannot write ${pgDir} (a parent directory is not searchable by others)`);
    }
  }
  const pgTool = (tool, args, forShutdown = false) => {
    const [cmd, ...rest] = [...prefix, join(bin, tool), ...args];
    return run(cmd, rest, { capture: true, cwd: pgDir, forShutdown });
  };

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`postgres: creating a private cluster in ${dataDir} (initdb, once)`);
    const init = await pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
    if (init.code !== 0) throw new Error(`initdb failed:\n${init.output}`);
  }

  const stop = async () => {
    log('stopping private Postgres');
    const { code, output } = await pgTool('pg_ctl', ['-D', dataDir, 'stop', '-m', 'fast', '-w'], true);
    if (code !== 0 && !/no server running|PID file .* does not exist/i.test(output)) throw new Error(`pg_ctl stop: ${output.trim()}`);
  };

  if ((await pgTool('pg_ctl', ['-D', dataDir, 'status'])).code === 0) {
    // Left running by a run that was killed: postmaster.pid's 4th line is its port.
    const port = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
    onShutdown(stop);
    log(`postgres: reusing the private server already running on 127.0.0.1:${port}`);
    return `postgres://postgres@127.0.0.1:${port}/${dbName}`;
  }

  const port = await findFreePort(FIRST_PORT);
  const sockets = `${socketDir}/.s.PGSQL.${port}`.length <= SOCKET_PATH_MAX ? socketDir : ''; // '' = TCP only
  onShutdown(stop);
  log(`postgres: starting a private server on 127.0.0.1:${port} (log: ${logFile})`);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k '${sockets}'`;
  const start = await pgTool('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
  if (start.code !== 0) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`pg_ctl start failed:\n${start.output}${tail}`);
  }
  return `postgres://postgres@127.0.0.1:${port}/${dbName}`;
}
