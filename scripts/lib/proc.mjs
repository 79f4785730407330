// Child processes, ports and the one ordered shutdown path of `npm start`.
//
// Two kinds of children:
// - one-shot commands (npm ci, build, initdb, migrate, ...): same process group as us, so Ctrl-C reaches
//   them directly; we wait for them before cleaning up.
// - long-running services (redis-server, API, worker): each in its own process group (detached), so a
//   Ctrl-C in the terminal reaches only us and we stop them in order: API and worker first (they still
//   need Postgres and Redis while they drain), then Redis, then Postgres.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import { constants } from 'node:os';
import { delimiter, join } from 'node:path';

export const log = (message) => console.log(`[start] ${message}`);
export const warn = (message) => console.error(`[start] ${message}`);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const oneShots = new Set();
const services = new Set();
const cleanups = []; // run last-registered first
let stopping = null;

export const isStopping = () => stopping !== null;
const never = () => new Promise(() => {});
const exitCodeOf = (code, signal) => code ?? 128 + (constants.signals[signal] ?? 1);

/** Registers a step of the shutdown; the last registered runs first. */
export function onShutdown(fn) {
  cleanups.push(fn);
}

/** Stops everything started so far (once, however often called) and exits with `code`. */
export function shutdown(code) {
  stopping ??= (async () => {
    setTimeout(() => {
      warn('gave up waiting for everything to stop');
      process.exit(code);
    }, 60_000); // keeps the process alive until we exit on purpose
    for (const child of oneShots) child.kill('SIGTERM');
    await Promise.all([...oneShots].map((child) => new Promise((resolve) => child.once('close', resolve))));
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()();
      } catch (err) {
        warn(`while stopping: ${err.message}`);
      }
    }
    process.exit(code);
  })();
  return stopping;
}

/** Prints why and stops everything with a non-zero exit code. */
export function fail(message, code = 1) {
  if (!isStopping()) warn(message);
  return shutdown(code);
}

// Last resort if we die without the orderly path (uncaught error): no service outlives us.
process.on('exit', () => {
  for (const child of services) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/**
 * Runs a one-shot command to its end. stdio is inherited unless `capture` is set, in which case the
 * combined output is returned (for quiet tools whose output matters only when they fail).
 * Resolves with { code, output }. Once shutdown has begun it starts nothing (the promise never settles)
 * unless `forShutdown` is set: the commands that stop things.
 */
export function run(cmd, args, { capture = false, forShutdown = false, ...options } = {}) {
  if (isStopping() && !forShutdown) return never();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'], ...options });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    oneShots.add(child);
    child.on('error', (err) => {
      output += `${cmd}: ${err.message}\n`;
    });
    child.on('close', (code, signal) => {
      oneShots.delete(child);
      resolve({ code: exitCodeOf(code, signal), output });
    });
  });
}

/**
 * Starts a long-running service in its own process group and registers its stop (SIGTERM, then SIGKILL
 * after `graceMs`). `onExit(code)` is called if it exits while we are not stopping.
 */
export function startService(name, cmd, args, { onExit, graceMs = 10_000, ...options } = {}) {
  if (isStopping()) return never();
  const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true, ...options });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(exitCodeOf(code, signal))));
  services.add(child);
  child.on('error', (err) => warn(`${name}: ${err.message}`));
  exited.then((code) => {
    services.delete(child);
    if (!isStopping()) onExit?.(code);
  });
  onShutdown(async () => {
    if (!services.has(child)) return;
    log(`stopping ${name}`);
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  });
  return { child, exited };
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** True if nothing listens on `port`, neither on 127.0.0.1 nor on the wildcard address. */
export async function isPortFree(port) {
  for (const host of ['127.0.0.1', undefined]) {
    const free = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

/** The first free port at or after `start`. */
export async function findFreePort(start) {
  for (let port = start; port < start + 100; port += 1) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port in ${start}-${start + 99}`);
}

/** Calls `check` every `intervalMs` until it returns truthy; false after `timeoutMs`. */
export async function waitUntil(check, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isStopping()) return never();
    if (await check().catch(() => false)) return true;
    await sleep(intervalMs);
  }
  return false;
}

/** Absolute path of executable `name` on PATH, or null. */
export function which(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}
