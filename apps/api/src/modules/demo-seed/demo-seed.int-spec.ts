import request from 'supertest';
import { carrierOfMobile } from '@shiming/domain';
import { createTestApp, TestApp } from '../../test/test-app';
import { DemoSeedService } from './demo-seed.service';

describe('demo seed (real Postgres)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  it('should not seed on start when the mode is test', async () => {
    expect(await t.db.dataSource.query('SELECT count(*)::int AS n FROM tenant')).toEqual([
      { n: 0 },
    ]);
  });

  it('should load the three tenants, their agents and numbers when the database is empty, and only then', async () => {
    const svc = t.app.get(DemoSeedService);
    const r = await svc.seedIfEmpty();
    expect(r).toEqual({ seeded: true, tenants: 3, agents: 13, numbers: 32 });
    expect((await svc.seedIfEmpty()).seeded).toBe(false);

    const tenants = await request(t.url).get('/api/tenants').expect(200);
    expect((tenants.body as Array<{ code: string }>).map((x) => x.code)).toEqual([
      'qxn-mobile',
      'qxn-telecom',
      'qxn-unicom',
    ]);
    const unicom = await request(t.url).get('/api/tenants/qxn-unicom/branding').expect(200);
    expect(unicom.body).toMatchObject({
      displayName: '黔西南联通',
      officialAccountName: '黔西南联通',
      hotline: '10010',
      policy: { proxyAllowed: false },
    });
    expect(unicom.body.consent.text).toContain('单独');
    const mobile = await request(t.url).get('/api/tenants/qxn-mobile/branding').expect(200);
    expect(mobile.body).toMatchObject({
      officialAccountName: '中国移动10086',
      policy: { proxyAllowed: true },
    });
    const telecom = await request(t.url).get('/api/tenants/qxn-telecom/branding').expect(200);
    expect(telecom.body.policy).toMatchObject({ proxyAllowed: true, smsChannelEnabled: true });

    const numbers: Array<{ code: string; carrier: string; phone: string; state: string }> =
      await t.db.dataSource.query(
        'SELECT t.code, t.carrier, n.phone, n.state FROM phone_number n JOIN tenant t ON t.id = n.tenant_id',
      );
    for (const n of numbers)
      if (!n.phone.startsWith('0')) expect(carrierOfMobile(n.phone)).toBe(n.carrier);
    expect(new Set(numbers.map((n) => n.state))).toEqual(
      new Set(['single_stop', 'double_stop', 'cancelled', 'active']),
    );

    const login = await request(t.url)
      .post('/api/console/login')
      .send({ username: 'qxn-unicom-admin', password: 'shiming-demo' })
      .expect(200);
    expect(login.body.agent).toMatchObject({
      role: 'carrier_admin',
      tenant: { code: 'qxn-unicom' },
    });
    await request(t.url)
      .post('/api/console/login')
      .send({ username: 'platform-admin', password: 'shiming-demo' })
      .expect(200);

    // The dashboard's series tells the numbers' story and ends where today's counts are.
    const dash = await request(t.url)
      .get('/api/console/admin/dashboard')
      .set('authorization', `Bearer ${login.body.token}`)
      .expect(200);
    const { registered, singleStop, doubleStop, cancelled } = dash.body.current;
    const series = dash.body.series as Array<Record<string, number>>;
    expect(series.at(-1)).toMatchObject({
      registered,
      singleStop,
      doubleStop,
      cancelled,
    });
    expect(series[0]).toMatchObject({ singleStop: 0, doubleStop: 0, cancelled: 0 });
    expect(singleStop + doubleStop).toBeGreaterThan(0);
  });
});

describe('demo mode start-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SHIMING_MODE: 'demo' });
  });
  afterAll(() => t.teardown());

  it('should seed the demo tenants when the app starts in demo mode on an empty database', async () => {
    const res = await request(t.url).get('/api/tenants').expect(200);
    expect(res.body).toHaveLength(3);
    const [row] = await t.db.dataSource.query(
      `SELECT provisioning_url FROM tenant WHERE code = 'qxn-mobile'`,
    );
    expect(row.provisioning_url).toMatch(/\/api\/demo\/provisioning$/);
  });
});
