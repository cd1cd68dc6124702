import { randomUUID } from 'node:crypto';
import { computeIdCheckCharacter } from '@shiming/domain';
import request from 'supertest';
import { CryptoService } from '../../common/crypto/crypto.service';
import {
  seedCaseSql,
  seedNumberSql,
  seedTenantSql,
  SeededTenant,
  subscriberToken,
} from '../../test/cases-setup';
import { makeJpeg } from '../../test/images';
import { createTestApp, TestApp } from '../../test/test-app';

/** A valid ID number of 兴义市 (522301) for a birth date. */
function idNumber(birthDate: string, seq = '123'): string {
  const first17 = `522301${birthDate.replace(/-/g, '')}${seq}`;
  return first17 + computeIdCheckCharacter(first17);
}
const ADULT = idNumber('1980-05-17', '135');

describe('registration cases', () => {
  let t: TestApp;
  let mobile: SeededTenant;
  let unicom: SeededTenant;
  let jpeg: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    mobile = await seedTenantSql(t.db.dataSource, { carrier: 'mobile' });
    unicom = await seedTenantSql(t.db.dataSource, {
      carrier: 'unicom',
      policy: { proxyAllowed: false },
    });
    jpeg = await makeJpeg();
  });
  afterAll(() => t.teardown());

  async function subscriber(tenant = mobile, state = 'single_stop') {
    const number = await seedNumberSql(t.db.dataSource, tenant.id, { state });
    const token = subscriberToken(t, tenant, number);
    const api = {
      number,
      token,
      get: (path: string) => request(t.url).get(path).set('authorization', `Bearer ${token}`),
      post: (path: string, body?: object) =>
        request(t.url).post(path).set('authorization', `Bearer ${token}`).send(body),
      put: (path: string, body: object) =>
        request(t.url).put(path).set('authorization', `Bearer ${token}`).send(body),
      upload: (caseId: string, kind: string) =>
        request(t.url)
          .post(`/api/cases/${caseId}/documents/${kind}`)
          .set('authorization', `Bearer ${token}`)
          .attach('file', jpeg, 'photo.jpg'),
    };
    return api;
  }
  type Sub = Awaited<ReturnType<typeof subscriber>>;

  /** A self case with every document, the applicant and the consent: ready to submit. */
  async function readyCase(sub: Sub, id = ADULT, tenant = mobile): Promise<string> {
    const created = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    const caseId = created.body.id as string;
    for (const kind of ['id_front', 'id_back', 'id_handheld'])
      await sub.upload(caseId, kind).expect(201);
    await sub.put(`/api/cases/${caseId}/applicant`, { name: '张三', idNumber: id }).expect(200);
    await sub.post(`/api/cases/${caseId}/consent`, { version: tenant.consentVersion }).expect(200);
    return caseId;
  }

  const submit = (sub: Sub, caseId: string, key: string | null = randomUUID()) => {
    const r = request(t.url)
      .post(`/api/cases/${caseId}/submit`)
      .set('authorization', `Bearer ${sub.token}`);
    return key === null ? r : r.set('Idempotency-Key', key);
  };

  it('should create a masked draft listing the documents required when a subscriber starts a self case', async () => {
    const sub = await subscriber();
    const res = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    expect(res.body).toMatchObject({
      state: 'draft',
      applicantType: 'self',
      phone: `${sub.number.phone.slice(0, 3)}****${sub.number.phone.slice(7)}`,
      requiredDocuments: ['id_front', 'id_back', 'id_handheld'],
      documents: [],
      applicant: null,
      consentVersion: null,
      resubmission: null,
      rejection: null,
      numberState: 'single_stop',
      resubmissionsLeft: 3,
      submittedAt: null,
    });
    const listed = (await sub.get('/api/cases').expect(200)).body as Array<{ id: string }>;
    expect(listed.map((c) => c.id)).toEqual([res.body.id]);
    expect((await sub.get(`/api/cases/${res.body.id}`).expect(200)).body.id).toBe(res.body.id);
  });

  it('should return the same draft when the same type is chosen again, and replace it when another type is chosen', async () => {
    const sub = await subscriber();
    const a = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    const b = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    expect(b.body.id).toBe(a.body.id);
    const c = await sub.post('/api/cases', { applicantType: 'proxy' }).expect(201);
    expect(c.body.id).not.toBe(a.body.id);
    expect(c.body.requiredDocuments).toContain('authorization_letter');
    expect((await sub.get(`/api/cases/${a.body.id}`).expect(200)).body.state).toBe('withdrawn');
  });

  it('should answer 422 PROXY_NOT_ALLOWED with the domain message when a proxy registers at a no-proxy tenant', async () => {
    const sub = await subscriber(unicom);
    const res = await sub.post('/api/cases', { applicantType: 'proxy' }).expect(422);
    expect(res.body.error.code).toBe('PROXY_NOT_ALLOWED');
    expect(res.body.error.message).toContain('不支持他人代办');
  });

  it('should answer 400 when the applicant type is unknown', async () => {
    const sub = await subscriber();
    expect(
      (await sub.post('/api/cases', { applicantType: 'friend' }).expect(400)).body.error.code,
    ).toBe('VALIDATION_FAILED');
  });

  it('should answer 422 NUMBER_CANCELLED with the hotline when the number was cancelled', async () => {
    const sub = await subscriber(mobile, 'cancelled');
    const res = await sub.post('/api/cases', { applicantType: 'self' }).expect(422);
    expect(res.body.error).toMatchObject({ code: 'NUMBER_CANCELLED', hotline: '10086' });
  });

  it('should answer 409 CASE_ALREADY_OPEN with the case id when the number already has a submitted case', async () => {
    const sub = await subscriber();
    const caseId = await readyCase(sub);
    await submit(sub, caseId).expect(200);
    const res = await sub.post('/api/cases', { applicantType: 'self' }).expect(409);
    expect(res.body.error).toMatchObject({ code: 'CASE_ALREADY_OPEN', caseId });
  });

  it('should store the name and ID number encrypted and answer them masked when the applicant is valid', async () => {
    const sub = await subscriber();
    const { body } = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    const res = await sub
      .put(`/api/cases/${body.id}/applicant`, { name: '王小明', idNumber: ADULT })
      .expect(200);
    expect(res.body).toEqual({
      nameMasked: '王**',
      idNumberMasked: `5223**********${ADULT.slice(14)}`,
      age: expect.any(Number),
      sex: 'male',
    });
    const rows: Array<Record<string, Buffer>> = await t.db.dataSource.query(
      'SELECT name_enc, id_number_enc, id_hash, id_carrier_hash FROM registration_case WHERE tenant_id = $1 AND id = $2',
      [mobile.id, body.id],
    );
    const row = rows[0] as Record<string, Buffer>;
    expect(row['name_enc']?.includes(Buffer.from('王小明'))).toBe(false);
    expect(row['id_number_enc']?.includes(Buffer.from(ADULT))).toBe(false);
    expect(row['id_hash']).toEqual(t.app.get(CryptoService).keyedHash(mobile.id, ADULT));
    expect(row['id_carrier_hash']).toEqual(t.app.get(CryptoService).carrierHash('mobile', ADULT));
    const view = await sub.get(`/api/cases/${body.id}`).expect(200);
    expect(view.body.applicant).toEqual({
      nameMasked: '王**',
      idNumberMasked: `5223**********${ADULT.slice(14)}`,
    });
  });

  it('should answer 400 with the domain code per field when the ID checksum or the name is wrong', async () => {
    const sub = await subscriber();
    const { body } = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    const wrong = ADULT.slice(0, 17) + (ADULT.endsWith('1') ? '2' : '1');
    const res = await sub
      .put(`/api/cases/${body.id}/applicant`, { name: '张三\u200b', idNumber: wrong })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fieldCodes).toEqual({
      name: 'INVISIBLE_CHARACTER',
      idNumber: 'CHECKSUM',
    });
    expect(typeof res.body.error.fields.idNumber).toBe('string');
  });

  it('should answer 409 CONSENT_VERSION_OUTDATED when the consent names an old version', async () => {
    const sub = await subscriber();
    const { body } = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    const res = await sub
      .post(`/api/cases/${body.id}/consent`, { version: '2015-old' })
      .expect(409);
    expect(res.body.error).toMatchObject({
      code: 'CONSENT_VERSION_OUTDATED',
      currentVersion: mobile.consentVersion,
    });
    const ok = await sub
      .post(`/api/cases/${body.id}/consent`, { version: mobile.consentVersion })
      .expect(200);
    expect(ok.body).toEqual({ version: mobile.consentVersion, consentedAt: expect.any(String) });
  });

  it('should answer 400 IDEMPOTENCY_KEY_MISSING when submit has no Idempotency-Key', async () => {
    const sub = await subscriber();
    const { body } = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    expect((await submit(sub, body.id, null).expect(400)).body.error.code).toBe(
      'IDEMPOTENCY_KEY_MISSING',
    );
  });

  it('should answer 422 DOCUMENTS_MISSING, APPLICANT_MISSING and CONSENT_MISSING when those steps are skipped', async () => {
    const sub = await subscriber();
    const { body } = await sub.post('/api/cases', { applicantType: 'self' }).expect(201);
    const r1 = await submit(sub, body.id).expect(422);
    expect(r1.body.error).toMatchObject({
      code: 'DOCUMENTS_MISSING',
      missing: ['id_front', 'id_back', 'id_handheld'],
    });
    for (const kind of ['id_front', 'id_back', 'id_handheld'])
      await sub.upload(body.id, kind).expect(201);
    expect((await submit(sub, body.id).expect(422)).body.error.code).toBe('APPLICANT_MISSING');
    await sub.put(`/api/cases/${body.id}/applicant`, { name: '张三', idNumber: ADULT }).expect(200);
    expect((await submit(sub, body.id).expect(422)).body.error.code).toBe('CONSENT_MISSING');
  });

  it('should answer the first response and change the state once when submit is repeated with the same key', async () => {
    const sub = await subscriber();
    const caseId = await readyCase(sub);
    const key = randomUUID();
    const first = await submit(sub, caseId, key).expect(200);
    expect(first.body).toMatchObject({
      id: caseId,
      state: 'submitted',
      submittedAt: expect.any(String),
    });
    const again = await submit(sub, caseId, key).expect(200);
    expect(again.body).toEqual(first.body);
    const rows: Array<{ version: number; queued_at: Date | null }> = await t.db.dataSource.query(
      'SELECT version, queued_at FROM registration_case WHERE tenant_id = $1 AND id = $2',
      [mobile.id, caseId],
    );
    expect(rows[0]?.queued_at).not.toBeNull();
    const audits: Array<{ n: number }> = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND target_id = $2 AND action = 'case.submit'`,
      [mobile.id, caseId],
    );
    expect(audits[0]?.n).toBe(1);
    // A new key for an already-submitted case is refused, not a second submission.
    expect((await submit(sub, caseId).expect(409)).body.error.code).toBe('CASE_NOT_EDITABLE');
  });

  it('should answer 409 IDEMPOTENCY_KEY_REUSED when the same key is sent for another case', async () => {
    const sub = await subscriber();
    const caseId = await readyCase(sub);
    const key = randomUUID();
    await submit(sub, caseId, key).expect(200);
    const other = await seedCaseSql(t.db.dataSource, mobile.id, sub.number.id, {
      state: 'withdrawn',
    });
    expect((await submit(sub, other, key).expect(409)).body.error.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('should answer 422 UNDERAGE when the owner is younger than the tenant minimum', async () => {
    const sub = await subscriber();
    const year = new Date().getUTCFullYear() - 10;
    const caseId = await readyCase(sub, idNumber(`${year}-01-01`, '246'));
    const res = await submit(sub, caseId).expect(422);
    expect(res.body.error.code).toBe('UNDERAGE');
    expect(res.body.error.message).toContain('16');
  });

  it('should answer 422 IDENTITY_QUOTA_EXCEEDED when one identity asks for a sixth number at one carrier', async () => {
    const id = idNumber('1975-03-08', '357');
    const hash = t.app.get(CryptoService).carrierHash('mobile', id);
    // Five numbers already held or pending, across two tenants of the same carrier.
    const otherMobile = await seedTenantSql(t.db.dataSource, { carrier: 'mobile' });
    const states = ['approved', 'approved', 'submitted', 'in_review', 'needs_resubmission'];
    for (const [i, state] of states.entries()) {
      const tenant = i < 2 ? otherMobile : mobile;
      const n = await seedNumberSql(t.db.dataSource, tenant.id, {
        state: state === 'approved' ? 'active' : 'single_stop',
      });
      const c = await seedCaseSql(t.db.dataSource, tenant.id, n.id, { state });
      await t.db.dataSource.query(
        `UPDATE registration_case SET carrier = 'mobile', id_carrier_hash = $3 WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, c, hash],
      );
    }
    // The same identity at another carrier, and a withdrawn case, do not count.
    const atUnicom = await seedNumberSql(t.db.dataSource, unicom.id);
    const uc = await seedCaseSql(t.db.dataSource, unicom.id, atUnicom.id, { state: 'approved' });
    await t.db.dataSource.query(
      `UPDATE registration_case SET carrier = 'unicom', id_carrier_hash = $3 WHERE tenant_id = $1 AND id = $2`,
      [unicom.id, uc, t.app.get(CryptoService).carrierHash('unicom', id)],
    );

    const sub = await subscriber();
    const caseId = await readyCase(sub, id);
    const res = await submit(sub, caseId).expect(422);
    expect(res.body.error).toMatchObject({ code: 'IDENTITY_QUOTA_EXCEEDED', count: 5, limit: 5 });

    // One of the five numbers is cancelled: the place is free again.
    await t.db.dataSource.query(
      `UPDATE phone_number SET state = 'cancelled' WHERE (tenant_id, id) IN (SELECT tenant_id, number_id FROM registration_case WHERE id_carrier_hash = $1 AND state = 'in_review')`,
      [hash],
    );
    expect((await submit(sub, caseId).expect(200)).body.state).toBe('submitted');
  });

  it("should answer 404 CASE_NOT_FOUND when the case is another number's or another tenant's", async () => {
    const owner = await subscriber();
    const { body } = await owner.post('/api/cases', { applicantType: 'self' }).expect(201);
    const sameTenant = await subscriber();
    const otherTenant = await subscriber(unicom);
    for (const intruder of [sameTenant, otherTenant]) {
      expect((await intruder.get(`/api/cases/${body.id}`).expect(404)).body.error.code).toBe(
        'CASE_NOT_FOUND',
      );
      await intruder
        .put(`/api/cases/${body.id}/applicant`, { name: '李四', idNumber: ADULT })
        .expect(404);
      await intruder
        .post(`/api/cases/${body.id}/consent`, { version: mobile.consentVersion })
        .expect(404);
      await submit(intruder, body.id).expect(404);
      await intruder.post(`/api/cases/${body.id}/withdraw`).expect(404);
      await intruder.upload(body.id, 'id_front').expect(404);
    }
    await owner.get(`/api/cases/${randomUUID()}`).expect(404);
  });

  it('should withdraw a submitted case and refuse a second withdrawal', async () => {
    const sub = await subscriber();
    const caseId = await readyCase(sub);
    await submit(sub, caseId).expect(200);
    expect((await sub.post(`/api/cases/${caseId}/withdraw`).expect(200)).body.state).toBe(
      'withdrawn',
    );
    expect((await sub.post(`/api/cases/${caseId}/withdraw`).expect(409)).body.error.code).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('should mark the photos to redo stale and accept the resubmission once they are re-uploaded', async () => {
    const sub = await subscriber();
    const caseId = await readyCase(sub);
    await submit(sub, caseId).expect(200);
    const resubmission = {
      items: [{ reason: 'blurry', document: 'id_back' }, { reason: 'name_id_mismatch' }],
      message: '请重拍国徽面',
      requestedAt: new Date().toISOString(),
    };
    await t.db.dataSource.query(
      `UPDATE registration_case SET state = 'needs_resubmission', resubmission = $3, resubmission_count = 1, decided_at = now() WHERE tenant_id = $1 AND id = $2`,
      [mobile.id, caseId, resubmission],
    );
    const view = await sub.get(`/api/cases/${caseId}`).expect(200);
    expect(view.body.resubmission).toMatchObject({ message: '请重拍国徽面', redo: ['id_back'] });
    expect(view.body.resubmission.items[0]).toMatchObject({
      reason: 'blurry',
      document: 'id_back',
      label: expect.stringContaining('看不清'),
    });
    const documents = view.body.documents as Array<{ kind: string; stale: boolean }>;
    expect(documents.find((d) => d.kind === 'id_back')?.stale).toBe(true);
    expect(documents.find((d) => d.kind === 'id_front')?.stale).toBe(false);
    expect(view.body.resubmissionsLeft).toBe(2);

    expect((await submit(sub, caseId).expect(422)).body.error).toMatchObject({
      code: 'DOCUMENTS_MISSING',
      missing: ['id_back'],
    });
    await sub.upload(caseId, 'id_back').expect(201);
    const res = await submit(sub, caseId).expect(200);
    expect(res.body.state).toBe('submitted');
    expect(res.body.resubmission).toBeNull();
  });
});
