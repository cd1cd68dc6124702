import { readFileSync } from 'node:fs';
import { DEFAULT_CAPTURE_POLICY, type CapturePolicy } from '@shiming/domain';
import { fixturePath } from '@shiming/id-card-fixtures';
import sharp from 'sharp';
import request from 'supertest';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  type SeededAgent,
  type SeededTenant,
} from '../../test/factories';
import { makeJpeg } from '../../test/images';
import { idNumberFor, seedSubmittedCase } from '../../test/review-setup';
import { createTestApp, TestApp } from '../../test/test-app';
import { CaseFlagRegistry } from './case-flags';

const fixture = (file: string): Buffer => readFileSync(fixturePath(file));

interface FlagBody {
  code: string;
  severity: string;
  documentId?: string;
  message: string;
  suggestedReason?: string;
  relatedCaseIds?: string[];
}

describe('case flags in the console case view', () => {
  let t: TestApp;
  let backPhoto: Buffer;
  let handheld: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    backPhoto = fixture('zhangsanfeng-back-sharp.jpg');
    // A handheld photo large enough for its resolution check.
    handheld = await makeJpeg({ width: 1600, height: 1200 });
  });
  afterAll(() => t.teardown());

  const ds = (): TestApp['db']['dataSource'] => t.db.dataSource;

  async function tenantWithAgent(
    capture: Partial<CapturePolicy> = {},
  ): Promise<{ tenant: SeededTenant; agent: SeededAgent }> {
    const tenant = await seedTenant(ds());
    await ds().query(`UPDATE tenant SET capture_policy = $2 WHERE id = $1`, [
      tenant.id,
      JSON.stringify({ ...DEFAULT_CAPTURE_POLICY, ...capture }),
    ]);
    return { tenant, agent: await seedAgent(ds(), tenant.id) };
  }

  function caseWith(
    tenant: SeededTenant,
    front: Buffer,
    o: { idNumber?: string; number?: Awaited<ReturnType<typeof seedNumber>> } = {},
  ) {
    return seedSubmittedCase(t, tenant, {
      photos: { id_front: front, id_back: backPhoto, id_handheld: handheld },
      ...o,
    });
  }

  async function view(agent: SeededAgent, caseId: string) {
    const res = await request(t.url)
      .get(`/api/console/cases/${caseId}`)
      .set('Authorization', `Bearer ${agentToken(t.config, agent)}`)
      .expect(200);
    return res.body as {
      flags: FlagBody[];
      documents: Array<{ id: string; kind: string; quality: { verdict: string } | null }>;
    };
  }

  it('should show no flag and passing quality on each document when the photos are good', async () => {
    const { tenant, agent } = await tenantWithAgent();
    const c = await caseWith(tenant, fixture('zhangsanfeng-front-sharp.jpg'));
    const body = await view(agent, c.id);
    expect(body.flags).toEqual([]);
    expect(body.documents.map((d) => [d.kind, d.quality?.verdict])).toEqual([
      ['id_front', 'pass'],
      ['id_back', 'pass'],
      ['id_handheld', 'pass'],
    ]);
  });

  it.each([
    ['zhangsanfeng-front-blur-3.jpg', 'QUALITY_BLUR', 'blurry'],
    ['lina-front-glare.jpg', 'QUALITY_GLARE', 'glare'],
    ['chensiyuan-front-overexposed.jpg', 'QUALITY_GLARE', 'glare'],
    ['ayiguli-front-far.jpg', 'QUALITY_FRAMING', 'cropped'],
    ['chensiyuan-front-small.jpg', 'QUALITY_RESOLUTION', 'blurry'],
  ])('should flag %s as %s with the reason %s for one click', async (file, code, reason) => {
    const { tenant, agent } = await tenantWithAgent();
    const c = await caseWith(tenant, fixture(file));
    const body = await view(agent, c.id);
    const front = body.documents.find((d) => d.kind === 'id_front');
    expect(front?.quality?.verdict).toBe('fail');
    expect(body.flags).toContainEqual({
      code,
      severity: 'critical',
      documentId: front?.id,
      message: expect.stringContaining('机主身份证人像面'),
      suggestedReason: reason,
    });
    // Critical flags come first.
    const severities = body.flags.map((f) => f.severity);
    expect([...severities].sort()).toEqual(severities);
  });

  it('should flag the same photo used for another identity in the same tenant, both ways, and never across tenants', async () => {
    const { tenant, agent } = await tenantWithAgent();
    const original = fixture('ouyangxiaoming-front-sharp.jpg');
    // The same photo, re-encoded smaller and compressed (as forwarded through a chat app).
    const copy = await sharp(original).resize(900).jpeg({ quality: 45 }).toBuffer();
    const first = await caseWith(tenant, original, { idNumber: idNumberFor('19900101', 11) });
    const second = await caseWith(tenant, copy, { idNumber: idNumberFor('19910202', 22) });

    const { tenant: other, agent: otherAgent } = await tenantWithAgent();
    const elsewhere = await caseWith(other, original, { idNumber: idNumberFor('19920303', 33) });

    const secondView = await view(agent, second.id);
    expect(secondView.flags).toContainEqual({
      code: 'DUPLICATE_PHOTO',
      severity: 'critical',
      documentId: secondView.documents.find((d) => d.kind === 'id_front')?.id,
      message: expect.stringContaining('另一个身份证号码'),
      relatedCaseIds: [first.id],
    });
    const firstView = await view(agent, first.id);
    expect(firstView.flags.find((f) => f.code === 'DUPLICATE_PHOTO')?.relatedCaseIds).toEqual([
      second.id,
    ]);
    // The other tenant's case holds the very same photo: no flag there, no link to it here.
    expect((await view(otherAgent, elsewhere.id)).flags).toEqual([]);
  });

  it('should not flag the same photo of the same identity within the quota, and warn beyond it', async () => {
    const { tenant, agent } = await tenantWithAgent({ duplicateQuota: 1 });
    const photo = fixture('lina-front-sharp.jpg');
    const idNumber = idNumberFor('19881123', 46);
    const a = await caseWith(tenant, photo, { idNumber });
    const b = await caseWith(tenant, photo, { idNumber });
    expect((await view(agent, b.id)).flags).toEqual([]);
    const c = await caseWith(tenant, photo, { idNumber });
    const flags = (await view(agent, c.id)).flags.filter((f) => f.code === 'DUPLICATE_PHOTO');
    expect(flags).toEqual([
      expect.objectContaining({ severity: 'warning', relatedCaseIds: [a.id, b.id] }),
    ]);
  });

  it('should take flags from any registered source and leave out a source that fails', async () => {
    const { tenant, agent } = await tenantWithAgent();
    const c = await caseWith(tenant, fixture('ayiguli-front-sharp.jpg'));
    const registry = t.app.get(CaseFlagRegistry);
    registry.register({
      name: 'test-extra',
      flags: (ctx) =>
        Promise.resolve(
          ctx.record.id === c.id
            ? [
                {
                  code: 'OCR_NAME_MISMATCH',
                  severity: 'warning',
                  message: '测试',
                  suggestedReason: 'name_id_mismatch',
                },
              ]
            : [],
        ),
    });
    registry.register({ name: 'test-broken', flags: () => Promise.reject(new Error('boom')) });
    try {
      expect((await view(agent, c.id)).flags).toEqual([
        {
          code: 'OCR_NAME_MISMATCH',
          severity: 'warning',
          message: '测试',
          suggestedReason: 'name_id_mismatch',
        },
      ]);
    } finally {
      registry.register({ name: 'test-extra', flags: () => Promise.resolve([]) });
      registry.register({ name: 'test-broken', flags: () => Promise.resolve([]) });
    }
  });
});

describe('capture policy in the admin policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  async function admin() {
    const tenant = await seedTenant(t.db.dataSource);
    const a = await seedAgent(t.db.dataSource, tenant.id, 'carrier_admin');
    const auth = `Bearer ${agentToken(t.config, a)}`;
    return {
      tenant,
      get: () => request(t.url).get('/api/console/admin/policy').set('Authorization', auth),
      put: (body: unknown) =>
        request(t.url)
          .put('/api/console/admin/policy')
          .set('Authorization', auth)
          .send(body as object),
    };
  }

  it('should show the default capture policy and save a valid one, audited', async () => {
    const a = await admin();
    const before = (await a.get().expect(200)).body;
    expect(before.capture).toEqual(DEFAULT_CAPTURE_POLICY);
    const capture = { ...DEFAULT_CAPTURE_POLICY, qualityMode: 'block', blurMin: 200 };
    const saved = await a.put({ ...before, capture }).expect(200);
    expect(saved.body.capture).toEqual(capture);
    expect((await a.get().expect(200)).body.capture).toEqual(capture);
    // Without `capture`, the policy is saved and the capture rules stay.
    const { capture: _c, ...policyOnly } = saved.body;
    expect((await a.put(policyOnly).expect(200)).body.capture).toEqual(capture);
    const audit = await t.db.dataSource.query(
      `SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.policy.update' ORDER BY seq`,
      [a.tenant.id],
    );
    expect(audit[0].detail.captureAfter).toEqual(capture);
  });

  it.each([
    [{ qualityMode: 'strict' }, 'qualityMode'],
    [{ blurMin: -5 }, 'blurMin'],
    [{ minCardShare: 2 }, 'minCardShare'],
    [{ glareCellsMax: 1.5 }, 'glareCellsMax'],
    [{ duplicateQuota: 9 }, 'duplicateQuota'],
    [{ blurMinimum: 100 }, 'blurMinimum'],
  ])(
    'should answer 400 INVALID_CAPTURE_POLICY naming the field when capture has %j',
    async (bad, field) => {
      const a = await admin();
      const before = (await a.get().expect(200)).body;
      const res = await a.put({ ...before, capture: { ...before.capture, ...bad } }).expect(400);
      expect(res.body.error).toMatchObject({
        code: 'INVALID_CAPTURE_POLICY',
        message: expect.stringContaining(field),
      });
      expect((await a.get().expect(200)).body.capture).toEqual(DEFAULT_CAPTURE_POLICY);
    },
  );

  it('should answer 400 when capture is not an object', async () => {
    const a = await admin();
    const before = (await a.get().expect(200)).body;
    expect((await a.put({ ...before, capture: 'block' }).expect(400)).body.error.code).toBe(
      'INVALID_CAPTURE_POLICY',
    );
  });
});
