// Submission with three ~2 MB photos: N concurrent subscribers, each creating a case, uploading
// an ID front, an ID back and a hand-held photo (4000 × 3000 JPEGs at q90 with camera-like noise,
// ≈2 MB each), then applicant, consent and submit, through the real API, for a fixed time.
// Each submission is a new subscriber (its own number, identity and client address: the API runs
// with TRUST_PROXY=loopback and this plays the proxy, as in bench/load.mjs). The session token is
// minted directly (login and SMS proof are bench/load.mjs's business), so this measures the
// submission itself.
//
// Baseline, measured in the same run: the floor, i.e. what sharp alone needs to re-encode the
// same three photos the way the upload does (normalizeImage from the built API: header check,
// auto-rotate, fit in 2000 px, sRGB, JPEG q85), in one process, with the same concurrency —
// before and after the API run, so a change in the machine's load between them shows.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { API_DIR, DATA_DIR, domain, fmt, insertTenant, pg, signToken } from './lib/env.mjs';
import { pct } from './lib/load.mjs';
import { startApi } from './lib/server.mjs';

const sharp = createRequire(join(API_DIR, 'package.json'))('sharp');
const PHOTO_DIR = join(DATA_DIR, 'photos-4000x3000-q90');
const KINDS = ['id_front', 'id_back', 'id_handheld'];
const W = 4000;
const H = 3000;

/**
 * A camera-like 4000 × 3000 JPEG (q90): a card on a gradient, a portrait block and text bars
 * placed by `seed` (two seeds are perceptually different photos: the API flags an ID front seen
 * in another case by its dHash), plus per-pixel noise so it weighs what a phone's photo does
 * (≈2 MB) instead of a flat drawing's few hundred KB.
 */
async function photo(seed) {
  let a = (seed + 1) * 2654435761;
  const r = () => ((a = (a * 1103515245 + 12345) >>> 0) % 1000) / 1000;
  const hue = Math.floor(r() * 360);
  const cardX = W * (0.08 + r() * 0.08);
  const cardY = H * (0.12 + r() * 0.1);
  const bars = Array.from({ length: 4 + Math.floor(r() * 3) }, (_, i) => {
    return `<rect x="${W * (0.47 + r() * 0.06)}" y="${cardY + H * (0.08 + i * 0.09)}" width="${W * (0.12 + r() * 0.25)}" height="${H * 0.025}" fill="#262626"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <defs><linearGradient id="g" x1="${r()}" y1="0" x2="1" y2="${r()}"><stop offset="0" stop-color="hsl(${hue},30%,42%)"/><stop offset="1" stop-color="hsl(${(hue + 50) % 360},30%,20%)"/></linearGradient></defs>
    <rect width="${W}" height="${H}" fill="url(#g)"/>
    <rect x="${cardX}" y="${cardY}" width="${W * 0.72}" height="${H * 0.6}" rx="80" fill="#ebe6d8"/>
    <rect x="${cardX + W * (0.04 + r() * 0.03)}" y="${cardY + H * 0.08}" width="${W * 0.17}" height="${H * 0.3}" fill="hsl(${(hue + 180) % 360},25%,55%)"/>
    ${bars}
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let s = seed * 7919 + 17;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const n = ((s >>> 16) & 255) + ((s >>> 8) & 255) - 255; // triangular, ≈ ±255
    const v = data[i] + ((n * 14) >> 8);
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: 90 })
    .withMetadata({ exif: { IFD0: { Make: 'Shiming bench camera', Model: 'B1' } } })
    .toBuffer();
}

/** The photos, made once and kept in bench/.data: `fronts` distinct ID fronts, one back, one hand-held. */
async function photos(fronts) {
  mkdirSync(PHOTO_DIR, { recursive: true });
  const file = async (name, seed) => {
    const path = join(PHOTO_DIR, `${name}.jpg`);
    if (!existsSync(path)) writeFileSync(path, await photo(seed));
    return readFileSync(path);
  };
  const front = [];
  for (let i = 0; i < fronts; i++) front.push(await file(`id_front-${i}`, 1000 + i));
  return { front, back: await file('id_back', 1), handheld: await file('id_handheld', 2) };
}

function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function multipart(bytes, filename) {
  const boundary = `----shiming${randomUUID()}`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

/** A valid ID number of an adult, distinct per i (region 522301, birth date and sequence from i). */
function idNumber(i) {
  const birth = new Date(Date.UTC(1960, 0, 1) + (i % 12000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const first17 = `522301${birth}${String(Math.floor(i / 12000) % 1000).padStart(3, '0')}`;
  return first17 + domain.computeIdCheckCharacter(first17);
}

/** The floor: normalizeImage (the upload's own re-encode) on the three photos, `concurrency` chains, `seconds`. */
async function floor(normalizeImage, set, concurrency, seconds, analyseCapture) {
  const started = performance.now();
  const end = started + seconds * 1000;
  const lat = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const k = i++;
        for (const [kind, bytes] of [
          ['id_front', set.front[k % set.front.length]],
          ['id_back', set.back],
          ['id_handheld', set.handheld],
        ]) {
          const image = await normalizeImage(bytes, { maxPixels: 40_000_000 });
          // With analyseCapture: also the upload's capture checks (ID front and back only).
          if (analyseCapture && kind !== 'id_handheld')
            await analyseCapture(image.jpeg, { sourceLongSide: image.sourceLongSide });
        }
        lat.push(performance.now() - t0);
      }
    }),
  );
  // Sets started before the end are finished: the rate is over the whole time taken (a set takes
  // seconds with 8 chains, so counting against `seconds` alone would quantise the rate).
  const elapsed = (performance.now() - started) / 1000;
  lat.sort((x, y) => x - y);
  return { perSecond: lat.length / elapsed, p50: pct(lat, 50), p99: pct(lat, 99), n: lat.length };
}

export async function benchSubmission({ db, seconds = 30, concurrency = 8, fronts = 48 }) {
  const set = await photos(fronts);
  const sizes = [set.front[0], set.back, set.handheld].map((b) => b.length);
  const { normalizeImage } = createRequire(join(API_DIR, 'package.json'))(
    join(API_DIR, 'dist/modules/documents/image-pipeline.js'),
  );

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const tenantId = await insertTenant(client, { code: 'bench-submit', carrier: 'mobile' });
  const [{ consent_version: consentVersion }] = (
    await client.query('SELECT consent_version FROM tenant WHERE id = $1', [tenantId])
  ).rows;
  const capacity = 5000;
  const { rows: numbers } = await client.query(
    `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind, registered, region_code, single_stopped_on)
     SELECT $1, uuid_v7(), '137' || lpad(i::text, 8, '0'), 'mobile', 'single_stop', 'temporary_account', false, '522301', '2016-10-01'
       FROM generate_series(0, $2 - 1) AS i
     RETURNING id, phone`,
    [tenantId, capacity],
  );
  await client.query('VACUUM ANALYZE phone_number');

  const { analyseCapture } = createRequire(join(API_DIR, 'package.json'))(
    join(API_DIR, 'dist/modules/documents/capture-analysis.js'),
  );
  const before = await floor(normalizeImage, set, concurrency, 12);
  // For reading the gap: the image work the upload does in all (re-encode + capture checks).
  const imageWork = await floor(normalizeImage, set, concurrency, 12, analyseCapture);

  const api = await startApi(db.url, 10, { TRUST_PROXY: 'loopback' });
  const loads = [loadavg()[0]];
  const lat = [];
  const stepLat = { create: [], upload: [], applicant: [], consent: [], submit: [] };
  const errors = [];
  let next = 0;
  let done = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  let elapsed = seconds;
  const one = async (i) => {
    const n = numbers[i];
    const token = signToken({
      typ: 'sub',
      tenantId,
      tenantCode: 'bench-submit',
      phone: n.phone,
      numberId: n.id,
    });
    const headers = {
      authorization: `Bearer ${token}`,
      'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    };
    const json = { ...headers, 'content-type': 'application/json' };
    const step = async (name, url, opts) => {
      const t0 = performance.now();
      const r = await send(`${api.url}${url}`, opts);
      stepLat[name].push(performance.now() - t0);
      if (r.status !== 200 && r.status !== 201)
        throw new Error(`${name} ${r.status} ${r.body.slice(0, 200)}`);
      return r.body ? JSON.parse(r.body) : null;
    };
    const created = await step('create', '/api/cases', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ applicantType: 'self' }),
    });
    for (const [kind, bytes] of [
      ['id_front', set.front[i % set.front.length]],
      ['id_back', set.back],
      ['id_handheld', set.handheld],
    ]) {
      const m = multipart(bytes, `${kind}.jpg`);
      await step('upload', `/api/cases/${created.id}/documents/${kind}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': m.type, 'content-length': m.body.length },
        body: m.body,
      });
    }
    await step('applicant', `/api/cases/${created.id}/applicant`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ name: '杨光明', idNumber: idNumber(i) }),
    });
    await step('consent', `/api/cases/${created.id}/consent`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ version: consentVersion }),
    });
    const submitted = await step('submit', `/api/cases/${created.id}/submit`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `bench-${created.id}` },
    });
    if (submitted.state !== 'submitted')
      throw new Error(`submit answered state ${submitted.state}`);
  };
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end && next < capacity) {
          const i = next++;
          const t0 = performance.now();
          try {
            await one(i);
            lat.push(performance.now() - t0);
            done++;
          } catch (e) {
            errors.push(e instanceof Error ? e.message : String(e));
          }
        }
      }),
    );
    elapsed = (performance.now() - started) / 1000;
  } finally {
    loads.push(loadavg()[0]);
    await api.stop();
  }
  const after = await floor(normalizeImage, set, concurrency, 12);

  const [{ cases, docs }] = (
    await client.query(
      `SELECT (SELECT count(*)::int FROM registration_case WHERE tenant_id = $1 AND state = 'submitted') AS cases,
              (SELECT count(*)::int FROM document d JOIN registration_case c ON c.tenant_id = d.tenant_id AND c.id = d.case_id
                WHERE c.tenant_id = $1 AND c.state = 'submitted') AS docs`,
      [tenantId],
    )
  ).rows;
  await client.end();

  lat.sort((x, y) => x - y);
  for (const l of Object.values(stepLat)) l.sort((x, y) => x - y);
  // Submissions started before the end are finished: the rate is over the whole time taken.
  const perSecond = done / elapsed;
  const floorPerSecond = (before.perSecond + after.perSecond) / 2;
  const ratio = perSecond / floorPerSecond;
  const ms = (x) => `${x.toFixed(0)} ms`;
  return {
    name: 'submission',
    lines: [
      `${concurrency} concurrent subscribers, ${seconds} s (${elapsed.toFixed(1)} s with the last ones finishing); photos 4000 × 3000 JPEG q90: ID front ${(sizes[0] / 1048576).toFixed(2)} MB (${set.front.length} distinct fronts, reused in turn), back ${(sizes[1] / 1048576).toFixed(2)} MB, hand-held ${(sizes[2] / 1048576).toFixed(2)} MB; load average ${loads.map((l) => l.toFixed(1)).join(' → ')}`,
      `baseline (floor): sharp re-encoding the same three photos as the upload does (normalizeImage), ${concurrency} chains in one process: ${before.perSecond.toFixed(2)} sets/s before the API run, ${after.perSecond.toFixed(2)} after (p50 ${ms(before.p50)} per set of three)`,
      `for reference, the upload's image work in all (normalizeImage + analyseCapture of the ID front and back, same concurrency): ${imageWork.perSecond.toFixed(2)} sets/s (the API reaches ${(perSecond / imageWork.perSecond).toFixed(2)} of it)`,
      `API: ${done} submissions (${perSecond.toFixed(2)}/s)   p50 ${ms(pct(lat, 50))}   p99 ${ms(pct(lat, 99))} per submission (case, 3 uploads, applicant, consent, submit)   errors ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`,
      `per step p50/p99: ${Object.entries(stepLat)
        .map(([k, l]) => `${k} ${ms(pct(l, 50))}/${ms(pct(l, 99))}`)
        .join(', ')}`,
      `ratio to the floor: ${ratio.toFixed(2)}   checked in the database: ${cases} submitted cases with ${docs} documents${cases === done && docs === done * 3 ? '' : '   MISMATCH'}`,
    ],
    data: {
      concurrency,
      seconds,
      photoBytes: sizes,
      done,
      perSecond,
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      errors: errors.length,
      firstErrors: errors.slice(0, 5),
      steps: Object.fromEntries(
        Object.entries(stepLat).map(([k, l]) => [k, { p50: pct(l, 50), p99: pct(l, 99) }]),
      ),
      floor: { before, after, imageWork },
      ratio,
      cases,
      docs,
      loads,
    },
  };
}
