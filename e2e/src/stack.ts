import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const REPO = resolve(__dirname, '../..');
export const ARTIFACTS = join(REPO, 'test-artifacts');
const SERVER_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface Stack {
  /** http://127.0.0.1:<port> — /api, /console/, /h5/ */
  base: string;
  databaseUrl: string;
  /** Everything the API printed (JSON log lines), for log scans. */
  logs(): string;
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  /** One SQL statement on the stack's database, for what no API does (e.g. fast-forwarding retries). */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/**
 * The real, built app (`pnpm build` first) in demo mode on a throwaway PostgreSQL database: the
 * demo seed (黔西南 tenants, agents, suspended numbers), the WeChat emulator, the demo SMS outbox
 * and the fake provisioning endpoint, with the outbox worker running.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const main = join(REPO, 'apps/api/dist/main.js');
  if (!existsSync(main))
    throw new Error('apps/api/dist/main.js is missing: run `pnpm build` before the e2e tests');
  const db = `shiming_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${db}`;
  const port = 30000 + Math.floor(Math.random() * 20000);
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: REPO,
    env: {
      PATH: process.env['PATH'] ?? '',
      SHIMING_MODE: 'demo',
      DATABASE_URL: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'shiming-e2e-')),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the API exited (${child.exitCode}):\n${out.slice(-2000)}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 90_000)
      throw new Error(`no /api/health after 90 s:\n${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    base,
    databaseUrl: url.toString(),
    logs: () => out,
    api: async (path, init = {}) => {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      if (init.token) headers['authorization'] = `Bearer ${init.token}`;
      const r = await fetch(`${base}${path}`, {
        method: init.method ?? (init.body ? 'POST' : 'GET'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await r.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON
      }
      return { status: r.status, body: body as never };
    },
    sql: async (text, params = []) => {
      const c = new Client({ connectionString: url.toString() });
      await c.connect();
      try {
        return (await c.query<never>(text, params)).rows;
      } finally {
        await c.end();
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      const c = new Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page that fails the test on any console error or uncaught exception. */
export async function strictPage(ctx: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

/** Saves a screenshot under test-artifacts/<suite>/<name>.png. */
export async function shot(page: Page, suite: string, name: string): Promise<void> {
  const dir = join(ARTIFACTS, suite);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
