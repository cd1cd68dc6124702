import sharp from 'sharp';
import request from 'supertest';
import { DocumentsService } from '../modules/documents/documents.service';
import { seedNumber, seedTenant, subscriberToken, type SeededTenant } from '../test/factories';
import { makeCorruptJpeg, makeJpeg, makePixelBombPng } from '../test/images';
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
    const jpeg = await makeJpeg({ width: 400, height: 300, exif: true });
    const png = await sharp(jpeg).png().toBuffer();
    const files: Array<{ label: string; bytes: Buffer; filename: string; type: string }> = [
      { label: 'zero bytes', bytes: Buffer.alloc(0), filename: 'a.jpg', type: 'image/jpeg' },
      {
        label: 'truncated JPEG',
        bytes: await makeCorruptJpeg(),
        filename: 'a.jpg',
        type: 'image/jpeg',
      },
      { label: 'PNG named .jpg', bytes: png, filename: 'a.jpg', type: 'image/jpeg' },
      {
        label: 'HTML behind a JPEG header',
        bytes: Buffer.concat([JPEG_HEADER, Buffer.from('<html><script>alert(1)</script></html>')]),
        filename: 'a.jpg',
        type: 'image/jpeg',
      },
      {
        label: 'PHP behind a JPEG header',
        bytes: Buffer.concat([JPEG_HEADER, Buffer.from('<?php system($_GET["c"]); ?>')]),
        filename: 'a.php.jpg',
        type: 'image/jpeg',
      },
      {
        label: 'SVG with script',
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
      { label: 'EICAR', bytes: Buffer.from(EICAR), filename: 'eicar.jpg', type: 'image/jpeg' },
      {
        label: 'pixel bomb 100000×100000 PNG',
        bytes: makePixelBombPng(100_000, 100_000),
        filename: 'a.jpg',
        type: 'image/jpeg',
      },
      {
        label: 'one byte over the limit',
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
});
