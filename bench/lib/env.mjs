// Shared set-up for the benchmarks: the local PostgreSQL, a throwaway database, the built API.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
export const API_DIR = join(ROOT, 'apps/api');
export const DATA_DIR = join(BENCH_DIR, '.data');
mkdirSync(DATA_DIR, { recursive: true });

const apiRequire = createRequire(join(API_DIR, 'package.json'));
export const pg = apiRequire('pg');
export const domain = apiRequire('@shiming/domain');

export const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TOKEN_SECRET = 'bench-token-secret-0123456789abcdef0123456789';
export const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

export function dbUrl(name) {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase() {
  const name = `shiming_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return { name, url: dbUrl(name) };
}

export async function dropDatabase(name) {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** The environment the built API and CLI run with in the benchmarks. */
export function apiEnv(databaseUrl, extra = {}) {
  return {
    ...process.env,
    SHIMING_MODE: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: join(DATA_DIR, 'app'),
    MASTER_KEY,
    TOKEN_SECRET,
    LOG_LEVEL: 'warn',
    WORKERS_ENABLED: 'false',
    MIGRATIONS_RUN_ON_START: 'false',
    ...extra,
  };
}

/** Runs a command; resolves with { code, ms, stdout, stderr, maxRssKb } (GNU time measures the peak RSS). */
export function run(cmd, args, { env, cwd = ROOT, timeRss = false, quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const rssFile = join(DATA_DIR, `rss-${randomBytes(4).toString('hex')}`);
    const [c, a] = timeRss
      ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args]]
      : [cmd, args];
    const t0 = performance.now();
    const child = spawn(c, a, { env: env ?? process.env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!quiet) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', async (code) => {
      const ms = performance.now() - t0;
      let maxRssKb;
      if (timeRss) {
        const { readFileSync, rmSync } = await import('node:fs');
        try {
          maxRssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
          rmSync(rssFile, { force: true });
        } catch {
          maxRssKb = undefined;
        }
      }
      resolve({ code, ms, stdout, stderr, maxRssKb });
    });
  });
}

export const cli = (args, databaseUrl, opts = {}) =>
  run('node', [join(API_DIR, 'dist/cli/main.js'), ...args], { env: apiEnv(databaseUrl), ...opts });

export async function mustRun(label, p) {
  const r = await p;
  if (r.code !== 0)
    throw new Error(
      `${label} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}\n${r.stdout.slice(-2000)}`,
    );
  return r;
}

/** Same format as the API's TokenService (HMAC-SHA256 over the base64url payload). */
export function signToken(principal, ttlSeconds = 3600) {
  const b64 = (b) => Buffer.from(b).toString('base64url');
  const body = b64(
    JSON.stringify({ ...principal, exp: Math.floor(Date.now() / 1000) + ttlSeconds }),
  );
  return `${body}.${b64(createHmac('sha256', Buffer.from(TOKEN_SECRET, 'utf8')).update(body).digest())}`;
}

export async function insertTenant(client, { code, carrier, policy = {} }) {
  const { randomUUID } = await import('node:crypto');
  const id = randomUUID();
  const hotline = { mobile: '10086', unicom: '10010', telecom: '10000' }[carrier];
  await client.query(
    `INSERT INTO tenant (id, code, carrier, region, region_code, display_name, official_account_name, hotline, policy, consent_version, consent_text)
     VALUES ($1, $2, $3, '黔西南布依族苗族自治州', '522300', $2, $2, $4, $5, 'v1', 'bench')`,
    [id, code, carrier, hotline, JSON.stringify({ ...domain.DEFAULT_POLICY, ...policy })],
  );
  return id;
}

export const fmt = {
  s: (ms) => `${(ms / 1000).toFixed(2)} s`,
  n: (x) => Math.round(x).toLocaleString('en-US'),
  mb: (kb) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`),
  ratio: (x) => `${x.toFixed(2)}×`,
};
