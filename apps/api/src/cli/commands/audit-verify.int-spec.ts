import { AuditService } from '../../common/audit/audit.service';
import { seedTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import type { CliContext } from '../command';
import { auditVerify } from './audit-verify';

describe('pnpm shiming audit verify', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  async function run(): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CliContext = {
      args: [],
      cwd: process.cwd(),
      flags: {},
      config: t.config,
      app: t.app,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    };
    const code = await auditVerify.run(ctx);
    return { code, out, err };
  }

  it('should print OK with the counts and exit 0 when the chain is intact', async () => {
    const tenant = await seedTenant(t.db.dataSource);
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 3; i++)
      await audit.record({
        tenantId: tenant.id,
        actorType: 'agent',
        actorId: 'a1',
        action: 'case.view',
        targetType: 'case',
        targetId: `c${i}`,
      });
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/^OK: \d+ entries in \d+ chains? verified$/);
  });

  it('should name the tenant and seq of an edited entry and exit 1', async () => {
    const tenant = await seedTenant(t.db.dataSource);
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 4; i++)
      await audit.record({
        tenantId: tenant.id,
        actorType: 'agent',
        actorId: 'a1',
        action: 'case.decision',
        targetType: 'case',
        targetId: `c${i}`,
        detail: { decision: 'reject' },
      });
    await t.db.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL shiming.allow_audit_rewrite = 'on'`);
      await m.query(
        `UPDATE audit_log SET detail = '{"decision":"approve"}' WHERE tenant_id = $1 AND seq = 3`,
        [tenant.id],
      );
    });
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      expect.stringContaining(
        `BROKEN: tenant ${tenant.id}, seq 3: entry content does not match its hash (edited)`,
      ),
    ]);
  });

  it('should refuse an edit of the audit log without the rewrite switch', async () => {
    await expect(t.db.dataSource.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(
      /append-only/,
    );
  });
});
