import request from 'supertest';
import { seedNumber, seedTenant, subscriberToken } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import { NumberError } from './numbers.errors';
import { NumbersService } from './numbers.service';

describe('NumbersService and GET /api/me/number (real Postgres)', () => {
  let t: TestApp;
  let svc: NumbersService;
  beforeAll(async () => {
    t = await createTestApp();
    svc = t.app.get(NumbersService);
  });
  afterAll(() => t.teardown());

  const history = (tenantId: string, numberId: string) =>
    t.db.dataSource.query(
      'SELECT from_state, to_state, cause, actor, case_id FROM number_history WHERE tenant_id = $1 AND number_id = $2 ORDER BY at',
      [tenantId, numberId],
    );

  it('should remember the stop, bump the version and write history when a lift is requested and confirmed', async () => {
    const tenant = await seedTenant(t.db.dataSource);
    const n = await seedNumber(t.db.dataSource, tenant.id, { state: 'double_stop' });
    const r = await t.db.dataSource.transaction((m) =>
      svc.transition(m, tenant.id, n.id, 'request_lift', 'case approved', 'agent:a1'),
    );
    expect(r).toEqual({ from: 'double_stop', to: 'lift_pending', version: 1 });
    const [row] = await t.db.dataSource.query(
      'SELECT state, state_before_lift, version FROM phone_number WHERE id = $1',
      [n.id],
    );
    expect(row).toEqual({ state: 'lift_pending', state_before_lift: 'double_stop', version: 1 });

    await t.db.dataSource.transaction((m) =>
      svc.transition(
        m,
        tenant.id,
        n.id,
        'confirm_lift',
        'carrier confirmed',
        'system:provisioning',
      ),
    );
    const status = await svc.statusFor(tenant.id, n.id);
    expect(status).toMatchObject({
      state: 'active',
      registered: true,
      unregisteredKind: null,
      nextEscalation: null,
    });
    expect(await history(tenant.id, n.id)).toEqual([
      {
        from_state: 'double_stop',
        to_state: 'lift_pending',
        cause: 'case approved',
        actor: 'agent:a1',
        case_id: null,
      },
      {
        from_state: 'lift_pending',
        to_state: 'active',
        cause: 'carrier confirmed',
        actor: 'system:provisioning',
        case_id: null,
      },
    ]);
  });

  it('should go back to the stop it came from when a lift fails', async () => {
    const tenant = await seedTenant(t.db.dataSource);
    const n = await seedNumber(t.db.dataSource, tenant.id, { state: 'single_stop' });
    await t.db.dataSource.transaction((m) =>
      svc.transition(m, tenant.id, n.id, 'request_lift', 'approved', 'agent:a'),
    );
    const r = await t.db.dataSource.transaction((m) =>
      svc.transition(m, tenant.id, n.id, 'lift_failed', 'dead letter', 'system:provisioning'),
    );
    expect(r.to).toBe('single_stop');
  });

  it('should refuse an illegal move with ILLEGAL_TRANSITION and change nothing when the domain forbids it', async () => {
    const tenant = await seedTenant(t.db.dataSource);
    const n = await seedNumber(t.db.dataSource, tenant.id, { state: 'cancelled' });
    const attempt = t.db.dataSource.transaction((m) =>
      svc.transition(m, tenant.id, n.id, 'request_lift', 'x', 'agent:a'),
    );
    await expect(attempt).rejects.toBeInstanceOf(NumberError);
    await expect(attempt).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION', status: 409 });
    expect(await history(tenant.id, n.id)).toEqual([]);
  });

  it("should answer NUMBER_NOT_FOUND when the number is another tenant's", async () => {
    const a = await seedTenant(t.db.dataSource);
    const b = await seedTenant(t.db.dataSource);
    const n = await seedNumber(t.db.dataSource, a.id);
    const attempt = t.db.dataSource.transaction((m) =>
      svc.transition(m, b.id, n.id, 'request_lift', 'x', 'agent:a'),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'NUMBER_NOT_FOUND', status: 404 });
  });

  it('should describe the state and count days to the scheduled double stop when the number is single-stopped', async () => {
    const tenant = await seedTenant(t.db.dataSource, {
      policy: { singleToDoubleDate: '2099-01-01' },
    });
    const n = await seedNumber(t.db.dataSource, tenant.id, {
      state: 'single_stop',
      unregisteredKind: 'group_card',
    });
    const res = await request(t.url)
      .get('/api/me/number')
      .set('authorization', `Bearer ${subscriberToken(t.config, tenant, n)}`)
      .expect(200);
    expect(res.body).toMatchObject({
      phone: `${n.phone.slice(0, 3)}****${n.phone.slice(7)}`,
      lineType: 'mobile',
      state: 'single_stop',
      description: { title: '单向停机', canReceiveCalls: true, canCall: false },
      unregisteredKind: 'group_card',
      nextEscalation: { to: 'double_stop', date: '2099-01-01' },
      registered: false,
    });
    expect(res.body.nextEscalation.daysLeft).toBeGreaterThan(0);
  });

  it('should count the grace from the day of the double stop when the number is double-stopped', async () => {
    const tenant = await seedTenant(t.db.dataSource, { policy: { doubleToCancelGraceDays: 30 } });
    const n = await seedNumber(t.db.dataSource, tenant.id, {
      state: 'double_stop',
      doubleStoppedOn: '2099-03-20',
    });
    const res = await request(t.url)
      .get('/api/me/number')
      .set('authorization', `Bearer ${subscriberToken(t.config, tenant, n)}`)
      .expect(200);
    expect(res.body).toMatchObject({
      state: 'double_stop',
      description: { title: '双向停机', canReceiveCalls: false },
      unregisteredKind: 'temporary_account',
      nextEscalation: { to: 'cancelled', date: '2099-04-19' },
      registered: false,
    });
  });

  it('should answer no escalation and no unregistered kind when the number is registered', async () => {
    const tenant = await seedTenant(t.db.dataSource, {
      policy: { singleToDoubleDate: '2099-01-01' },
    });
    const n = await seedNumber(t.db.dataSource, tenant.id, { state: 'active' });
    const status = await svc.statusFor(tenant.id, n.id);
    expect(status).toMatchObject({ state: 'active', registered: true, nextEscalation: null });
    expect(status.unregisteredKind).toBeNull();
  });

  it("should answer 404 NUMBER_NOT_FOUND when the session's number is not the tenant's", async () => {
    const a = await seedTenant(t.db.dataSource);
    const b = await seedTenant(t.db.dataSource);
    const n = await seedNumber(t.db.dataSource, a.id);
    const res = await request(t.url)
      .get('/api/me/number')
      .set('authorization', `Bearer ${subscriberToken(t.config, b, n)}`)
      .expect(404);
    expect(res.body.error.code).toBe('NUMBER_NOT_FOUND');
  });

  it('should answer 500 STORED_POLICY_INVALID when the stored policy is one the domain refuses', async () => {
    const tenant = await seedTenant(t.db.dataSource);
    const n = await seedNumber(t.db.dataSource, tenant.id);
    await t.db.dataSource.query(
      `UPDATE tenant SET policy = '{"proxyAllowed": true}' WHERE id = $1`,
      [tenant.id],
    );
    const res = await request(t.url)
      .get('/api/me/number')
      .set('authorization', `Bearer ${subscriberToken(t.config, tenant, n)}`)
      .expect(500);
    expect(res.body.error.code).toBe('STORED_POLICY_INVALID');
  });

  it("should answer the tenant's current policy right after a carrier admin changes it", async () => {
    const tenant = await seedTenant(t.db.dataSource, {
      policy: { singleToDoubleDate: '2099-01-01' },
    });
    const n = await seedNumber(t.db.dataSource, tenant.id);
    const before = await svc.statusFor(tenant.id, n.id);
    expect(before.nextEscalation).toMatchObject({ to: 'double_stop', date: '2099-01-01' });
    await t.db.dataSource.query(
      `UPDATE tenant SET policy = jsonb_set(policy, '{singleToDoubleDate}', '"2099-06-01"') WHERE id = $1`,
      [tenant.id],
    );
    const after = await svc.statusFor(tenant.id, n.id);
    expect(after.nextEscalation).toMatchObject({ to: 'double_stop', date: '2099-06-01' });
  });

  it('should answer 403 NUMBER_NOT_PROVEN when the session has not proven a number', async () => {
    const tenant = await seedTenant(t.db.dataSource);
    const res = await request(t.url)
      .get('/api/me/number')
      .set('authorization', `Bearer ${subscriberToken(t.config, tenant)}`)
      .expect(403);
    expect(res.body.error.code).toBe('NUMBER_NOT_PROVEN');
  });
});
