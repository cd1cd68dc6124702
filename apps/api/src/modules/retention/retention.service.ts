import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service';
import { TenantRef, TenantRefRepository } from '../operations/tenant-ref.repository';
import { STORAGE, Storage } from '../storage/storage';
import { RetentionRepository } from './retention.repository';

export interface RetentionResult {
  tenant: string;
  retentionDays: number;
  dryRun: boolean;
  cases: number;
  documents: number;
}

const BATCH = 200;

/**
 * Retention (PIPL: limited retention of sensitive personal information): closed cases older
 * than the tenant's retentionDays lose their document files (deleted from storage) and their
 * personal fields (name, ID numbers, WeChat openid). The case and document rows stay, without
 * personal data, and each purge is written to the audit log, so the trail of who decided what
 * survives. Files are deleted before the rows are marked: a crash in between is repaired by the
 * next run (deleting a missing file is not an error).
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly repo: RetentionRepository,
    private readonly tenants: TenantRefRepository,
    private readonly audit: AuditService,
    @Inject(STORAGE) private readonly storage: Storage,
  ) {}

  async run(opts: {
    tenantCode?: string;
    dryRun?: boolean;
    actor: { type: 'cli' | 'system'; id: string };
  }): Promise<RetentionResult[]> {
    let tenants: TenantRef[];
    if (opts.tenantCode) {
      const t = await this.tenants.findByCode(opts.tenantCode);
      if (!t) throw new Error(`no tenant with code '${opts.tenantCode}'`);
      tenants = [t];
    } else tenants = await this.tenants.list();
    const out: RetentionResult[] = [];
    for (const t of tenants) out.push(await this.runTenant(t, opts.dryRun === true, opts.actor));
    return out;
  }

  private async runTenant(
    tenant: TenantRef,
    dryRun: boolean,
    actor: { type: 'cli' | 'system'; id: string },
  ): Promise<RetentionResult> {
    const days = tenant.policy.retentionDays;
    const result: RetentionResult = {
      tenant: tenant.code,
      retentionDays: days,
      dryRun,
      cases: 0,
      documents: 0,
    };
    if (dryRun) return { ...result, ...(await this.repo.countDue(tenant.id, days)) };
    for (;;) {
      const batch = await this.repo.nextDue(tenant.id, days, BATCH);
      if (batch.length === 0) break;
      for (const c of batch) for (const key of c.storageKeys) await this.storage.delete(key);
      await this.repo.transaction(async (m) => {
        await this.repo.purge(
          m,
          tenant.id,
          batch.map((c) => c.id),
        );
        for (const c of batch) {
          await this.audit.append(m, {
            tenantId: tenant.id,
            actorType: actor.type,
            actorId: actor.id,
            action: 'case.retention_purge',
            targetType: 'case',
            targetId: c.id,
            detail: { state: c.state, documents: c.storageKeys.length, retentionDays: days },
          });
        }
      });
      result.cases += batch.length;
      result.documents += batch.reduce((n, c) => n + c.storageKeys.length, 0);
    }
    if (result.cases > 0)
      this.logger.log(
        `retention ${tenant.code}: purged ${result.cases} cases, ${result.documents} documents`,
      );
    return result;
  }
}
