import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  computeIdCheckCharacter,
  DEFAULT_CAPTURE_POLICY,
  type CapturePolicy,
} from '@shiming/domain';
import { fixturePath } from '@shiming/id-card-fixtures';
import request from 'supertest';
import {
  seedNumberSql,
  seedTenantSql,
  SeededTenant,
  subscriberToken,
} from '../../test/cases-setup';
import { makeJpeg } from '../../test/images';
import { createTestApp, TestApp } from '../../test/test-app';

const fixture = (file: string): Buffer => readFileSync(fixturePath(file));

function idNumber(birth: string, seq: string): string {
  const first17 = `522301${birth}${seq}`;
  return first17 + computeIdCheckCharacter(first17);
}

interface CaseBody {
  documents: Array<{ kind: string; quality: QualityBody }>;
}

interface QualityBody {
  verdict: string;
  blocking: boolean;
  checks: Array<{
    code: string;
    score: number;
    threshold: number;
    verdict: string;
    message: string;
  }>;
}

describe('capture quality at upload and submission', () => {
  let t: TestApp;
  let handheld: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    handheld = await makeJpeg({ width: 1600, height: 1200 });
  });
  afterAll(() => t.teardown());

  async function tenantWith(capture: Partial<CapturePolicy> = {}): Promise<SeededTenant> {
    const tenant = await seedTenantSql(t.db.dataSource);
    await t.db.dataSource.query(`UPDATE tenant SET capture_policy = $2 WHERE id = $1`, [
      tenant.id,
      JSON.stringify({ ...DEFAULT_CAPTURE_POLICY, ...capture }),
    ]);
    return tenant;
  }

  async function subscriber(tenant: SeededTenant) {
    const number = await seedNumberSql(t.db.dataSource, tenant.id);
    const token = subscriberToken(t, tenant, number);
    const auth = `Bearer ${token}`;
    const api = {
      get: (path: string) => request(t.url).get(path).set('authorization', auth),
      post: (path: string, body?: object) =>
        request(t.url).post(path).set('authorization', auth).send(body),
      put: (path: string, body: object) =>
        request(t.url).put(path).set('authorization', auth).send(body),
      upload: (caseId: string, kind: string, bytes: Buffer) =>
        request(t.url)
          .post(`/api/cases/${caseId}/documents/${kind}`)
          .set('authorization', auth)
          .attach('file', bytes, 'photo.jpg'),
      submit: (caseId: string) =>
        request(t.url)
          .post(`/api/cases/${caseId}/submit`)
          .set('authorization', auth)
          .set('Idempotency-Key', randomUUID()),
    };
    return api;
  }
  type Sub = Awaited<ReturnType<typeof subscriber>>;

  async function draft(sub: Sub): Promise<string> {
    return (await sub.post('/api/cases', { applicantType: 'self' }).expect(201)).body.id as string;
  }

  /** A self case with the given ID front, a good back and handheld photo, applicant and consent. */
  async function readyCase(
    sub: Sub,
    tenant: SeededTenant,
    front: Buffer,
    id: string,
  ): Promise<string> {
    const caseId = await draft(sub);
    await sub.upload(caseId, 'id_front', front).expect(201);
    await sub.upload(caseId, 'id_back', fixture('lina-back-sharp.jpg')).expect(201);
    await sub.upload(caseId, 'id_handheld', handheld).expect(201);
    await sub.put(`/api/cases/${caseId}/applicant`, { name: '张三', idNumber: id }).expect(200);
    await sub.post(`/api/cases/${caseId}/consent`, { version: tenant.consentVersion }).expect(200);
    return caseId;
  }

  const verdicts = (q: QualityBody): Record<string, string> =>
    Object.fromEntries(q.checks.map((c) => [c.code, c.verdict]));

  it.each([
    [
      'zhangsanfeng-front-sharp.jpg',
      { blur: 'pass', glare: 'pass', framing: 'pass', resolution: 'pass' },
      'pass',
    ],
    ['zhangsanfeng-front-blur-3.jpg', { blur: 'fail' }, 'fail'],
    ['ouyangxiaoming-front-blur-1.5.jpg', { blur: 'warn' }, 'warn'],
    ['chensiyuan-front-overexposed.jpg', { glare: 'fail' }, 'fail'],
    ['lina-front-glare.jpg', { glare: 'fail', blur: 'pass' }, 'fail'],
    ['ayiguli-front-far.jpg', { framing: 'fail', resolution: 'pass' }, 'fail'],
    ['chensiyuan-front-small.jpg', { resolution: 'fail', framing: 'pass' }, 'fail'],
  ])('should judge %s at upload as %j', async (file, expected, overall) => {
    const tenant = await tenantWith();
    const sub = await subscriber(tenant);
    const caseId = await draft(sub);
    const res = await sub.upload(caseId, 'id_front', fixture(file)).expect(201);
    const q = res.body.quality as QualityBody;
    expect(verdicts(q)).toMatchObject(expected);
    expect(q.verdict).toBe(overall);
    expect(q.blocking).toBe(false);
    for (const c of q.checks) {
      expect(c.message).toMatch(/[\u4e00-\u9fff]/);
      expect(typeof c.score).toBe('number');
    }
  });

  it('should tell the subscriber what to do when the photo is blurred', async () => {
    const tenant = await tenantWith();
    const sub = await subscriber(tenant);
    const caseId = await draft(sub);
    const res = await sub.upload(caseId, 'id_front', fixture('zhangsanfeng-front-blur-3.jpg'));
    expect((res.body.quality as QualityBody).checks.find((c) => c.code === 'blur')).toEqual({
      code: 'blur',
      score: expect.any(Number),
      threshold: 150,
      verdict: 'fail',
      message: '照片模糊，请拿稳手机、对准证件重新拍。',
    });
  });

  it("should judge against the tenant's thresholds", async () => {
    const strict = await tenantWith({ blurMin: 3000 });
    const sub = await subscriber(strict);
    const caseId = await draft(sub);
    const res = await sub.upload(caseId, 'id_front', fixture('zhangsanfeng-front-sharp.jpg'));
    expect(verdicts(res.body.quality as QualityBody).blur).toBe('fail');
    const off = await tenantWith({ blurMin: 0 });
    const sub2 = await subscriber(off);
    const case2 = await draft(sub2);
    const res2 = await sub2.upload(case2, 'id_front', fixture('zhangsanfeng-front-blur-3.jpg'));
    expect(verdicts(res2.body.quality as QualityBody).blur).toBe('pass');
  });

  it('should check only the resolution of the handheld photo, and nothing of an enterprise letter', async () => {
    const tenant = await tenantWith();
    const sub = await subscriber(tenant);
    const caseId = await draft(sub);
    const small = await sub.upload(
      caseId,
      'id_handheld',
      await makeJpeg({ width: 600, height: 450 }),
    );
    expect((small.body.quality as QualityBody).checks).toEqual([
      expect.objectContaining({ code: 'resolution', score: 450, verdict: 'fail' }),
    ]);
    const big = await sub.upload(caseId, 'id_handheld', handheld).expect(201);
    expect((big.body.quality as QualityBody).verdict).toBe('pass');

    const sub2 = await subscriber(tenant);
    const ent = (await sub2.post('/api/cases', { applicantType: 'enterprise' }).expect(201)).body
      .id;
    const letter = await sub2.upload(ent, 'business_licence', await makeJpeg()).expect(201);
    expect(letter.body.quality).toBeNull();
  });

  it("should show each document's quality in the subscriber's case", async () => {
    const tenant = await tenantWith();
    const sub = await subscriber(tenant);
    const caseId = await draft(sub);
    await sub.upload(caseId, 'id_front', fixture('lina-front-glare.jpg')).expect(201);
    await sub.upload(caseId, 'id_back', fixture('lina-back-sharp.jpg')).expect(201);
    const c = (await sub.get(`/api/cases/${caseId}`).expect(200)).body as CaseBody;
    expect(c.documents.map((d) => [d.kind, d.quality.verdict, d.quality.blocking])).toEqual([
      ['id_front', 'fail', false],
      ['id_back', 'pass', false],
    ]);
  });

  it('should submit a case with a failed photo when the tenant only warns', async () => {
    const tenant = await tenantWith({ qualityMode: 'warn' });
    const sub = await subscriber(tenant);
    const caseId = await readyCase(
      sub,
      tenant,
      fixture('zhangsanfeng-front-blur-3.jpg'),
      idNumber('19800517', '135'),
    );
    const res = await sub.submit(caseId).expect(200);
    expect(res.body.state).toBe('submitted');
  });

  it('should refuse submission with 422 PHOTO_QUALITY_FAILED when the tenant blocks, until the photo is retaken', async () => {
    const tenant = await tenantWith({ qualityMode: 'block' });
    const sub = await subscriber(tenant);
    const caseId = await readyCase(
      sub,
      tenant,
      fixture('zhangsanfeng-front-blur-3.jpg'),
      idNumber('19800517', '246'),
    );
    const c = (await sub.get(`/api/cases/${caseId}`).expect(200)).body as CaseBody;
    expect(c.documents.find((d) => d.kind === 'id_front')?.quality.blocking).toBe(true);

    const refused = await sub.submit(caseId).expect(422);
    expect(refused.body.error).toEqual({
      code: 'PHOTO_QUALITY_FAILED',
      message: expect.stringContaining('机主身份证人像面'),
      documents: [{ kind: 'id_front', checks: ['blur'] }],
    });
    const again = await sub
      .upload(caseId, 'id_front', fixture('zhangsanfeng-front-sharp.jpg'))
      .expect(201);
    expect(again.body.quality.blocking).toBe(false);
    expect((await sub.submit(caseId).expect(200)).body.state).toBe('submitted');
  });

  it('should list every failing photo and check when several fail', async () => {
    const tenant = await tenantWith({ qualityMode: 'block' });
    const sub = await subscriber(tenant);
    const caseId = await readyCase(
      sub,
      tenant,
      fixture('chensiyuan-front-small.jpg'),
      idNumber('19800517', '357'),
    );
    await sub
      .upload(caseId, 'id_handheld', await makeJpeg({ width: 600, height: 450 }))
      .expect(201);
    const refused = await sub.submit(caseId).expect(422);
    expect(refused.body.error.documents).toEqual([
      { kind: 'id_front', checks: ['resolution'] },
      { kind: 'id_handheld', checks: ['resolution'] },
    ]);
  });

  it('should mark an ID front at upload when the same photo is already in a case of another identity', async () => {
    const tenant = await tenantWith();
    const photo = fixture('ayiguli-front-sharp.jpg');
    const first = await subscriber(tenant);
    await readyCase(first, tenant, photo, idNumber('19910315', '128'));
    const second = await subscriber(tenant);
    const caseId = await draft(second);
    await second
      .put(`/api/cases/${caseId}/applicant`, {
        name: '李四',
        idNumber: idNumber('19850101', '222'),
      })
      .expect(200);
    const up = await second.upload(caseId, 'id_front', photo).expect(201);
    const rows = await t.db.dataSource.query(
      `SELECT flags, phash IS NOT NULL AS hashed FROM document WHERE tenant_id = $1 AND id = $2`,
      [tenant.id, up.body.id],
    );
    expect(rows[0]).toEqual({ flags: ['duplicate_photo'], hashed: true });
    // Nothing of it is shown to the subscriber.
    expect(JSON.stringify(up.body)).not.toContain('duplicate');
  });
});
