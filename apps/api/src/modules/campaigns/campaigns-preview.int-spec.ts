import type { ServiceState, UnregisteredKind } from '@shiming/domain';
import request from 'supertest';
import { agentToken, seedAgent, seedNumber, seedTenant, SeededTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import type { CampaignPreview, CampaignReport } from './campaigns.service';

describe('campaign preview (console: the count before creating)', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let auth: { Authorization: string };

  async function number(
    target: SeededTenant,
    state: ServiceState,
    regionCode: string | null,
    opts: { registered?: boolean; kind?: UnregisteredKind; doubleStoppedOn?: string } = {},
  ): Promise<void> {
    const n = await seedNumber(t.db.dataSource, target.id, {
      state,
      registered: opts.registered ?? false,
      unregisteredKind: opts.registered ? null : (opts.kind ?? 'temporary_account'),
      doubleStoppedOn: opts.doubleStoppedOn ?? (state === 'double_stop' ? '2016-11-01' : null),
    });
    await t.db.dataSource.query(
      'UPDATE phone_number SET region_code = $3 WHERE tenant_id = $1 AND id = $2',
      [target.id, n.id, regionCode],
    );
  }

  const preview = (body: object) =>
    request(t.url).post('/api/console/admin/campaigns/preview').set(auth).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await seedTenant(t.db.dataSource, {
      carrier: 'unicom',
      policy: { singleToDoubleDate: '2099-11-01', doubleToCancelGraceDays: 30 },
    });
    const admin = await seedAgent(t.db.dataSource, tenant.id, 'carrier_admin');
    auth = { Authorization: `Bearer ${agentToken(t.config, admin)}` };
    // 兴义市 522301: 3 single stops (one group card), 1 double stop, 1 active unregistered;
    // 安龙县 522328: 2 single stops; none on file: 1 single stop.
    await number(tenant, 'single_stop', '522301');
    await number(tenant, 'single_stop', '522301');
    await number(tenant, 'single_stop', '522301', { kind: 'group_card' });
    await number(tenant, 'double_stop', '522301');
    await number(tenant, 'active', '522301');
    await number(tenant, 'single_stop', '522328');
    await number(tenant, 'single_stop', '522328');
    await number(tenant, 'single_stop', null);
    // Never selected: registered, cancelled.
    await number(tenant, 'active', '522301', { registered: true });
    await number(tenant, 'cancelled', '522301');
    // Another tenant's numbers are not counted.
    const other = await seedTenant(t.db.dataSource, { carrier: 'unicom' });
    await number(other, 'single_stop', '522301');
  });
  afterAll(() => t.teardown());

  it('should count the unregistered numbers by state and region when no filter is given', async () => {
    const res = await preview({}).expect(200);
    expect(res.body).toEqual({
      total: 8,
      byState: { active: 1, single_stop: 6, double_stop: 1 },
      byRegion: [
        { regionCode: '522301', count: 5 },
        { regionCode: '522328', count: 2 },
        { regionCode: null, count: 1 },
      ],
    } satisfies CampaignPreview);
  });

  it('should count only the chosen regions but list every region when regions are chosen', async () => {
    const res = await preview({ states: ['single_stop'], regionCodes: ['522328'] }).expect(200);
    expect(res.body).toEqual({
      total: 2,
      byState: { active: 0, single_stop: 2, double_stop: 0 },
      byRegion: [
        { regionCode: '522301', count: 3 },
        { regionCode: '522328', count: 2 },
        { regionCode: null, count: 1 },
      ],
    });
  });

  it('should count what creating the campaign then selects when kinds and days to escalation are given', async () => {
    const filter = {
      states: ['single_stop', 'double_stop'],
      kinds: ['temporary_account'],
      maxDaysToEscalation: 7,
    };
    const counted = (await preview(filter).expect(200)).body as CampaignPreview;
    // Single stops escalate in 2099: only the double stop (cancelled long ago by the dates) is due.
    expect(counted.total).toBe(1);
    expect(counted.byState.double_stop).toBe(1);
    const before = await t.db.dataSource.query(
      'SELECT count(*)::int AS n FROM campaign WHERE tenant_id = $1',
      [tenant.id],
    );
    expect(before[0].n).toBe(0);
    const created = (
      await request(t.url)
        .post('/api/console/admin/campaigns')
        .set(auth)
        .send({ name: '预览核对', ...filter })
        .expect(201)
    ).body as CampaignReport;
    expect(created.total).toBe(counted.total);
  });

  it('should refuse a state no campaign may select and fields a preview does not take', async () => {
    const bad = await preview({ states: ['cancelled'] }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const named = await preview({ name: '不需要名称' }).expect(400);
    expect(named.body.error.code).toBe('VALIDATION_FAILED');
    const days = await preview({ maxDaysToEscalation: -1 }).expect(400);
    expect(days.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('should refuse the preview when the agent is not a carrier admin', async () => {
    const supervisor = await seedAgent(t.db.dataSource, tenant.id, 'supervisor');
    await request(t.url)
      .post('/api/console/admin/campaigns/preview')
      .set('Authorization', `Bearer ${agentToken(t.config, supervisor)}`)
      .send({})
      .expect(403);
  });
});
