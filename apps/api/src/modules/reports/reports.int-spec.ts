import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { reportCommand } from '../../cli/commands/report';
import { TokenService } from '../../common/auth/token.service';
import { createOperationsTestApp, OperationsTestApp } from '../../test/operations-app';
import {
  insertCase,
  insertNumber,
  insertTenant,
  TenantFixture,
} from '../../test/operations-fixtures';
import { ReportsModule } from './reports.module';

describe('reports and the dashboard', () => {
  let t: OperationsTestApp;
  let tenant: TenantFixture;
  let token: string;

  beforeAll(async () => {
    t = await createOperationsTestApp([ReportsModule]);
    const ds = t.db.dataSource;
    tenant = await insertTenant(ds, { carrier: 'mobile' });
    // History fixtures: every number appears on 2016-10-01 (China time).
    await insertNumber(ds, tenant.id, {
      phone: '13800000001',
      state: 'active',
      registered: true,
      regionCode: '522301',
    });
    await insertNumber(ds, tenant.id, {
      phone: '13800000002',
      state: 'active',
      registered: true,
      regionCode: '522328',
    });
    await insertNumber(ds, tenant.id, {
      phone: '13800000003',
      state: 'single_stop',
      regionCode: '522301',
    });
    const moved = await insertNumber(ds, tenant.id, {
      phone: '13800000004',
      state: 'double_stop',
      regionCode: '522301',
    });
    await insertNumber(ds, tenant.id, {
      phone: '13800000005',
      state: 'cancelled',
      regionCode: '522301',
    });
    // 13800000004 was single-stopped first and moved to double stop on 2016-11-01.
    await ds.query(
      `UPDATE number_history SET to_state = 'single_stop' WHERE tenant_id = $1 AND number_id = $2`,
      [tenant.id, moved],
    );
    await ds.query(
      `INSERT INTO number_history (tenant_id, id, number_id, from_state, to_state, cause, actor, at) VALUES ($1, $2, $3, 'single_stop', 'double_stop', 'escalation', 'test', '2016-11-01T02:00:00Z')`,
      [tenant.id, randomUUID(), moved],
    );
    const agentId = randomUUID();
    await ds.query(
      `INSERT INTO agent (tenant_id, id, username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x', 'supervisor', 'x')`,
      [tenant.id, agentId, `s-${agentId}`],
    );
    token = t.app
      .get(TokenService)
      .sign(
        { typ: 'agent', tenantId: tenant.id, agentId, role: 'supervisor', tokenVersion: 0 },
        600,
      ).token;
  });
  afterAll(() => t.teardown());

  const cli = async (flags: Record<string, string | true>) => {
    const out: string[] = [];
    const code = await reportCommand.run({
      args: [],
      flags,
      cwd: '.',
      config: t.config,
      app: t.app,
      out: (l) => out.push(l),
      err: (l) => out.push(l),
    });
    return { code, out: out.join('\n') };
  };

  it('should count numbers by state and compute the rate with the domain rule', async () => {
    const res = await request(t.url)
      .get('/api/console/admin/dashboard')
      .set('authorization', `Bearer ${token}`)
      .query({ from: '2016-10-31', to: '2016-11-01' })
      .expect(200);
    expect(res.body.current).toEqual({
      registered: 2,
      singleStop: 1,
      doubleStop: 1,
      cancelled: 1,
      rate: 0.5,
      unregisteredActive: 0,
      total: 5,
    });
    expect(res.body.targets).toEqual({ byOctoberEnd: 0.96, byYearEnd: 1 });
    expect(res.body.series).toEqual([
      { date: '2016-10-31', registered: 2, singleStop: 2, doubleStop: 0, cancelled: 1, rate: 0.5 },
      { date: '2016-11-01', registered: 2, singleStop: 1, doubleStop: 1, cancelled: 1, rate: 0.5 },
    ]);
  });

  it('should print the same numbers as the dashboard when the report runs as CSV', async () => {
    const api = await request(t.url)
      .get('/api/console/admin/dashboard.csv')
      .set('authorization', `Bearer ${token}`)
      .query({ from: '2016-10-30', to: '2016-11-02' })
      .expect(200);
    expect(api.headers['content-type']).toContain('text/csv');
    const r = await cli({
      tenant: tenant.code,
      format: 'csv',
      from: '2016-10-30',
      to: '2016-11-02',
    });
    expect(r.code).toBe(0);
    expect(`${r.out}\n`).toBe(api.text);
    expect(api.text.trim().split('\n').at(-1)).toBe('current,2,1,1,1,0.5000');
  });

  it('should print the dashboard counts as a table and filter by region when asked', async () => {
    const all = await cli({ tenant: tenant.code });
    expect(all.out).toMatch(/registered\s+2\n/);
    expect(all.out).toContain('50.00%');
    const res = await request(t.url)
      .get('/api/console/admin/dashboard')
      .set('authorization', `Bearer ${token}`)
      .query({ region: '522301' })
      .expect(200);
    const county = await cli({ tenant: tenant.code, region: '522301' });
    expect(county.out).toMatch(new RegExp(`registered\\s+${res.body.current.registered}\\n`));
    expect(res.body.current).toMatchObject({
      registered: 1,
      singleStop: 1,
      doubleStop: 1,
      cancelled: 1,
    });
  });

  it('should draw the series as current() counts: registered from its approval, not while merely active', async () => {
    const ds = t.db.dataSource;
    const other = await insertTenant(ds, { carrier: 'mobile' });
    // Active but never registered: not in any counted bucket, on any day.
    await insertNumber(ds, other.id, { phone: '13900000001', state: 'active' });
    // Single stop from 2016-10-01, approved on 2016-11-02 (China date), lifted on 2016-11-03.
    const approved = await insertNumber(ds, other.id, {
      phone: '13900000002',
      state: 'active',
      registered: true,
    });
    await ds.query(
      `UPDATE number_history SET to_state = 'single_stop' WHERE tenant_id = $1 AND number_id = $2`,
      [other.id, approved],
    );
    await insertCase(ds, other.id, approved, 'approved', { decidedAt: '2016-11-02T03:00:00Z' });
    for (const [from, to, at] of [
      ['single_stop', 'lift_pending', '2016-11-02T03:00:01Z'],
      ['lift_pending', 'active', '2016-11-03T01:00:00Z'],
    ] as const)
      await ds.query(
        `INSERT INTO number_history (tenant_id, id, number_id, from_state, to_state, cause, actor, at) VALUES ($1, $2, $3, $4, $5, 'test', 'test', $6)`,
        [other.id, randomUUID(), approved, from, to, at],
      );
    const supervisorId = randomUUID();
    await ds.query(
      `INSERT INTO agent (tenant_id, id, username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x', 'supervisor', 'x')`,
      [other.id, supervisorId, `s-${supervisorId}`],
    );
    const otherToken = t.app.get(TokenService).sign(
      {
        typ: 'agent',
        tenantId: other.id,
        agentId: supervisorId,
        role: 'supervisor',
        tokenVersion: 0,
      },
      600,
    ).token;
    const res = await request(t.url)
      .get('/api/console/admin/dashboard')
      .set('authorization', `Bearer ${otherToken}`)
      .query({ from: '2016-11-01', to: '2016-11-03' })
      .expect(200);
    const zero = { doubleStop: 0, cancelled: 0 };
    expect(res.body.series).toEqual([
      { date: '2016-11-01', registered: 0, singleStop: 1, ...zero, rate: 0 },
      { date: '2016-11-02', registered: 1, singleStop: 0, ...zero, rate: 1 },
      { date: '2016-11-03', registered: 1, singleStop: 0, ...zero, rate: 1 },
    ]);
    const last = (res.body.series as Array<Record<string, number>>).at(-1);
    expect(res.body.current).toMatchObject({
      registered: last?.['registered'],
      singleStop: last?.['singleStop'],
      unregisteredActive: 1,
    });
  });

  it('should refuse a bad range and an agent below supervisor', async () => {
    await request(t.url)
      .get('/api/console/admin/dashboard')
      .set('authorization', `Bearer ${token}`)
      .query({ from: '2016-11-02', to: '2016-11-01' })
      .expect(400);
    const agentId = randomUUID();
    await t.db.dataSource.query(
      `INSERT INTO agent (tenant_id, id, username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x', 'agent', 'x')`,
      [tenant.id, agentId, `a-${agentId}`],
    );
    const agentToken = t.app
      .get(TokenService)
      .sign(
        { typ: 'agent', tenantId: tenant.id, agentId, role: 'agent', tokenVersion: 0 },
        600,
      ).token;
    await request(t.url)
      .get('/api/console/admin/dashboard')
      .set('authorization', `Bearer ${agentToken}`)
      .expect(403);
    expect((await cli({ tenant: 'nobody' })).code).toBe(2);
  });
});
