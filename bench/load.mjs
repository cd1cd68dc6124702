#!/usr/bin/env node
// bench/load: concurrent subscribers registering through the built API, on a throwaway PostgreSQL
// database, for a fixed time. Each virtual subscriber loops: WeChat login (the emulator) → SMS
// code (read from the demo outbox) → proof → case → 3 photos → applicant → consent → submit,
// each time as a new subscriber (a new number, a new identity, a new client address).
// Afterwards every acknowledged submission is looked up in the database (lost = acknowledged
// but not there), with its three photos and their files.
//
//   node bench/load.mjs [--subscribers 200] [--seconds 60] [--tenants 1] [--pool 20]
//                       [--photo 1280x960] [--distinct-fronts 600] [--no-build] [--keep]
//                       [--ocr [--ocr-drain-seconds 900]]
//   --ocr: the API reads every ID front and back with OCR in the background (OCR_ENABLED and
//          WORKERS_ENABLED, as in production) during the run; then the queue is drained and counted
//   --distinct-fronts 1: every flow uploads the same ID front (a reused stolen photo, all flagged as duplicates)
//   (also: pnpm bench --only load)
//
// Rate limits: none is raised. The API runs with TRUST_PROXY=loopback and this script plays the
// reverse proxy: each subscriber's requests carry an X-Forwarded-For address of its own, as 200
// phones behind a proxy would. (From one address the limits would stop the run at 10 SMS codes
// per hour — which is what they are for.)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  API_DIR,
  apiEnv,
  cli,
  createDatabase,
  DATA_DIR,
  domain,
  dropDatabase,
  insertTenant,
  mustRun,
  pg,
  ROOT,
  run,
} from './lib/env.mjs';
import { freePort } from './lib/server.mjs';
import { createRequire } from 'node:module';

const sharp = createRequire(join(API_DIR, 'package.json'))('sharp');
const CARRIERS = ['mobile', 'unicom', 'telecom'];
const PREFIX = { mobile: '138', unicom: '186', telecom: '189' };

const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;

/**
 * A photo-like JPEG (card, portrait, text bars) of the given size, as a phone would send it. The
 * layout moves with `seed`, so two seeds give perceptually different photos (the API looks for
 * the same ID photo reused across cases by a perceptual hash: a bench of one photo reused would
 * make every upload a "duplicate" of all the others).
 */
async function photo(width, height, seed) {
  let a = seed * 2654435761;
  const r = () => ((a = (a * 1103515245 + 12345) >>> 0) % 1000) / 1000;
  const hue = Math.floor(r() * 360);
  const cx = 0.18 + r() * 0.2;
  const cy = 0.35 + r() * 0.3;
  const bars = Array.from({ length: 3 + Math.floor(r() * 4) }, (_, i) => {
    const x = 0.45 + r() * 0.1;
    return `<rect x="${width * x}" y="${height * (0.22 + i * 0.11)}" width="${width * (0.15 + r() * 0.3)}" height="${height * 0.04}" fill="#222"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="${r()}" y1="0" x2="1" y2="${r()}"><stop offset="0" stop-color="hsl(${hue},35%,40%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},35%,25%)"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/>
    <rect x="${width * (0.06 + r() * 0.06)}" y="${height * (0.1 + r() * 0.08)}" width="${width * 0.8}" height="${height * 0.7}" rx="30" fill="#f4f1e8"/>
    <circle cx="${width * cx}" cy="${height * cy}" r="${height * (0.12 + r() * 0.08)}" fill="hsl(${(hue + 180) % 360},50%,45%)"/>
    ${bars}
  </svg>`;
  // Noise, so the JPEG weighs what a camera's does rather than a flat drawing's.
  const noise = await sharp({
    create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 18 } },
  })
    .png()
    .toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: noise, blend: 'overlay' }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

function multipart(field, filename, bytes) {
  const boundary = `----shiming${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: Buffer.concat([head, bytes, tail]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** One HTTP exchange; resolves { status, json, ms } (network errors reject). */
function call(agent, base, method, path, { token, json, raw, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    let body;
    if (json !== undefined) {
      body = Buffer.from(JSON.stringify(json));
      h['content-type'] = 'application/json';
    } else if (raw) {
      body = raw.body;
      h['content-type'] = raw.type;
    }
    if (body) h['content-length'] = String(body.length);
    if (token) h['authorization'] = `Bearer ${token}`;
    const t0 = performance.now();
    const req = http.request(`${base}${path}`, { agent, method, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode, json: parsed, ms: performance.now() - t0 });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function startApi(databaseUrl, port, extra) {
  const env = apiEnv(databaseUrl, {
    PORT: String(port),
    HOST: '127.0.0.1',
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'warn',
    ...extra,
  });
  const child = spawn('node', [join(API_DIR, 'dist/main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The JSON log goes to stdout, start-up failures to stderr: both kept, for the error count.
  let stderr = '';
  const keep = (d) => (stderr = (stderr + d).slice(-2_000_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return {
    child,
    stderr: () => stderr,
    ready: (async () => {
      for (let i = 0; i < 600; i++) {
        if (child.exitCode !== null) throw new Error(`API exited ${child.exitCode}: ${stderr}`);
        try {
          const r = await call(undefined, `http://127.0.0.1:${port}`, 'GET', '/api/health');
          if (r.status === 200) return;
        } catch {
          /* not yet */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`API did not come up: ${stderr}`);
    })(),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** A valid 18-character ID number of 兴义市 for the n-th identity (born 1950–2000: all adults). */
function identity(n) {
  const day = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * 86_400_000);
  const ymd = day.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `522301${ymd}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`;
  return first17 + domain.computeIdCheckCharacter(first17);
}

/** CPU time (user + system, all threads: libvips's too) a process has used so far, in ms. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  } catch {
    return NaN;
  }
}

/** 10.a.b.c: the n-th subscriber's own address, as the proxy saw it. */
const address = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export async function benchLoad({
  db,
  subscribers = 200,
  seconds = 60,
  tenants = 1,
  pool = 20,
  photoSize = [1280, 960],
  distinctFronts = 600,
  ocr = false,
  ocrDrainSeconds = 900,
  log = (l) => process.stdout.write(`${l}\n`),
}) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const tenantRows = [];
  for (let i = 0; i < tenants; i++) {
    const carrier = CARRIERS[i % CARRIERS.length];
    const code = `bench-load-${i}`;
    const id = await insertTenant(client, { code, carrier });
    // Enough suspended numbers for any run: each flow registers a new one.
    await client.query(
      `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind, registered, single_stopped_on)
       SELECT $1, uuid_v7(), $2 || lpad(($3::int + g)::text, 8, '0'), 'mobile', 'single_stop', 'temporary_account', false, '2016-10-15'
         FROM generate_series(0, 49999) g`,
      [id, PREFIX[carrier], i * 1_000_000],
    );
    tenantRows.push({ id, code, carrier, next: 0, base: i * 1_000_000 });
  }
  // A different ID front per flow (up to `distinctFronts`); backs and hand-held photos repeat.
  const fronts = [];
  for (let i = 0; i < distinctFronts; i++)
    fronts.push(await photo(photoSize[0], photoSize[1], i + 10));
  const back = await photo(photoSize[0], photoSize[1], 1);
  const handheld = await photo(photoSize[0], photoSize[1], 2);
  const photoBytes =
    (fronts.reduce((n, p) => n + p.length, 0) / fronts.length + back.length + handheld.length) / 3;

  const port = await freePort();
  const dataDir = mkdtempSync(join(DATA_DIR, 'load-'));
  const api = startApi(db.url, port, {
    DATABASE_POOL_SIZE: String(pool),
    DATA_DIR: dataDir,
    ...(ocr ? { OCR_ENABLED: 'true', WORKERS_ENABLED: 'true' } : { OCR_ENABLED: 'false' }),
  });
  await api.ready;
  const base = `http://127.0.0.1:${port}`;
  // A connection per request, as phones on mobile networks mostly open: a shared keep-alive pool
  // hands out sockets that sat idle past the server's 5 s keep-alive while everyone waited, and
  // the reuse races the server's close (ECONNRESET) — the client's artefact, not the API's.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

  const steps = new Map();
  const record = (step, ms) => {
    if (!steps.has(step)) steps.set(step, []);
    steps.get(step).push(ms);
  };
  const errors = [];
  const acknowledged = [];
  const flowMs = [];
  let started = 0;
  let requests = 0;

  async function flow(n) {
    const t = tenantRows[n % tenants];
    const seq = t.next++;
    const phone = PREFIX[t.carrier] + String(t.base + seq).padStart(8, '0');
    const headers = { 'x-forwarded-for': address(n) };
    const t0 = performance.now();
    const expect = async (step, want, p) => {
      let r;
      try {
        r = await p;
      } catch (e) {
        throw new Error(`${step}: ${e.code ?? e.message}`);
      }
      requests++;
      record(step, r.ms);
      if (!want.includes(r.status))
        throw new Error(`${step}: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
      return r.json;
    };
    const login = await expect(
      'wechat-login',
      [200],
      call(agent, base, 'POST', '/api/auth/wechat-login', {
        json: { tenant: t.code, code: `demo-load${n}` },
        headers,
      }),
    );
    await expect(
      'sms-send',
      [200, 201],
      call(agent, base, 'POST', '/api/auth/sms/send', {
        token: login.token,
        json: { phone },
        headers,
      }),
    );
    const outbox = await expect(
      'sms-outbox',
      [200],
      call(agent, base, 'GET', `/api/demo/sms-outbox?phone=${phone}`, { headers }),
    );
    const proof = await expect(
      'sms-verify',
      [200, 201],
      call(agent, base, 'POST', '/api/auth/sms/verify', {
        token: login.token,
        json: { phone, code: outbox[0]?.code },
        headers,
      }),
    );
    const token = proof.token;
    const created = await expect(
      'case-create',
      [201],
      call(agent, base, 'POST', '/api/cases', { token, json: { applicantType: 'self' }, headers }),
    );
    const kinds = ['id_front', 'id_back', 'id_handheld'];
    const photos = [fronts[n % fronts.length], back, handheld];
    for (let k = 0; k < 3; k++) {
      await expect(
        'upload',
        [201],
        call(agent, base, 'POST', `/api/cases/${created.id}/documents/${kinds[k]}`, {
          token,
          raw: multipart('file', `${kinds[k]}.jpg`, photos[k]),
          headers,
        }),
      );
    }
    await expect(
      'applicant',
      [200],
      call(agent, base, 'PUT', `/api/cases/${created.id}/applicant`, {
        token,
        json: { name: '杨光明', idNumber: identity(n) },
        headers,
      }),
    );
    await expect(
      'consent',
      [200, 201],
      call(agent, base, 'POST', `/api/cases/${created.id}/consent`, {
        token,
        json: { version: 'v1' },
        headers,
      }),
    );
    const submitted = await expect(
      'submit',
      [200],
      call(agent, base, 'POST', `/api/cases/${created.id}/submit`, {
        token,
        headers: { ...headers, 'idempotency-key': randomUUID() },
      }),
    );
    if (submitted.state !== 'submitted')
      throw new Error(`submit: answered state ${submitted.state}`);
    acknowledged.push({ tenantId: t.id, caseId: created.id });
    flowMs.push(performance.now() - t0);
  }

  log(
    `${subscribers} concurrent subscribers × ${seconds} s, ${tenants} tenant(s), pool ${pool}, photos ${photoSize.join('×')} (${(photoBytes / 1024).toFixed(0)} KB each, ${fronts.length} different ID fronts), load average before ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const cpu0 = cpuMs(api.child.pid);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: subscribers }, async () => {
      while (performance.now() < deadline) {
        const n = started++;
        try {
          await flow(n);
        } catch (e) {
          errors.push(e.message);
        }
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const apiCpuMs = cpuMs(api.child.pid) - cpu0;
  const loadAfter = loadavg();
  agent.destroy();
  // With OCR on: what the background reads had done by the end of the run, then how long the
  // rest of the queue took to drain (the API keeps running; nothing else is sent).
  let ocrResult;
  if (ocr) {
    const ocrCounts = async () =>
      Object.fromEntries(
        (
          await client.query(
            `SELECT status, count(*)::int AS n FROM document_ocr GROUP BY status ORDER BY status`,
          )
        ).rows.map((r) => [r.status, r.n]),
      );
    const atEnd = await ocrCounts();
    const d0 = performance.now();
    let counts = atEnd;
    while (
      (counts.pending ?? 0) + (counts.running ?? 0) > 0 &&
      performance.now() - d0 < ocrDrainSeconds * 1000
    ) {
      await new Promise((r) => setTimeout(r, 2000));
      counts = await ocrCounts();
    }
    const {
      rows: [reads],
    } = await client.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY read_ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY read_ms) AS p99
         FROM document_ocr WHERE status = 'done'`,
    );
    ocrResult = {
      atEndOfRun: atEnd,
      drainSeconds: (performance.now() - d0) / 1000,
      final: counts,
      readMsP50: Number(reads.p50 ?? 0),
      readMsP99: Number(reads.p99 ?? 0),
      apiCpuSecondsWithDrain: (cpuMs(api.child.pid) - cpu0) / 1000,
    };
  }
  await api.stop();

  // Lost = acknowledged but not in the database as submitted with its three photos and files.
  const ids = acknowledged.map((a) => a.caseId);
  const { rows: found } = await client.query(
    `SELECT c.id, c.state,
            (SELECT count(*)::int FROM document d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id AND d.superseded_at IS NULL) AS docs
       FROM registration_case c WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  const good = found.filter((r) => r.state === 'submitted' && r.docs === 3).length;
  const {
    rows: [totals],
  } = await client.query(
    `SELECT (SELECT count(*)::int FROM registration_case WHERE state = 'submitted') AS submitted,
            (SELECT count(*)::int FROM document) AS documents,
            (SELECT array_agg(storage_key) FROM document) AS keys`,
  );
  await client.end();
  let files = 0;
  const docDir = join(dataDir, 'documents');
  for (const t of readdirSync(docDir)) files += readdirSync(join(docDir, t)).length;
  const keys = new Set(totals.keys ?? []);
  const apiErrors = api
    .stderr()
    .split('\n')
    .filter((l) => l.includes('"level":"error"'));
  if (apiErrors.length > 0)
    writeFileSync(join(DATA_DIR, 'load-api-errors.log'), apiErrors.join('\n'));
  rmSync(dataDir, { recursive: true, force: true });

  const flowsSorted = [...flowMs].sort((a, b) => a - b);
  const all = [...steps.values()].flat().sort((a, b) => a - b);
  const result = {
    name: 'load',
    subscribers,
    seconds,
    tenants,
    pool,
    photo: { size: photoSize, bytes: Math.round(photoBytes) },
    wallSeconds: wallMs / 1000,
    flowsStarted: started,
    acknowledged: acknowledged.length,
    errors: errors.length,
    errorSamples: [...new Set(errors)].slice(0, 10),
    errorsByKind: errors.reduce((acc, e) => {
      const kind = e.replace(/\{.*"code":"([A-Z_]+)".*\}/, '$1');
      acc[kind] = (acc[kind] ?? 0) + 1;
      return acc;
    }, {}),
    lost: acknowledged.length - good,
    submittedInDatabase: totals.submitted,
    unacknowledgedButSubmitted: totals.submitted - good,
    documents: totals.documents,
    files,
    filesWithoutRow: files - keys.size,
    apiErrorLogLines: apiErrors.length,
    requests,
    submissionsPerSecond: acknowledged.length / (wallMs / 1000),
    requestsPerSecond: requests / (wallMs / 1000),
    apiCpuSeconds: apiCpuMs / 1000,
    apiCpuMsPerSubmission: apiCpuMs / Math.max(1, acknowledged.length),
    flow: {
      p50: pct(flowsSorted, 50),
      p95: pct(flowsSorted, 95),
      p99: pct(flowsSorted, 99),
      max: flowsSorted.at(-1) ?? 0,
    },
    request: { p50: pct(all, 50), p95: pct(all, 95), p99: pct(all, 99) },
    steps: Object.fromEntries(
      [...steps.entries()].map(([k, v]) => {
        const s = [...v].sort((a, b) => a - b);
        return [k, { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) }];
      }),
    ),
    loadAverageAfter: loadAfter,
    ...(ocrResult ? { ocr: ocrResult } : {}),
  };
  const ms = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
  result.lines = [
    `${result.acknowledged.toLocaleString('en-US')} submissions acknowledged in ${result.wallSeconds.toFixed(1)} s (${result.flowsStarted} flows started; the last ones finish after the ${seconds} s mark): ${result.submissionsPerSecond.toFixed(2)} submissions/s, ${result.requestsPerSecond.toFixed(1)} requests/s`,
    `errors ${result.errors}${
      result.errors
        ? ` (${Object.entries(result.errorsByKind)
            .map(([k, v]) => `${v} × ${k}`)
            .join(', ')})`
        : ''
    }; lost ${result.lost} (acknowledged, then looked up: submitted with 3 photos); in the database ${result.submittedInDatabase} submitted, ${result.documents} photos, ${result.files} files (${result.filesWithoutRow} without a row); API error log lines ${result.apiErrorLogLines}`,
    `whole flow (11 requests): p50 ${ms(result.flow.p50)}, p95 ${ms(result.flow.p95)}, p99 ${ms(result.flow.p99)}, max ${ms(result.flow.max)}`,
    `one request: p50 ${ms(result.request.p50)}, p95 ${ms(result.request.p95)}, p99 ${ms(result.request.p99)}`,
    ...Object.entries(result.steps).map(
      ([k, s]) =>
        `  ${k.padEnd(13)} n=${s.n}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}`,
    ),
    `API process CPU: ${result.apiCpuSeconds.toFixed(1)} s over the run (${Math.round(result.apiCpuMsPerSubmission)} ms per submission, its 11 requests), ${(result.apiCpuSeconds / result.wallSeconds).toFixed(2)} of the ${cpus().length} cores; load average after ${loadAfter.map((l) => l.toFixed(1)).join(' ')}`,
    ...(ocrResult
      ? [
          `OCR in the background: at the end of the run ${JSON.stringify(ocrResult.atEndOfRun)}; drained in ${ocrResult.drainSeconds.toFixed(0)} s more → ${JSON.stringify(ocrResult.final)}; read time p50 ${ms(ocrResult.readMsP50)}, p99 ${ms(ocrResult.readMsP99)}; API CPU with the drain ${ocrResult.apiCpuSecondsWithDrain.toFixed(1)} s`,
        ]
      : []),
  ];
  return result;
}

const flag = (args, name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};

async function main() {
  const args = process.argv.slice(2);
  const log = (l = '') => process.stdout.write(`${l}\n`);
  log(
    `Shiming bench/load — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`,
  );
  if (!args.includes('--no-build')) {
    log('building @shiming/domain and @shiming/api …');
    await mustRun(
      'domain build',
      run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: join(ROOT, 'packages/domain') }),
    );
    await mustRun('api build', run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: API_DIR }));
  }
  const db = await createDatabase();
  log(`database ${db.name}`);
  let result;
  try {
    await mustRun('migrate', cli(['db', 'migrate'], db.url));
    const [w, h] = flag(args, 'photo', '1280x960').split('x').map(Number);
    result = await benchLoad({
      db,
      subscribers: Number(flag(args, 'subscribers', '200')),
      seconds: Number(flag(args, 'seconds', '60')),
      tenants: Number(flag(args, 'tenants', '1')),
      pool: Number(flag(args, 'pool', '20')),
      photoSize: [w, h],
      distinctFronts: Number(flag(args, 'distinct-fronts', '600')),
      ocr: args.includes('--ocr'),
      ocrDrainSeconds: Number(flag(args, 'ocr-drain-seconds', '900')),
      log,
    });
    for (const l of result.lines) log(`  ${l}`);
  } finally {
    if (!args.includes('--keep')) await dropDatabase(db.name);
  }
  const out = join(DATA_DIR, 'load-latest.json');
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2));
  log(`raw figures: ${out}`);
  if (result.errors > 0 || result.lost > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
