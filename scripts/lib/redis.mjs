// Redis for `npm start`: use the one REDIS_URL points at, or run a private redis-server under .data/redis.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, findFreePort, log, startService, waitUntil, which } from './proc.mjs';

const FIRST_PORT = 63799;

/**
 * True if the server of `url` answers PING within 2 s, false if nothing answers. A server that answers
 * but refuses us (NOAUTH, WRONGPASS) throws: starting another server would only hide that.
 */
export async function probeRedis(url) {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch (err) {
    if (/NOAUTH|WRONGPASS|invalid password|ERR AUTH/i.test(err.message)) {
      throw new Error(`Redis at ${redactRedis(url)} answers but refuses us: ${err.message}`);
    }
    return false;
  } finally {
    client.disconnect();
  }
}

/** The URL without its password, for printing. */
export const redactRedis = (url) => url.replace(/:[^:@/]*@/, ':***@');

export const hasRedisBinary = () => which('redis-server') !== null;

/**
 * Starts a private redis-server on 127.0.0.1 (nothing persisted; a child that stops with us), waits
 * until it answers and returns its URL. `dbPath` is the database part of the original URL ('/0').
 */
export async function startPrivateRedis(dataRoot, dbPath = '') {
  const dir = join(dataRoot, 'redis');
  const logFile = join(dir, 'redis.log');
  mkdirSync(dir, { recursive: true });
  const port = await findFreePort(FIRST_PORT);
  log(`redis: starting a private server on 127.0.0.1:${port} (log: ${logFile})`);
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', logFile];
  const { exited } = startService('private Redis', which('redis-server'), args, {
    onExit: (code) => fail(`private Redis exited (code ${code}); see ${logFile}`),
  });
  let gone = false;
  exited.then(() => (gone = true));
  const url = `redis://127.0.0.1:${port}${dbPath}`;
  const ready = await waitUntil(async () => gone || (await probeRedis(url)), 10_000);
  if (!ready || gone) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n') : '';
    throw new Error(`private Redis did not come up on port ${port}\n${tail}`);
  }
  return url;
}
