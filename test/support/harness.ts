import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { createApiApp } from '../../apps/api/src/app.factory.js';

/** The demo password of every seeded account. */
export const DEMO_PASSWORD = 'demo-password';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** The real API (Fastify, listening on a free loopback port), driven over HTTP with fetch. */
export class ApiHarness {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<ApiHarness> {
    const app = await createApiApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    return new ApiHarness(app, `http://127.0.0.1:${address.port}/api/v1`);
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  async request<T = any>(method: string, path: string, opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }

  post<T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { token, body, headers });
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.post<{ accessToken: string }>('/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }
}

/** A real worker process (node dist/apps/worker/src/main.js) with the test run's environment. */
export class WorkerProcess {
  private output = '';
  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d) => (this.output += d));
    child.stderr?.on('data', (d) => (this.output += d));
  }

  /** @param env extra environment for this worker (e.g. NOTIFY_CHANNELS), over the test run's. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
    const main = fileURLToPath(new URL('../../dist/apps/worker/src/main.js', import.meta.url));
    const child = spawn(process.execPath, [main], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const w = new WorkerProcess(child);
    await waitFor(() => w.output.includes('worker started') || child.exitCode !== null, 30_000, 'worker start');
    if (child.exitCode !== null) throw new Error(`worker exited at start (${child.exitCode}): ${w.output}`);
    return w;
  }

  /** SIGKILL: no graceful shutdown, as in a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    await exited;
  }

  get log(): string {
    return this.output;
  }
}

/** Polls until fn returns a truthy value (or throws after timeoutMs). */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A direct Postgres connection to this run's database, to assert what was committed. */
export async function db(): Promise<pg.Pool> {
  return new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
}

/** A valid case body; override what a test is about. */
export function noiseCase(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'hotline',
    type: 'request',
    content: '翠苑一区楼下商铺每天晚上十一点后还开着音响，噪音很大，影响休息。',
    petitioner: { name: '张三', phone: '13800001234' },
    address: '杭州市西湖区翠苑街道翠苑一区',
    regionCode: '330106005',
    categoryCode: 'noise',
    ...overrides,
  };
}
