import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { DocumentsService } from '../modules/documents/documents.service';
import { seedNumber, seedTenant, subscriberToken, type SeededTenant } from '../test/factories';
import { makeCorruptJpeg, makeJpeg, makePixelBombPng } from '../test/images';
import { idNumberFor } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

const MAX_BYTES = 200_000;
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const JPEG_HEADER = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const ZIP = Buffer.concat([
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.alloc(26),
  Buffer.from('payload.php<?php system($_GET["c"]); ?>PK\x05\x06', 'latin1'),
  Buffer.alloc(18),
]);

interface HostileFile {
  label: string;
  bytes: Buffer;
  filename: string;
  type: string;
}

/** The hostile files; `bad` ones must be refused (4xx), the rest are images stored re-encoded. */
async function hostileFiles(): Promise<Array<HostileFile & { bad?: true }>> {
  const jpeg = await makeJpeg({ width: 400, height: 300, exif: true });
  const png = await sharp(jpeg).png().toBuffer();
  return [
    {
      label: 'zero bytes',
      bad: true,
      bytes: Buffer.alloc(0),
      filename: 'a.jpg',
      type: 'image/jpeg',
    },
    {
      label: 'truncated JPEG',
      bad: true,
      bytes: await makeCorruptJpeg(),
      filename: 'a.jpg',
      type: 'image/jpeg',
    },
    { label: 'PNG named .jpg', bytes: png, filename: 'a.jpg', type: 'image/jpeg' },
    {
      label: 'HTML behind a JPEG header',
      bad: true,
      bytes: Buffer.concat([JPEG_HEADER, Buffer.from('<html><script>alert(1)</script></html>')]),
      filename: 'a.jpg',
      type: 'image/jpeg',
    },
    {
      label: 'PHP behind a JPEG header',
      bad: true,
      bytes: Buffer.concat([JPEG_HEADER, Buffer.from('<?php system($_GET["c"]); ?>')]),
      filename: 'a.php.jpg',
      type: 'image/jpeg',
    },
    {
      label: 'SVG with script',
      bad: true,
      bytes: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><script>alert(1)</script><rect width="400" height="300"/></svg>',
      ),
      filename: 'a.svg',
      type: 'image/svg+xml',
    },
    {
      label: 'JPEG+ZIP polyglot',
      bytes: Buffer.concat([jpeg, ZIP]),
      filename: 'a.jpg',
      type: 'image/jpeg',
    },
    {
      label: 'EICAR',
      bad: true,
      bytes: Buffer.from(EICAR),
      filename: 'eicar.jpg',
      type: 'image/jpeg',
    },
    {
      label: 'pixel bomb 100000×100000 PNG',
      bad: true,
      bytes: makePixelBombPng(100_000, 100_000),
      filename: 'a.jpg',
      type: 'image/jpeg',
    },
    {
      label: 'one byte over the limit',
      bad: true,
      bytes: Buffer.concat([jpeg, Buffer.alloc(MAX_BYTES + 1 - jpeg.length)]),
      filename: 'a.jpg',
      type: 'image/jpeg',
    },
    {
      label: 'path traversal in the name',
      bytes: jpeg,
      filename: '../../../../etc/passwd.jpg',
      type: 'image/jpeg',
    },
    { label: 'NUL in the name', bytes: jpeg, filename: 'a\u0000.php.jpg', type: 'image/jpeg' },
    { label: 'JPEG with EXIF and GPS', bytes: jpeg, filename: 'a.jpg', type: 'image/jpeg' },
  ];
}

/**
 * Hostile files on the upload endpoint: each is refused with a 4xx, or — when it is a real
 * image — stored re-encoded as a JPEG without metadata or trailing bytes, under a random key.
 * Nothing is stored as sent, nothing answers 5xx.
 */
describe('hostile files on POST /api/cases/:id/documents/:kind', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let sub: string;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    tenant = await seedTenant(t.db.dataSource);
    const number = await seedNumber(t.db.dataSource, tenant.id);
    sub = subscriberToken(t.config, tenant, number, 'o-hostile-files');
    const created = await request(t.url)
      .post('/api/cases')
      .set('Authorization', `Bearer ${sub}`)
      .send({ applicantType: 'self' });
    caseId = created.body.id as string;
  });
  afterAll(() => t.teardown());

  it('should store nothing as sent: refuse the hostile files, re-encode the images', async () => {
    const files = await hostileFiles();
    const docs = t.app.get(DocumentsService);
    const failures: string[] = [];
    const outcome: string[] = [];
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
    const rssBefore = process.memoryUsage().rss;
    try {
      for (const f of files) {
        const res = await request(t.url)
          .post(`/api/cases/${caseId}/documents/id_front`)
          .set('Authorization', `Bearer ${sub}`)
          .attach('file', f.bytes, { filename: f.filename, contentType: f.type });
        if (res.status >= 500) {
          failures.push(`${f.label}: ${res.status}`);
          continue;
        }
        if (res.status >= 400) {
          outcome.push(`${f.label}: ${res.status} ${res.body?.error?.code as string}`);
          continue;
        }
        const id = res.body.id as string;
        if (f.bad) failures.push(`${f.label}: accepted (${res.status})`);
        outcome.push(`${f.label}: stored re-encoded`);
        const stored = (await docs.readForViewing(tenant.id, id)).bytes;
        const meta = await sharp(stored).metadata();
        if (stored.equals(f.bytes)) failures.push(`${f.label}: stored as sent`);
        if (meta.format !== 'jpeg') failures.push(`${f.label}: stored as ${meta.format}`);
        if (meta.exif || meta.icc || meta.xmp) failures.push(`${f.label}: metadata kept`);
        for (const needle of ['PK\x03\x04', '<?php', '<script', 'EICAR', 'Shiming test camera'])
          if (stored.includes(Buffer.from(needle, 'latin1')))
            failures.push(`${f.label}: stored contains ${needle}`);
        const [row] = await t.db.dataSource.query(
          'SELECT storage_key FROM document WHERE tenant_id = $1 AND id = $2',
          [tenant.id, id],
        );
        const key = row.storage_key as string;
        if (
          /passwd|\.\.|php|\.jpg/.test(key) ||
          key.includes('\0') ||
          !key.startsWith(`${tenant.id}/`)
        )
          failures.push(`${f.label}: storage key ${JSON.stringify(key)}`);
      }
    } finally {
      clearInterval(sampler);
    }
    console.log(
      `hostile files: ${files.length} tried; ${outcome.join('; ')}; peak RSS ${Math.round(peakRss / 1e6)} MB (${Math.round(rssBefore / 1e6)} MB before)`,
    );
    expect(failures).toEqual([]);
  });

  /** Every file under the storage folder (temporary ones too), relative: what is on disk. */
  const filesOnDisk = async (): Promise<string[]> => {
    const storage = t.config.storage;
    if (storage.driver !== 'local') throw new Error('tests use local storage');
    const dir = storage.dir;
    const all = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    return all
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort();
  };

  /** On disk exactly the files of the document rows, nothing else: no orphan, no row without a file. */
  const storageMatchesRows = async (): Promise<string[]> => {
    const rows: Array<{ storage_key: string }> = await t.db.dataSource.query(
      'SELECT storage_key FROM document WHERE purged_at IS NULL ORDER BY storage_key',
    );
    const keys = rows.map((r) => r.storage_key).sort();
    const disk = await filesOnDisk();
    const problems: string[] = [];
    for (const f of disk) if (!keys.includes(f)) problems.push(`orphan file ${f}`);
    for (const k of keys) if (!disk.includes(k)) problems.push(`row without a file ${k}`);
    return problems;
  };

  /** The case's documents: in force by kind, and how many rows in all. */
  const documentsOf = async (
    id: string,
  ): Promise<{ inForce: Record<string, string>; rows: number }> => {
    const rows: Array<{ id: string; kind: string; superseded: boolean }> =
      await t.db.dataSource.query(
        'SELECT id, kind, superseded_at IS NOT NULL AS superseded FROM document WHERE tenant_id = $1 AND case_id = $2',
        [tenant.id, id],
      );
    const inForce: Record<string, string> = {};
    for (const r of rows) if (!r.superseded) inForce[r.kind] = r.id;
    return { inForce, rows: rows.length };
  };

  const newCase = async (label: string): Promise<{ id: string; token: string }> => {
    const number = await seedNumber(t.db.dataSource, tenant.id);
    const token = subscriberToken(t.config, tenant, number, `o-batch-${label}`);
    const created = await request(t.url)
      .post('/api/cases')
      .set('Authorization', `Bearer ${token}`)
      .send({ applicantType: 'self' })
      .expect(201);
    return { id: created.body.id as string, token };
  };

  let seed = 100;
  const good = (): Promise<Buffer> => makeJpeg({ width: 800, height: 520, seed: seed++ });
  const put = (c: { id: string; token: string }, kind: string, f: HostileFile): request.Test =>
    request(t.url)
      .post(`/api/cases/${c.id}/documents/${kind}`)
      .set('Authorization', `Bearer ${c.token}`)
      .attach('file', f.bytes, { filename: f.filename, contentType: f.type });
  const goodFile = async (): Promise<HostileFile> => ({
    label: 'good',
    bytes: await good(),
    filename: 'photo.jpg',
    type: 'image/jpeg',
  });
  /** 4xx in the house error shape: the only acceptable answer to a bad file. */
  const refused = (res: request.Response): boolean =>
    res.status >= 400 && res.status < 500 && typeof res.body?.error?.code === 'string';

  /** Applicant, consent and submit: the case goes on once the photos are right. */
  const finish = async (c: { id: string; token: string }): Promise<string> => {
    const auth = { Authorization: `Bearer ${c.token}` };
    await request(t.url)
      .put(`/api/cases/${c.id}/applicant`)
      .set(auth)
      .send({ name: '杨光明', idNumber: idNumberFor('19750315', seed++) })
      .expect(200);
    await request(t.url)
      .post(`/api/cases/${c.id}/consent`)
      .set(auth)
      .send({ version: tenant.consentVersion })
      .expect(200);
    const res = await request(t.url)
      .post(`/api/cases/${c.id}/submit`)
      .set(auth)
      .set('Idempotency-Key', `submit-${c.id}`);
    return `${res.status} ${res.body?.state as string}`;
  };

  it('should keep the first photo in force and store nothing of a bad second one, in sequence and at once, then let the case go on', async () => {
    const bad = (await hostileFiles()).filter((f) => f.bad);
    const failures: string[] = [];
    let tried = 0;
    for (const f of bad) {
      // In sequence: a good ID front, then the bad file as the back and again as the front.
      const c = await newCase(`seq-${tried}`);
      const first = await put(c, 'id_front', await goodFile());
      expect(first.status).toBe(201);
      const firstId = first.body.id as string;
      for (const kind of ['id_back', 'id_front']) {
        tried++;
        const res = await put(c, kind, f);
        if (!refused(res)) failures.push(`${f.label} as ${kind} after a good one: ${res.status}`);
      }
      const docs = await documentsOf(c.id);
      if (docs.rows !== 1 || docs.inForce['id_front'] !== firstId)
        failures.push(`${f.label}: documents after the refusal ${JSON.stringify(docs)}`);
      // The case goes on: the second photo again, properly, and the third; then submit.
      await put(c, 'id_back', await goodFile()).expect(201);
      await put(c, 'id_handheld', await goodFile()).expect(201);
      const submitted = await finish(c);
      if (submitted !== '201 submitted' && submitted !== '200 submitted')
        failures.push(`${f.label}: submit answered ${submitted}`);
      const after = await documentsOf(c.id);
      if (after.rows !== 3 || after.inForce['id_front'] !== firstId)
        failures.push(`${f.label}: documents after submit ${JSON.stringify(after)}`);

      // At once: a good and a bad upload of the same kind racing, then of two kinds.
      const d = await newCase(`par-${tried}`);
      const [g1, b1, b2, g2] = await Promise.all([
        put(d, 'id_front', await goodFile()),
        put(d, 'id_front', f),
        put(d, 'id_back', f),
        put(d, 'id_handheld', await goodFile()),
      ]);
      tried += 2;
      if (g1.status !== 201 || g2.status !== 201)
        failures.push(`${f.label}: good uploads beside it answered ${g1.status}, ${g2.status}`);
      if (!refused(b1) || !refused(b2))
        failures.push(`${f.label}: concurrent bad uploads answered ${b1.status}, ${b2.status}`);
      const raced = await documentsOf(d.id);
      if (
        raced.rows !== 2 ||
        raced.inForce['id_front'] !== g1.body.id ||
        raced.inForce['id_handheld'] !== g2.body.id
      )
        failures.push(`${f.label}: documents after the race ${JSON.stringify(raced)}`);
    }
    failures.push(...(await storageMatchesRows()));
    console.log(
      `batch with a bad second file: ${bad.length} bad files, ${tried} bad uploads beside good ones, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  });

  it('should refuse the whole request and store nothing when one request carries two files', async () => {
    const c = await newCase('multi');
    const ok = await goodFile();
    const bad = (await hostileFiles()).find((f) => f.label === 'EICAR')!;
    const variants: Array<[string, request.Test]> = [
      ['two good files in "file"', put(c, 'id_front', ok).attach('file', await good(), 'b.jpg')],
      [
        'a good and a bad file in "file"',
        put(c, 'id_front', ok).attach('file', bad.bytes, 'eicar.jpg'),
      ],
      [
        'a bad and a good file in "file"',
        put(c, 'id_front', bad).attach('file', ok.bytes, 'a.jpg'),
      ],
      [
        'a second file under another name',
        put(c, 'id_front', ok).attach('file2', ok.bytes, 'b.jpg'),
      ],
      [
        'a file under another name first',
        request(t.url)
          .post(`/api/cases/${c.id}/documents/id_front`)
          .set('Authorization', `Bearer ${c.token}`)
          .attach('photo', ok.bytes, 'a.jpg')
          .attach('file', ok.bytes, 'b.jpg'),
      ],
    ];
    const failures: string[] = [];
    for (const [label, req] of variants) {
      const res = await req;
      if (!refused(res)) failures.push(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const docs = await documentsOf(c.id);
    if (docs.rows !== 0) failures.push(`documents stored: ${JSON.stringify(docs)}`);
    failures.push(...(await storageMatchesRows()));
    // One file per request is still taken afterwards.
    await put(c, 'id_front', ok).expect(201);
    console.log(
      `several files in one request: ${variants.length} tried, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  });
});
