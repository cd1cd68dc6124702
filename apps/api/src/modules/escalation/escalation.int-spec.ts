import { createOperationsTestApp, OperationsTestApp } from '../../test/operations-app';
import { insertCase, insertNumber, insertTenant } from '../../test/operations-fixtures';
import { escalateCommand } from '../../cli/commands/escalate';
import { EscalationModule } from './escalation.module';
import { ESCALATE_BATCH, ESCALATE_TOPIC } from './escalation.repository';
import { EscalationService } from './escalation.service';

describe('escalation', () => {
  let t: OperationsTestApp;
  let svc: EscalationService;
  const actor = { type: 'cli' as const, id: 'test' };

  beforeAll(async () => {
    t = await createOperationsTestApp([EscalationModule]);
    svc = t.app.get(EscalationService);
  });
  afterAll(() => t.teardown());

  const states = async (tenantId: string): Promise<Record<string, string>> => {
    const rows: Array<{ phone: string; state: string }> = await t.db.dataSource.query(
      `SELECT phone, state FROM phone_number WHERE tenant_id = $1`,
      [tenantId],
    );
    return Object.fromEntries(rows.map((r) => [r.phone, r.state]));
  };
  const n = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await t.db.dataSource.query(sql, params))[0].n);

  async function scenario() {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'mobile',
      policy: { singleToDoubleDate: '2016-11-01', doubleToCancelGraceDays: 30 },
    });
    const ds = t.db.dataSource;
    await insertNumber(ds, tenant.id, { phone: '13800000001', state: 'single_stop' });
    await insertNumber(ds, tenant.id, { phone: '13800000002', state: 'single_stop' });
    await insertNumber(ds, tenant.id, {
      phone: '13800000003',
      state: 'double_stop',
      doubleStoppedOn: '2016-10-01',
    });
    await insertNumber(ds, tenant.id, {
      phone: '13800000004',
      state: 'double_stop',
      doubleStoppedOn: '2016-10-20',
    });
    await insertNumber(ds, tenant.id, { phone: '13800000005', state: 'active', registered: true });
    const held = await insertNumber(ds, tenant.id, { phone: '13800000006', state: 'single_stop' });
    await insertCase(ds, tenant.id, held, 'in_review');
    const approved = await insertNumber(ds, tenant.id, {
      phone: '13800000007',
      state: 'double_stop',
      doubleStoppedOn: '2016-09-01',
    });
    await insertCase(ds, tenant.id, approved, 'approved');
    await insertNumber(ds, tenant.id, { phone: '13800000008', state: 'lift_pending' });
    const draft = await insertNumber(ds, tenant.id, { phone: '13800000009', state: 'single_stop' });
    await insertCase(ds, tenant.id, draft, 'draft');
    return tenant;
  }

  it('should move nothing to double stop when the policy date has not come', async () => {
    const tenant = await scenario();
    const r = await svc.runForCode(tenant.code, { on: '2016-10-31', actor });
    expect(r).toMatchObject({
      singleToDouble: 0,
      doubleToCancelled: 1,
      singleToDoubleSkipped: 'not before 2016-11-01',
    });
    expect((await states(tenant.id))['13800000003']).toBe('cancelled');
  });

  it('should escalate due numbers with history and outbox rows, and move nothing when run again', async () => {
    const tenant = await scenario();
    const dry = await svc.runForCode(tenant.code, { on: '2016-11-20', actor, dryRun: true });
    expect(dry).toMatchObject({
      dryRun: true,
      singleToDouble: 3,
      doubleToCancelled: 2,
      heldByCase: 2,
    });
    expect((await states(tenant.id))['13800000001']).toBe('single_stop');

    const first = await svc.runForCode(tenant.code, { on: '2016-11-20', actor });
    expect(first).toMatchObject({ singleToDouble: 3, doubleToCancelled: 2 });
    expect(await states(tenant.id)).toEqual({
      '13800000001': 'double_stop',
      '13800000002': 'double_stop',
      '13800000003': 'cancelled',
      '13800000004': 'cancelled',
      '13800000005': 'active',
      '13800000006': 'single_stop', // in review: untouched
      '13800000007': 'double_stop', // approved: untouched
      '13800000008': 'lift_pending',
      '13800000009': 'double_stop', // a draft holds nothing
    });
    expect(
      await n(
        `SELECT count(*) AS n FROM number_history WHERE tenant_id = $1 AND cause = 'escalation'`,
        [tenant.id],
      ),
    ).toBe(5);
    const events: Array<{
      topic: string;
      payload: { to: string; effectiveOn: string; numbers: { mobile: string[]; fixed: string[] } };
    }> = await t.db.dataSource.query(
      `SELECT topic, payload FROM outbox WHERE tenant_id = $1 ORDER BY payload->>'to'`,
      [tenant.id],
    );
    // One event per step (each batch holds up to ESCALATE_BATCH numbers).
    expect(
      events.map((e) => [
        e.payload.to,
        e.payload.numbers.mobile.length + e.payload.numbers.fixed.length,
      ]),
    ).toEqual([
      ['cancelled', 2],
      ['double_stop', 3],
    ]);
    expect(
      events.every((e) => e.topic === ESCALATE_TOPIC && e.payload.effectiveOn === '2016-11-20'),
    ).toBe(true);
    const [moved] = await t.db.dataSource.query(
      `SELECT double_stopped_on::text AS d, version FROM phone_number WHERE tenant_id = $1 AND phone = '13800000001'`,
      [tenant.id],
    );
    expect(moved).toEqual({ d: '2016-11-20', version: 1 });

    const second = await svc.runForCode(tenant.code, { on: '2016-11-20', actor });
    expect(second).toMatchObject({ singleToDouble: 0, doubleToCancelled: 0 });
    expect(await n(`SELECT count(*) AS n FROM outbox WHERE tenant_id = $1`, [tenant.id])).toBe(2);
  });

  it('should cancel a number the grace period after its double stop when the date comes', async () => {
    const tenant = await scenario();
    await svc.runForCode(tenant.code, { on: '2016-11-20', actor });
    expect((await svc.runForCode(tenant.code, { on: '2016-12-19', actor })).doubleToCancelled).toBe(
      0,
    );
    expect((await svc.runForCode(tenant.code, { on: '2016-12-20', actor })).doubleToCancelled).toBe(
      3,
    );
    expect((await states(tenant.id))['13800000007']).toBe('double_stop');
  });

  it('should split the outbox events into batches when many numbers move at once', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'mobile',
      policy: { singleToDoubleDate: '2016-11-01' },
    });
    await t.db.dataSource.query(
      `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind) SELECT $1, gen_random_uuid(), '1390000' || lpad(i::text, 4, '0'), 'mobile', 'single_stop', 'temporary_account' FROM generate_series(1, $2) i`,
      [tenant.id, ESCALATE_BATCH * 2 + 1],
    );
    expect((await svc.runForCode(tenant.code, { on: '2016-11-01', actor })).singleToDouble).toBe(
      ESCALATE_BATCH * 2 + 1,
    );
    const sizes: Array<{ k: number }> = await t.db.dataSource.query(
      `SELECT jsonb_array_length(payload->'numbers'->'mobile') + jsonb_array_length(payload->'numbers'->'fixed') AS k FROM outbox WHERE tenant_id = $1 ORDER BY k`,
      [tenant.id],
    );
    expect(sizes.map((r) => r.k)).toEqual([1, ESCALATE_BATCH, ESCALATE_BATCH]);
    const [{ d }] = await t.db.dataSource.query(
      `SELECT count(DISTINCT x)::int AS d FROM outbox, jsonb_array_elements_text(payload->'numbers'->'mobile') x WHERE tenant_id = $1`,
      [tenant.id],
    );
    expect(d).toBe(ESCALATE_BATCH * 2 + 1);
  });

  it('should give every history row of one run its own time-ordered id when many numbers move', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'mobile',
      policy: { singleToDoubleDate: '2016-11-01' },
    });
    await t.db.dataSource.query(
      `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind) SELECT $1, gen_random_uuid(), '1370000' || lpad(i::text, 4, '0'), 'mobile', 'single_stop', 'temporary_account' FROM generate_series(1, 1200) i`,
      [tenant.id],
    );
    await svc.runForCode(tenant.code, { on: '2016-11-01', actor });
    const ids: Array<{ id: string }> = await t.db.dataSource.query(
      `SELECT id::text FROM number_history WHERE tenant_id = $1 AND cause = 'escalation' ORDER BY id`,
      [tenant.id],
    );
    expect(ids).toHaveLength(1200);
    expect(new Set(ids.map((r) => r.id)).size).toBe(1200);
    // RFC 9562 version 7, variant 10; one run: same millisecond prefix, counter 1..1200 at the end.
    for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    expect(new Set(ids.map((r) => r.id.slice(0, 13))).size).toBe(1);
    expect(ids.map((r) => parseInt(r.id.slice(-8), 16))).toEqual(
      Array.from({ length: 1200 }, (_, i) => i + 1),
    );
    // A second run draws a new seed: no clash with the first run's ids.
    await t.db.dataSource.query(
      `UPDATE phone_number SET state = 'single_stop', double_stopped_on = NULL WHERE tenant_id = $1`,
      [tenant.id],
    );
    await svc.runForCode(tenant.code, { on: '2016-11-02', actor });
    expect(
      await n(
        `SELECT count(DISTINCT id) AS n FROM number_history WHERE tenant_id = $1 AND cause = 'escalation'`,
        [tenant.id],
      ),
    ).toBe(2400);
  });

  it('should count a registered stopped number as held and leave it alone', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'mobile',
      policy: { singleToDoubleDate: '2016-11-01' },
    });
    const ds = t.db.dataSource;
    await insertNumber(ds, tenant.id, { phone: '13600000001', state: 'single_stop' });
    await insertNumber(ds, tenant.id, {
      phone: '13600000002',
      state: 'single_stop',
      registered: true,
    });
    const held = await insertNumber(ds, tenant.id, { phone: '13600000003', state: 'single_stop' });
    await insertCase(ds, tenant.id, held, 'submitted');
    const r = await svc.runForCode(tenant.code, { on: '2016-11-01', actor });
    expect(r).toMatchObject({ singleToDouble: 1, heldByCase: 2 });
    expect(await states(tenant.id)).toEqual({
      '13600000001': 'double_stop',
      '13600000002': 'single_stop',
      '13600000003': 'single_stop',
    });
  });

  it('should not touch another tenant when one tenant escalates', async () => {
    const a = await scenario();
    const b = await scenario();
    await svc.runForCode(a.code, { on: '2016-11-20', actor });
    expect((await states(b.id))['13800000001']).toBe('single_stop');
  });

  it('should print counts and change nothing when the CLI runs with --dry-run', async () => {
    const tenant = await scenario();
    const out: string[] = [];
    const code = await escalateCommand.run({
      args: [],
      flags: { tenant: tenant.code, at: '2016-11-20', 'dry-run': true },
      cwd: '.',
      config: t.config,
      app: t.app,
      out: (l) => out.push(l),
      err: (l) => out.push(l),
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/single → double\s+3/);
    expect(out.join('\n')).toContain('dry run');
    expect((await states(tenant.id))['13800000001']).toBe('single_stop');
  });

  it('should exit 2 when the tenant is unknown', async () => {
    const err: string[] = [];
    const code = await escalateCommand.run({
      args: [],
      flags: { tenant: 'nobody' },
      cwd: '.',
      config: t.config,
      app: t.app,
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
  });
});
