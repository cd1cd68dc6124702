import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  chinaDate,
  nextEscalation,
  ServiceState,
  TenantPolicy,
  UNREGISTERED_KINDS,
  UnregisteredKind,
} from '@shiming/domain';
import { AuditEntry, AuditService } from '../../common/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { TenantsService } from '../tenants/tenants.service';
import { CampaignError } from './campaigns.errors';
import {
  CampaignFilter,
  CampaignRow,
  CampaignStatus,
  CampaignsRepository,
  Channel,
  ItemStatus,
  Selection,
} from './campaigns.repository';

/** Unregistered numbers a reminder can still help: cancelled ones cannot be registered any more. */
export const SELECTABLE_STATES: ReadonlyArray<ServiceState> = [
  'active',
  'single_stop',
  'double_stop',
];

export interface CampaignInput {
  name: string;
  states?: ServiceState[];
  kinds?: UnregisteredKind[];
  regionCodes?: string[];
  maxDaysToEscalation?: number;
  ratePerSecond?: number;
}

export type Actor = Pick<AuditEntry, 'actorType' | 'actorId'>;

export type CampaignFilterInput = Omit<CampaignInput, 'name' | 'ratePerSecond'>;

/** docs/API.md: POST /api/console/admin/campaigns/preview. */
export interface CampaignPreview {
  total: number;
  byState: Record<'active' | 'single_stop' | 'double_stop', number>;
  /** The same filter without its regions, per region code (null: numbers listed without one). */
  byRegion: Array<{ regionCode: string | null; count: number }>;
}

/** The filter as stored, checked: 400 CAMPAIGN_FILTER_INVALID names what is wrong. */
function filterFrom(input: CampaignFilterInput): CampaignFilter {
  const states =
    input.states && input.states.length > 0 ? [...new Set(input.states)] : [...SELECTABLE_STATES];
  const badState = states.find((s) => !SELECTABLE_STATES.includes(s));
  if (badState)
    throw new CampaignError(
      'CAMPAIGN_FILTER_INVALID',
      `号码状态只能选 ${SELECTABLE_STATES.join('、')}（不能选 ${badState}）`,
    );
  const badKind = input.kinds?.find((k) => !(k in UNREGISTERED_KINDS));
  if (badKind) throw new CampaignError('CAMPAIGN_FILTER_INVALID', `未实名类型不存在：${badKind}`);
  const max = input.maxDaysToEscalation;
  if (max !== undefined && (!Number.isInteger(max) || max < 0 || max > 3650))
    throw new CampaignError('CAMPAIGN_FILTER_INVALID', '距离下一步停机的天数应为 0 到 3650 的整数');
  return {
    states,
    kinds: input.kinds && input.kinds.length > 0 ? [...new Set(input.kinds)] : null,
    regionCodes:
      input.regionCodes && input.regionCodes.length > 0 ? [...new Set(input.regionCodes)] : null,
    maxDaysToEscalation: max ?? null,
  };
}

/** docs/API.md CampaignReport. */
export interface CampaignReport {
  id: string;
  name: string;
  status: CampaignStatus;
  filter: CampaignFilter;
  ratePerSecond: number;
  total: number;
  done: number;
  counts: Record<ItemStatus, number>;
  byChannel: Record<Channel, { sent: number; failed: number; unknown: number }>;
  failedByReason: Record<string, number>;
  skippedByReason: Record<string, number>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * "At most `maxDays` before the next escalation" in SQL terms, with the domain's rule
 * (nextEscalation): single stops share the policy's date; a double stop is cancelled `grace`
 * days after it began, so it qualifies when it began on or before today + maxDays − grace.
 */
export function selectionFor(filter: CampaignFilter, policy: TenantPolicy, today: Date): Selection {
  const max = filter.maxDaysToEscalation;
  if (max === null)
    return {
      states: filter.states,
      kinds: filter.kinds,
      regionCodes: filter.regionCodes,
      singleStopAllowed: true,
      doubleStoppedOnOrBefore: null,
      onlyScheduled: false,
    };
  const single = nextEscalation('single_stop', policy, null, today);
  return {
    states: filter.states,
    kinds: filter.kinds,
    regionCodes: filter.regionCodes,
    singleStopAllowed: single !== null && single.daysLeft <= max,
    doubleStoppedOnOrBefore: addDays(chinaDate(today), max - policy.doubleToCancelGraceDays),
    onlyScheduled: true,
  };
}

@Injectable()
export class CampaignsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: CampaignsRepository,
    private readonly tenants: TenantsService,
    private readonly audit: AuditService,
  ) {}

  /** Selects the numbers now (one item each, unique per campaign) and records the campaign, ready to run. */
  async create(
    tenantId: string,
    input: CampaignInput,
    actor: Actor,
    today = new Date(),
  ): Promise<CampaignReport> {
    const tenant = await this.tenants.getById(tenantId);
    const name = input.name.trim();
    if (name === '' || name.length > 100)
      throw new CampaignError('CAMPAIGN_FILTER_INVALID', '活动名称不能为空，最多 100 个字');
    const filter = filterFrom(input);
    const rate = input.ratePerSecond ?? this.config.campaigns.defaultRatePerSecond;
    if (!Number.isInteger(rate) || rate < 1 || rate > 10_000)
      throw new CampaignError('CAMPAIGN_FILTER_INVALID', '发送速度应为每秒 1 到 10000 条');
    const id = randomUUID();
    await this.repo.transaction(async (m) => {
      const total = await this.repo.create(
        m,
        {
          tenantId,
          id,
          name,
          filter,
          ratePerSecond: rate,
          createdBy: `${actor.actorType}:${actor.actorId}`,
        },
        selectionFor(filter, tenant.policy, today),
      );
      await this.audit.append(m, {
        tenantId,
        ...actor,
        action: 'campaign.create',
        targetType: 'campaign',
        targetId: id,
        detail: { name, filter: { ...filter }, total, ratePerSecond: rate },
      });
    });
    return this.report(tenantId, id);
  }

  /**
   * How many numbers a campaign with this filter would select now, by state, and what each
   * region holds for the same filter without its regions (the console's region picker).
   */
  async preview(
    tenantId: string,
    input: CampaignFilterInput,
    today = new Date(),
  ): Promise<CampaignPreview> {
    const tenant = await this.tenants.getById(tenantId);
    const filter = filterFrom(input);
    const rows = await this.repo.preview(tenantId, selectionFor(filter, tenant.policy, today));
    const byState: CampaignPreview['byState'] = { active: 0, single_stop: 0, double_stop: 0 };
    const regions = new Map<string | null, number>();
    let total = 0;
    for (const r of rows) {
      regions.set(r.regionCode, (regions.get(r.regionCode) ?? 0) + r.n);
      if (!r.inRegion) continue;
      total += r.n;
      if (r.state === 'active' || r.state === 'single_stop' || r.state === 'double_stop')
        byState[r.state] += r.n;
    }
    return {
      total,
      byState,
      byRegion: [...regions]
        .map(([regionCode, count]) => ({ regionCode, count }))
        .sort((a, b) => (a.regionCode ?? '\uffff').localeCompare(b.regionCode ?? '\uffff')),
    };
  }

  async list(tenantId: string): Promise<CampaignReport[]> {
    const rows = await this.repo.list(tenantId);
    return Promise.all(rows.map((r) => this.toReport(r)));
  }

  async report(tenantId: string, id: string): Promise<CampaignReport> {
    return this.toReport(await this.get(tenantId, id));
  }

  async get(tenantId: string, id: string): Promise<CampaignRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.find(tenantId, id) : undefined;
    if (!row) throw new CampaignError('CAMPAIGN_NOT_FOUND', '找不到这个通知活动');
    return row;
  }

  /** Hands the campaign to the worker process (which runs it when WORKERS_ENABLED). */
  async start(tenantId: string, id: string, actor: Actor): Promise<CampaignReport> {
    await this.get(tenantId, id);
    if (!(await this.repo.setStatus(tenantId, id, ['ready', 'paused', 'running'], 'running')))
      throw new CampaignError('CAMPAIGN_FINISHED', '这个通知活动已经结束');
    await this.audit.record({
      tenantId,
      ...actor,
      action: 'campaign.start',
      targetType: 'campaign',
      targetId: id,
    });
    return this.report(tenantId, id);
  }

  /** Stops sending after the batch in flight; `run`/`start` resumes where it stopped. */
  async pause(tenantId: string, id: string, actor: Actor): Promise<CampaignReport> {
    await this.get(tenantId, id);
    if (!(await this.repo.setStatus(tenantId, id, ['ready', 'running'], 'paused')))
      throw new CampaignError('CAMPAIGN_FINISHED', '这个通知活动已经结束或已暂停');
    await this.audit.record({
      tenantId,
      ...actor,
      action: 'campaign.pause',
      targetType: 'campaign',
      targetId: id,
    });
    return this.report(tenantId, id);
  }

  private async toReport(c: CampaignRow): Promise<CampaignReport> {
    const counts: Record<ItemStatus, number> = {
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      unknown: 0,
    };
    const byChannel: CampaignReport['byChannel'] = {
      wechat: { sent: 0, failed: 0, unknown: 0 },
      sms: { sent: 0, failed: 0, unknown: 0 },
    };
    const failedByReason: Record<string, number> = {};
    const skippedByReason: Record<string, number> = {};
    for (const r of await this.repo.counts(c.tenant_id, c.id)) {
      counts[r.status] += r.n;
      if (r.channel && (r.status === 'sent' || r.status === 'failed' || r.status === 'unknown'))
        byChannel[r.channel][r.status] += r.n;
      if (r.status === 'failed')
        failedByReason[r.reason ?? 'unknown'] = (failedByReason[r.reason ?? 'unknown'] ?? 0) + r.n;
      if (r.status === 'skipped')
        skippedByReason[r.reason ?? 'unknown'] =
          (skippedByReason[r.reason ?? 'unknown'] ?? 0) + r.n;
    }
    return {
      id: c.id,
      name: c.name,
      status: c.status,
      filter: c.filter,
      ratePerSecond: c.rate_per_second,
      total: c.total,
      done: counts.sent + counts.failed + counts.skipped + counts.unknown,
      counts,
      byChannel,
      failedByReason,
      skippedByReason,
      createdAt: new Date(c.created_at).toISOString(),
      startedAt: c.started_at ? new Date(c.started_at).toISOString() : null,
      finishedAt: c.finished_at ? new Date(c.finished_at).toISOString() : null,
    };
  }
}
