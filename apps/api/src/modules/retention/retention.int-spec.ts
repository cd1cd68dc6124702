import { randomUUID } from 'node:crypto';
import { retentionRunCommand } from '../../cli/commands/retention-run';
import { createOperationsTestApp, OperationsTestApp } from '../../test/operations-app';
import {
  insertCase,
  insertNumber,
  insertTenant,
  TenantFixture,
} from '../../test/operations-fixtures';
import { ScheduledJobsModule } from '../scheduled-jobs/scheduled-jobs.module';
import { ScheduledJobsService } from '../scheduled-jobs/scheduled-jobs.service';
import { newStorageKey, STORAGE, Storage } from '../storage/storage';
import { RetentionModule } from './retention.module';
import { RetentionService } from './retention.service';

describe('retention', () => {
  let t: OperationsTestApp;
  let storage: Storage;
  const actor = { type: 'cli' as const, id: 'test' };

  beforeAll(async () => {
    t = await createOperationsTestApp([RetentionModule, ScheduledJobsModule]);
    storage = t.app.get<Storage>(STORAGE);
  });
  afterAll(() => t.teardown());

  const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString();

  async function caseWithDocs(
    tenant: TenantFixture,
    phone: string,
    state: 'approved' | 'rejected' | 'withdrawn' | 'submitted',
    decidedDaysAgo: number | null,
    docs = 2,
  ) {
    const ds = t.db.dataSource;
    const numberId = await insertNumber(ds, tenant.id, { phone, state: 'single_stop' });
    const caseId = await insertCase(ds, tenant.id, numberId, state, {
      decidedAt: decidedDaysAgo === null ? undefined : daysAgo(decidedDaysAgo),
      nameEnc: Buffer.from('enc-name'),
      idNumberEnc: Buffer.from('enc-id'),
      idHash: Buffer.from('hash'),
    });
    const keys: string[] = [];
    for (let i = 0; i < docs; i++) {
      const key = newStorageKey(tenant.id);
      await storage.put(key, Buffer.from(`photo ${i}`));
      await ds.query(
        `INSERT INTO document (tenant_id, id, case_id, kind, storage_key, bytes, width, height, sha256) VALUES ($1, $2, $3, $4, $5, 7, 1, 1, '\\x00')`,
        [tenant.id, randomUUID(), caseId, i === 0 ? 'id_front' : 'id_back', key],
      );
      keys.push(key);
    }
    return { caseId, keys };
  }

  it('should count without deleting on a dry run, then purge only closed cases past the period', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'unicom',
      policy: { retentionDays: 30 },
    });
    const old = await caseWithDocs(tenant, '18608591001', 'approved', 60);
    const recent = await caseWithDocs(tenant, '18608591002', 'rejected', 10);
    const open = await caseWithDocs(tenant, '18608591003', 'submitted', null);
    const rejectedOld = await caseWithDocs(tenant, '18608591004', 'rejected', 31, 1);
    const svc = t.app.get(RetentionService);

    const [dry] = await svc.run({ tenantCode: tenant.code, dryRun: true, actor });
    expect(dry).toMatchObject({ dryRun: true, cases: 2, documents: 3 });
    expect(await storage.exists(old.keys[0] as string)).toBe(true);

    const [done] = await svc.run({ tenantCode: tenant.code, actor });
    expect(done).toMatchObject({ cases: 2, documents: 3 });
    for (const k of [...old.keys, ...rejectedOld.keys]) expect(await storage.exists(k)).toBe(false);
    for (const k of [...recent.keys, ...open.keys]) expect(await storage.exists(k)).toBe(true);

    const rows: Array<{ id: string; name: boolean; idn: boolean; hash: boolean; purged: boolean }> =
      await t.db.dataSource.query(
        `SELECT id, name_enc IS NOT NULL AS name, id_number_enc IS NOT NULL AS idn, id_hash IS NOT NULL AS hash, personal_data_purged_at IS NOT NULL AS purged
         FROM registration_case WHERE tenant_id = $1`,
        [tenant.id],
      );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[old.caseId]).toMatchObject({ name: false, idn: false, hash: true, purged: true }); // approved keeps its keyed hash
    expect(byId[rejectedOld.caseId]).toMatchObject({
      name: false,
      idn: false,
      hash: false,
      purged: true,
    });
    expect(byId[recent.caseId]).toMatchObject({ name: true, purged: false });
    expect(byId[open.caseId]).toMatchObject({ name: true, purged: false });
    const audit = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'case.retention_purge'`,
      [tenant.id],
    );
    expect(audit[0].n).toBe(2);
    const docs = await t.db.dataSource.query(
      `SELECT count(*)::int AS n, count(phash)::int AS hashed FROM document WHERE tenant_id = $1 AND purged_at IS NOT NULL`,
      [tenant.id],
    );
    expect(docs[0]).toEqual({ n: 3, hashed: 0 });

    const [again] = await svc.run({ tenantCode: tenant.code, actor });
    expect(again).toMatchObject({ cases: 0, documents: 0 });
  });

  it('should print what it would purge when the CLI runs with --dry-run', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'unicom',
      policy: { retentionDays: 30 },
    });
    await caseWithDocs(tenant, '18608591101', 'withdrawn', 45, 1);
    const out: string[] = [];
    const code = await retentionRunCommand.run({
      args: [],
      flags: { tenant: tenant.code, 'dry-run': true },
      cwd: '.',
      config: t.config,
      app: t.app,
      out: (l) => out.push(l),
      err: () => undefined,
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('would purge 1 cases, 1 documents');
  });

  it('should escalate and purge for every tenant when the scheduled round runs', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'unicom',
      policy: { retentionDays: 30, singleToDoubleDate: '2016-11-01' },
    });
    const { keys } = await caseWithDocs(tenant, '18608591201', 'rejected', 90, 1);
    await insertNumber(t.db.dataSource, tenant.id, { phone: '18608591202', state: 'single_stop' });
    await t.app.get(ScheduledJobsService).runOnce();
    expect(await storage.exists(keys[0] as string)).toBe(false);
    const [n] = await t.db.dataSource.query(
      `SELECT state FROM phone_number WHERE tenant_id = $1 AND phone = '18608591202'`,
      [tenant.id],
    );
    expect(n.state).toBe('double_stop');
  });
});
