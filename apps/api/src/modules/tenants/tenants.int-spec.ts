import request from 'supertest';
import { seedTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import { TenantsService } from './tenants.service';

describe('tenants (HTTP, real Postgres)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  it('should answer the branding with policy and consent when the tenant exists', async () => {
    const tenant = await seedTenant(t.db.dataSource, {
      carrier: 'unicom',
      code: 'qxn-unicom-x',
      policy: { proxyAllowed: false },
    });
    const res = await request(t.url).get(`/api/tenants/${tenant.code}/branding`).expect(200);
    expect(res.body).toMatchObject({
      code: 'qxn-unicom-x',
      carrier: 'unicom',
      region: '黔西南布依族苗族自治州',
      hotline: '10010',
      logoUrl: null,
      policy: { proxyAllowed: false, perIdentityLimit: 5 },
      consent: { version: 'v1', title: expect.any(String), text: expect.any(String) },
    });
    expect(res.body.primaryColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('should answer 404 TENANT_NOT_FOUND when no tenant has the code', async () => {
    const res = await request(t.url).get('/api/tenants/nobody/branding').expect(404);
    expect(res.body.error.code).toBe('TENANT_NOT_FOUND');
  });

  it('should list every tenant with code, name, carrier and region', async () => {
    const a = await seedTenant(t.db.dataSource, { carrier: 'telecom' });
    const res = await request(t.url).get('/api/tenants').expect(200);
    expect(res.body).toContainEqual({
      code: a.code,
      displayName: a.displayName,
      carrier: 'telecom',
      region: '黔西南布依族苗族自治州',
    });
  });

  it('should keep the provisioning secret encrypted and give it back to the service when a tenant is created', async () => {
    const svc = t.app.get(TenantsService);
    const created = await svc.create({
      code: 'prov-test',
      carrier: 'mobile',
      region: '黔西南布依族苗族自治州',
      regionCode: '522300',
      displayName: '测试',
      officialAccountName: '测试',
      hotline: '10086',
      policy: (await svc.getByCode('qxn-unicom-x')).policy,
      consent: { version: 'v1', title: '同意书', text: '内容' },
      provisioning: { url: 'http://127.0.0.1:1/prov', secret: 'the-secret' },
    });
    const rows: Array<{ provisioning_secret_enc: Buffer }> = await t.db.dataSource.query(
      'SELECT provisioning_secret_enc FROM tenant WHERE id = $1',
      [created.id],
    );
    expect(rows[0]?.provisioning_secret_enc.toString('latin1')).not.toContain('the-secret');
    await expect(svc.provisioningTarget(created.id)).resolves.toEqual({
      url: 'http://127.0.0.1:1/prov',
      secret: 'the-secret',
    });
  });

  it('should describe the tenant, auth and console endpoints with their errors when /api/docs is read', async () => {
    const res = await request(t.url).get('/api/docs-json').expect(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown> }>
    >;
    for (const p of [
      '/api/tenants',
      '/api/tenants/{code}/branding',
      '/api/me/number',
      '/api/auth/wechat-login',
      '/api/auth/h5-login',
      '/api/auth/sms/send',
      '/api/auth/sms/verify',
      '/api/auth/wechat-phone',
      '/api/console/login',
      '/api/console/logout',
      '/api/console/me',
      '/api/console/admin/agents',
      '/api/console/admin/agents/{id}',
      '/api/console/admin/branding',
      '/api/console/admin/policy',
    ]) {
      expect(paths[p]).toBeDefined();
    }
    expect(Object.keys(paths['/api/auth/sms/send']?.['post']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '404', '409', '429']),
    );
  });

  it('should refuse to hand out a tenant whose stored policy the domain refuses', async () => {
    const bad = await seedTenant(t.db.dataSource);
    await t.db.dataSource.query(
      `UPDATE tenant SET policy = '{"proxyAllowed": true}' WHERE id = $1`,
      [bad.id],
    );
    const res = await request(t.url).get(`/api/tenants/${bad.code}/branding`).expect(500);
    expect(res.body.error.code).toBe('STORED_POLICY_INVALID');
  });
});
