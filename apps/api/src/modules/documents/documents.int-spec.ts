import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { CryptoService } from '../../common/crypto/crypto.service';
import {
  seedCaseSql,
  seedNumberSql,
  seedTenantSql,
  SeededTenant,
  subscriberToken,
} from '../../test/cases-setup';
import { makeCorruptJpeg, makeJpeg, makePixelBombPng } from '../../test/images';
import { createTestApp, TestApp } from '../../test/test-app';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

/** Every file under the storage dir, as tenant/uuid keys. */
function storedKeys(dir: string): string[] {
  let out: string[] = [];
  for (const t of readdirSync(dir)) {
    if (statSync(join(dir, t)).isDirectory())
      out = out.concat(readdirSync(join(dir, t)).map((f) => `${t}/${f}`));
  }
  return out;
}

describe('POST /api/cases/:id/documents/:kind', () => {
  let t: TestApp;
  let storageDir: string;
  let tenant: SeededTenant;
  let number: { id: string; phone: string };
  let token: string;
  let caseId: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
    if (t.config.storage.driver !== 'local') throw new Error('tests use local storage');
    storageDir = t.config.storage.dir;
    const ds = t.db.dataSource;
    tenant = await seedTenantSql(ds);
    number = await seedNumberSql(ds, tenant.id);
    token = subscriberToken(t, tenant, number);
    caseId = await seedCaseSql(ds, tenant.id, number.id);
    jpeg = await makeJpeg({ width: 1200, height: 800, exif: true });
  });
  afterAll(() => t.teardown());

  const upload = (kind: string, body: Buffer, filename = 'photo.jpg', id = caseId, tok = token) =>
    request(t.url)
      .post(`/api/cases/${id}/documents/${kind}`)
      .set('authorization', `Bearer ${tok}`)
      .attach('file', body, { filename, contentType: 'image/jpeg' });

  it('should store an encrypted, EXIF-free JPEG when a real photo with GPS is uploaded', async () => {
    expect(jpeg.includes(Buffer.from('Shiming test camera'))).toBe(true);
    const res = await upload('id_front', jpeg).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      kind: 'id_front',
      width: 1200,
      height: 800,
      bytes: expect.any(Number),
      uploadedAt: expect.any(String),
      quality: expect.objectContaining({ verdict: expect.any(String), blocking: false }),
    });

    const rows: Array<{ storage_key: string }> = await t.db.dataSource.query(
      'SELECT storage_key FROM document WHERE tenant_id = $1 AND id = $2',
      [tenant.id, res.body.id],
    );
    const key = rows[0]?.storage_key as string;
    expect(key.startsWith(`${tenant.id}/`)).toBe(true);
    const onDisk = readFileSync(join(storageDir, key));
    expect(onDisk.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(onDisk.includes(Buffer.from('JFIF'))).toBe(false);

    const plain = t.app
      .get(CryptoService)
      .decrypt(tenant.id, onDisk, `document:${tenant.id}:${res.body.id}`);
    const meta = await sharp(plain).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(plain.includes(Buffer.from('Shiming test camera'))).toBe(false);
  });

  it('should give the reviewer the decrypted JPEG when readForViewing is called', async () => {
    const res = await upload('id_back', jpeg).expect(201);
    const viewed = await t.app.get(DocumentsService).readForViewing(tenant.id, res.body.id);
    expect(viewed.kind).toBe('id_back');
    expect(viewed.caseId).toBe(caseId);
    expect(viewed.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const other = await seedTenantSql(t.db.dataSource);
    await expect(
      t.app.get(DocumentsService).readForViewing(other.id, res.body.id),
    ).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
  });

  it('should supersede the earlier photo of the same kind when it is uploaded again', async () => {
    const first = await upload('id_handheld', jpeg).expect(201);
    const second = await upload('id_handheld', await makeJpeg({ seed: 3 })).expect(201);
    const rows: Array<{ id: string; superseded_at: Date | null }> = await t.db.dataSource.query(
      `SELECT id, superseded_at FROM document WHERE tenant_id = $1 AND case_id = $2 AND kind = 'id_handheld'`,
      [tenant.id, caseId],
    );
    expect(rows.find((r) => r.id === first.body.id)?.superseded_at).not.toBeNull();
    expect(rows.find((r) => r.id === second.body.id)?.superseded_at).toBeNull();
  });

  it('should answer 415 NOT_AN_IMAGE when a text file is named .jpg', async () => {
    const res = await upload(
      'id_front',
      Buffer.from('this is a text file, not a photo'),
      'id.jpg',
    ).expect(415);
    expect(res.body.error.code).toBe('NOT_AN_IMAGE');
  });

  it('should answer 422 IMAGE_TOO_LARGE when a PNG declares 20000×20000 pixels', async () => {
    const res = await upload('id_front', makePixelBombPng(20000, 20000), 'bomb.png').expect(422);
    expect(res.body.error.code).toBe('IMAGE_TOO_LARGE');
  });

  it('should answer 415 when the JPEG is truncated', async () => {
    const res = await upload('id_front', await makeCorruptJpeg()).expect(415);
    expect(res.body.error.code).toBe('NOT_AN_IMAGE');
  });

  it('should answer 413 FILE_TOO_LARGE when the file is over the byte limit', async () => {
    const big = Buffer.concat([jpeg, Buffer.alloc(2 * 1024 * 1024 + 10)]);
    const res = await upload('id_front', big).catch(
      (e: { response?: request.Response }) => e.response,
    );
    expect(res?.status).toBe(413);
    expect(res?.body.error.code).toBe('FILE_TOO_LARGE');
  });

  it('should answer 400 DOCUMENT_KIND_INVALID when the kind is not required for the applicant type', async () => {
    const res = await upload('business_licence', jpeg).expect(400);
    expect(res.body.error.code).toBe('DOCUMENT_KIND_INVALID');
    await upload('../../etc', jpeg).expect(404);
  });

  it('should answer 404 CASE_NOT_FOUND when the case belongs to another number or tenant', async () => {
    const otherNumber = await seedNumberSql(t.db.dataSource, tenant.id);
    const otherCase = await seedCaseSql(t.db.dataSource, tenant.id, otherNumber.id);
    expect((await upload('id_front', jpeg, 'a.jpg', otherCase).expect(404)).body.error.code).toBe(
      'CASE_NOT_FOUND',
    );
    const otherTenant = await seedTenantSql(t.db.dataSource);
    const theirNumber = await seedNumberSql(t.db.dataSource, otherTenant.id);
    const theirToken = subscriberToken(t, otherTenant, theirNumber);
    expect(
      (await upload('id_front', jpeg, 'a.jpg', caseId, theirToken).expect(404)).body.error.code,
    ).toBe('CASE_NOT_FOUND');
    expect(
      (await upload('id_front', jpeg, 'a.jpg', 'not-a-uuid').expect(404)).body.error.code,
    ).toBe('CASE_NOT_FOUND');
  });

  it('should answer 409 CASE_NOT_EDITABLE when the case is already submitted', async () => {
    const n = await seedNumberSql(t.db.dataSource, tenant.id);
    const submitted = await seedCaseSql(t.db.dataSource, tenant.id, n.id, { state: 'submitted' });
    const res = await upload(
      'id_front',
      jpeg,
      'a.jpg',
      submitted,
      subscriberToken(t, tenant, n),
    ).expect(409);
    expect(res.body.error.code).toBe('CASE_NOT_EDITABLE');
  });

  it('should take no ID photo or ID number for a draft whose number was cancelled or registered since', async () => {
    const ds = t.db.dataSource;
    for (const [state, registered, status, code] of [
      ['cancelled', false, 422, 'NUMBER_CANCELLED'],
      ['active', true, 409, 'NUMBER_ALREADY_REGISTERED'],
    ] as const) {
      const n = await seedNumberSql(ds, tenant.id);
      const draft = await seedCaseSql(ds, tenant.id, n.id);
      // The escalation (or the billing export) changes the number after the draft was made.
      await ds.query(
        `UPDATE phone_number SET state = $3, registered = $4 WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, n.id, state, registered],
      );
      const before = storedKeys(storageDir).length;
      const tok = subscriberToken(t, tenant, n);
      const res = await upload('id_front', jpeg, 'a.jpg', draft, tok).expect(status);
      expect(res.body.error.code).toBe(code);
      if (state === 'cancelled') expect(res.body.error.message).toMatch(/客服热线 \d+/);
      const applicant = await request(t.url)
        .put(`/api/cases/${draft}/applicant`)
        .set('authorization', `Bearer ${tok}`)
        .send({ name: '杨光明', idNumber: '110101199003070011' })
        .expect(status);
      expect(applicant.body.error.code).toBe(code);
      const rows: Array<{ docs: number; id_enc: Buffer | null }> = await ds.query(
        `SELECT (SELECT count(*)::int FROM document WHERE tenant_id = $1 AND case_id = $2) AS docs,
                id_number_enc AS id_enc
           FROM registration_case WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, draft],
      );
      expect(rows).toEqual([{ docs: 0, id_enc: null }]);
      expect(storedKeys(storageDir)).toHaveLength(before);
    }
  });

  it('should leave no stored file when the database write fails', async () => {
    const before = storedKeys(storageDir).length;
    const repo = t.app.get(DocumentsRepository);
    const spy = jest
      .spyOn(repo, 'insertReplacing')
      .mockRejectedValueOnce(new Error('simulated database failure'));
    const res = await upload('id_front', jpeg);
    expect(res.status).toBe(500);
    expect(spy).toHaveBeenCalled();
    expect(storedKeys(storageDir).length).toBe(before);
    spy.mockRestore();
  });

  it('should remove orphaned files and keep referenced ones when the sweep runs', async () => {
    const svc = t.app.get(DocumentsService);
    const orphanKey = `${tenant.id}/00000000-0000-4000-8000-000000000001`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(storageDir, orphanKey), 'left by a crash');
    const referenced = storedKeys(storageDir).length - 1;
    const dry = await svc.sweepOrphans({
      dryRun: true,
      graceMinutes: 0,
      now: new Date(Date.now() + 1000),
    });
    expect(dry.orphans).toEqual([orphanKey]);
    expect(storedKeys(storageDir)).toContain(orphanKey);
    const young = await svc.sweepOrphans({ dryRun: false, graceMinutes: 60 });
    expect(young.deleted).toBe(0);
    const real = await svc.sweepOrphans({
      dryRun: false,
      graceMinutes: 0,
      now: new Date(Date.now() + 1000),
    });
    expect(real.deleted).toBe(1);
    expect(storedKeys(storageDir)).not.toContain(orphanKey);
    expect(storedKeys(storageDir).length).toBe(referenced);
  });
});
