import { Injectable, Logger } from '@nestjs/common';
import { chinaDate } from '@shiming/domain';
import { AuditService } from '../../common/audit/audit.service';
import { defineErrors } from '../../common/errors/app-error';
import { TenantRef, TenantRefRepository } from '../operations/tenant-ref.repository';
import { EscalationRepository } from './escalation.repository';

export const EscalationError = defineErrors('escalation', { TENANT_NOT_FOUND: 404, BAD_DATE: 400 });

export interface EscalationResult {
  tenant: string;
  on: string;
  dryRun: boolean;
  /** false when another run held the tenant (scheduled runs only): nothing was done. */
  ran: boolean;
  singleToDouble: number;
  doubleToCancelled: number;
  /** Stopped numbers left alone because a case holds them (under review or approved). */
  heldByCase: number;
  undatedDoubleStops: number;
  /** Why single → double did not run, when it did not. */
  singleToDoubleSkipped: string | null;
}

export interface EscalationOptions {
  /** YYYY-MM-DD in China; default today. */
  on?: string;
  dryRun?: boolean;
  actor: { type: 'cli' | 'system'; id: string };
  /** Wait for a concurrent run (CLI) or skip the tenant (scheduler). */
  wait?: boolean;
}

/**
 * Escalation by tenant policy: single stop → double stop on or after policy.singleToDoubleDate;
 * double stop → cancelled once doubleToCancelGraceDays have passed since double_stopped_on.
 * Each step is one set-based statement (update, history, outbox), both in one transaction;
 * a second run the same day finds nothing to do.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    private readonly repo: EscalationRepository,
    private readonly tenants: TenantRefRepository,
    private readonly audit: AuditService,
  ) {}

  async runForCode(code: string, opts: EscalationOptions): Promise<EscalationResult> {
    const tenant = await this.tenants.findByCode(code);
    if (!tenant)
      throw new EscalationError('TENANT_NOT_FOUND', `没有代码为“${code}”的运营商（租户）。`);
    return this.run(tenant, opts);
  }

  /** Every tenant (the scheduled job). */
  async runAll(opts: EscalationOptions): Promise<EscalationResult[]> {
    const out: EscalationResult[] = [];
    for (const tenant of await this.tenants.list()) out.push(await this.run(tenant, opts));
    return out;
  }

  async run(tenant: TenantRef, opts: EscalationOptions): Promise<EscalationResult> {
    const on = opts.on ?? chinaDate(new Date());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00Z`))) {
      throw new EscalationError('BAD_DATE', `日期“${on}”不是 YYYY-MM-DD 格式。`);
    }
    const policy = tenant.policy;
    const doubleDue = policy.singleToDoubleDate !== null && on >= policy.singleToDoubleDate;
    const skipped =
      policy.singleToDoubleDate === null
        ? 'policy.singleToDoubleDate is not set'
        : doubleDue
          ? null
          : `not before ${policy.singleToDoubleDate}`;
    const base = { tenantId: tenant.id, on, graceDays: policy.doubleToCancelGraceDays };
    const result: EscalationResult = {
      tenant: tenant.code,
      on,
      dryRun: opts.dryRun === true,
      ran: true,
      singleToDouble: 0,
      doubleToCancelled: 0,
      heldByCase: await this.repo.countHeld(tenant.id),
      undatedDoubleStops: await this.repo.countUndatedDoubleStops(tenant.id),
      singleToDoubleSkipped: skipped,
    };
    if (opts.dryRun) {
      // Numbers moved to double stop today are cancelled today only with 0 grace days: count them too.
      result.singleToDouble = doubleDue
        ? await this.repo.countDue({ ...base, step: 'single_to_double' })
        : 0;
      result.doubleToCancelled =
        (await this.repo.countDue({ ...base, step: 'double_to_cancelled' })) +
        (policy.doubleToCancelGraceDays === 0 ? result.singleToDouble : 0);
      return result;
    }
    const actor = `${opts.actor.type}:${opts.actor.id}`;
    return this.repo.transaction(async (m) => {
      if (!(await this.repo.lockTenant(m, tenant.id, opts.wait !== false)))
        return { ...result, ran: false };
      // One seed for both steps' history ids: the cancellations' ids sort after the double stops'.
      const historySeed = await this.repo.historySeed(m);
      if (doubleDue)
        result.singleToDouble = await this.repo.apply(m, {
          ...base,
          step: 'single_to_double',
          actor,
          historySeed,
          historyOffset: 0,
        });
      result.doubleToCancelled = await this.repo.apply(m, {
        ...base,
        step: 'double_to_cancelled',
        actor,
        historySeed,
        historyOffset: result.singleToDouble,
      });
      if (result.singleToDouble + result.doubleToCancelled > 0) {
        await this.audit.append(m, {
          tenantId: tenant.id,
          actorType: opts.actor.type,
          actorId: opts.actor.id,
          action: 'numbers.escalate',
          targetType: 'tenant',
          targetId: tenant.id,
          detail: {
            on,
            singleToDouble: result.singleToDouble,
            doubleToCancelled: result.doubleToCancelled,
          },
        });
        this.logger.log(
          `escalated ${tenant.code} on ${on}: ${result.singleToDouble} to double stop, ${result.doubleToCancelled} cancelled`,
        );
      }
      return result;
    });
  }
}
