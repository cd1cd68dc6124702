import * as fc from 'fast-check';
import request from 'supertest';
import { signBody } from '../modules/provisioning/signature';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  subscriberToken,
  type SeededTenant,
} from '../test/factories';
import { seedSubmittedCase } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';
import { hostileCorpus, validId } from './hostile-corpus';

const SMS_SECRET = 'reliability-sms-inbound-secret-0123456789';

/** 4xx with the house error shape ({ error: { code, message } }), never a 2xx or a 5xx. */
function refusedWithShape(res: request.Response): string | null {
  if (res.status >= 500) return `server error ${res.status}`;
  if (res.status < 400) return `accepted (${res.status})`;
  const b = (res.body as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof b?.code !== 'string' || typeof b?.message !== 'string')
    return `${res.status} without { error: { code, message } }`;
  return null;
}

describe('hostile input: ID numbers, names and wrong-typed JSON', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let sub: string;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp({ SMS_INBOUND_SECRET: SMS_SECRET });
    tenant = await seedTenant(t.db.dataSource, {
      carrier: 'telecom',
      policy: { smsChannelEnabled: true },
    });
    const number = await seedNumber(t.db.dataSource, tenant.id);
    sub = subscriberToken(t.config, tenant, number, 'o-hostile');
    const created = await request(t.url)
      .post('/api/cases')
      .set('Authorization', `Bearer ${sub}`)
      .send({ applicantType: 'self' });
    expect([200, 201]).toContain(created.status);
    caseId = created.body.id as string;
  });
  afterAll(() => t.teardown());

  const corpus = hostileCorpus(validId('522301', '19800101', 11));

  it('should refuse every hostile ID number and name on PUT /api/cases/:id/applicant with a 4xx', async () => {
    const failures: string[] = [];
    for (const e of corpus) {
      const res = await request(t.url)
        .put(`/api/cases/${caseId}/applicant`)
        .set('Authorization', `Bearer ${sub}`)
        .send({ name: e.name, idNumber: e.idNumber });
      const f = refusedWithShape(res);
      if (f) failures.push(`${e.label}: ${f}`);
    }
    console.log(`applicant: ${corpus.length} hostile entries, ${failures.length} accepted or 5xx`);
    expect(failures).toEqual([]);
    const [row] = await t.db.dataSource.query(
      'SELECT name_enc, id_number_enc FROM registration_case WHERE id = $1',
      [caseId],
    );
    expect(row).toEqual({ name_enc: null, id_number_enc: null });
  });

  it('should accept every valid generated ID number and name (property)', async () => {
    const regions = ['522301', '110105', '440305', '520102', '310115', '650102'];
    const hanNames = ['张三', '李小龙', '欧阳娜娜', '阿依古丽·买买提', '王𠀋'];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...regions),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2000-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(...hanNames),
        fc.boolean(),
        async (region, birth, seq, name, lowerX) => {
          runs++;
          let id = validId(region, birth.toISOString().slice(0, 10).replace(/-/g, ''), seq);
          if (lowerX) id = id.replace('X', 'x');
          const res = await request(t.url)
            .put(`/api/cases/${caseId}/applicant`)
            .set('Authorization', `Bearer ${sub}`)
            .send({ name, idNumber: id });
          if (res.status !== 200)
            throw new Error(`${id} ${name}: ${res.status} ${JSON.stringify(res.body)}`);
        },
      ),
      { numRuns: 60 },
    );
    expect(runs).toBe(60);
  });

  it('should create no case from a hostile SMS and answer each with 200 and an SMS, never a 5xx', async () => {
    const failures: string[] = [];
    const number = await seedNumber(t.db.dataSource, tenant.id);
    for (const e of corpus) {
      const raw = JSON.stringify({
        from: number.phone,
        to: '10001',
        text: `40#${e.name}#${e.idNumber}`,
        receivedAt: new Date().toISOString(),
      });
      const res = await request(t.url)
        .post(`/api/sms/inbound/${tenant.code}`)
        .set('content-type', 'application/json')
        .set('x-sms-signature', signBody(SMS_SECRET, raw))
        .send(raw);
      if (res.status >= 500) failures.push(`${e.label}: ${res.status}`);
      else if (res.status === 200 && res.body.outcome === 'case_created')
        failures.push(`${e.label}: case created`);
    }
    expect(failures).toEqual([]);
    expect(
      await t.db.dataSource.query(
        'SELECT 1 FROM registration_case WHERE tenant_id = $1 AND number_id = $2',
        [tenant.id, number.id],
      ),
    ).toHaveLength(0);
  });

  it('should keep a hostile reveal reason out of a 5xx', async () => {
    const c = await seedSubmittedCase(t, tenant, { documents: false });
    const agent = agentToken(t.config, await seedAgent(t.db.dataSource, tenant.id, 'supervisor'));
    const failures: string[] = [];
    for (const e of corpus) {
      const res = await request(t.url)
        .post(`/api/console/cases/${c.id}/reveal`)
        .set('Authorization', `Bearer ${agent}`)
        .send({ reason: e.label.startsWith('name') ? e.name : e.idNumber });
      if (res.status >= 500) failures.push(`${e.label}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('should answer wrong types and missing fields on every JSON endpoint of the OpenAPI document with a 4xx in the error shape', async () => {
    type Op = {
      requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
    };
    const doc = (await request(t.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Op>>;
      components: {
        schemas: Record<
          string,
          { properties?: Record<string, { type?: string }>; required?: string[] }
        >;
      };
    };
    const admin = agentToken(
      t.config,
      await seedAgent(t.db.dataSource, tenant.id, 'carrier_admin'),
    );
    const c = await seedSubmittedCase(t, tenant, { documents: false });
    const wrong = (type: string | undefined): unknown[] =>
      type === 'string'
        ? [123, ['x'], { a: 1 }, true]
        : type === 'array'
          ? ['x', { a: 1 }]
          : ['x', [], { a: 1 }];
    let tried = 0;
    let endpoints = 0;
    const failures: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        if (!ref || path.startsWith('/api/demo/')) continue;
        const schema = doc.components.schemas[ref.split('/').pop()!]!;
        const url = path
          .replace('{id}', c.id)
          .replace('{tenantCode}', tenant.code)
          .replace('{code}', tenant.code);
        const bodies: unknown[] = [{}, [], 'null', '{"broken":'];
        for (const [prop, s] of Object.entries(schema.properties ?? {}))
          for (const v of wrong(s.type)) bodies.push({ [prop]: v });
        endpoints++;
        for (const body of bodies)
          for (const token of [sub, admin]) {
            tried++;
            const req = (request(t.url) as unknown as Record<string, (p: string) => request.Test>)[
              method
            ]!(url)
              .set('Authorization', `Bearer ${token}`)
              .set('content-type', 'application/json');
            const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
            if (
              res.status >= 500 ||
              (res.status >= 400 && typeof res.body?.error?.code !== 'string')
            )
              failures.push(
                `${method.toUpperCase()} ${path} ${JSON.stringify(body)}: ${res.status}`,
              );
            else if (
              res.status < 300 &&
              Object.keys(schema.required ?? []).length > 0 &&
              JSON.stringify(body) === '{}'
            )
              failures.push(`${method.toUpperCase()} ${path} {}: accepted ${res.status}`);
          }
      }
    console.log(
      `wrong-typed JSON: ${endpoints} endpoints, ${tried} requests, ${failures.length} 5xx or shapeless`,
    );
    expect(endpoints).toBeGreaterThanOrEqual(10);
    expect(failures).toEqual([]);
  });
});
