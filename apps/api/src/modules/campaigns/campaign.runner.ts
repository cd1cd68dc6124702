import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { nextEscalation, TenantPolicy } from '@shiming/domain';
import { AuditService } from '../../common/audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { NoticesService } from '../notices/notices.service';
import { entryLinks } from '../official-account/links';
import { OfficialAccountRepository } from '../official-account/official-account.repository';
import {
  OfficialAccount,
  OfficialAccountService,
} from '../official-account/official-account.service';
import { SMS_SENDER, SmsSender } from '../sms/sms.sender';
import { Tenant, TenantsService } from '../tenants/tenants.service';
import { reminderSms, reminderTemplateData, ReminderFacts } from './campaign-messages';
import { CampaignError } from './campaigns.errors';
import { CampaignsRepository, Channel, ClaimedItem, ItemUpdate } from './campaigns.repository';
import { RateLimiter } from './rate-limiter';

export interface RunnerOptions {
  /** Items claimed at a time. A runner killed mid-batch leaves at most this many 'unknown'. */
  batchSize: number;
  /** Sends in flight at once (the rate limiter still decides how many per second). */
  concurrency: number;
  /** A runner whose heartbeat is older than this is taken to be dead; its campaign is taken over. */
  leaseSeconds: number;
  /**
   * Outcomes written together (one statement, one commit). A runner killed before a write
   * leaves those items 'sending' → 'unknown': never resent, only less precisely reported.
   */
  flushEvery: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  batchSize: 100,
  concurrency: 8,
  leaseSeconds: 60,
  flushEvery: 20,
};

export interface RunResult {
  status: 'done' | 'paused' | 'stopped';
  sent: number;
  failed: number;
  skipped: number;
  /** Items a previous runner left in flight, recorded 'unknown' (never sent again). */
  interrupted: number;
}

interface Context {
  tenant: Tenant;
  policy: TenantPolicy;
  account: OfficialAccount | undefined;
  campaignName: string;
  today: Date;
}

/** Why a number gets no message at all. */
function unreachable(item: ClaimedItem): string | null {
  if (item.line_type === 'fixed') return 'fixed_line_no_follower';
  if (item.state === 'double_stop') return 'double_stop_no_follower';
  return null;
}

/**
 * Sends a campaign's reminders. One runner owns a campaign at a time (runner_id and a heartbeat
 * in the campaign row), so the rate limit is the campaign's. Items are claimed in batches with
 * SKIP LOCKED, their notices recorded (code drawn) in the claim's transaction, then sent; each
 * outcome is written as soon as it is known. An item is never sent twice: one still 'sending'
 * when its runner died becomes 'unknown' when the next runner takes over.
 */
@Injectable()
export class CampaignRunner {
  private readonly logger = new Logger(CampaignRunner.name);
  readonly options: RunnerOptions = { ...DEFAULT_RUNNER_OPTIONS };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: CampaignsRepository,
    private readonly tenants: TenantsService,
    private readonly accounts: OfficialAccountService,
    private readonly followers: OfficialAccountRepository,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
  ) {}

  /**
   * Runs until nothing is pending (done), the campaign is paused or taken over, or `signal`
   * aborts (stopped). Progress goes to `onProgress` after every batch.
   */
  async run(
    tenantId: string,
    campaignId: string,
    opts: {
      signal?: AbortSignal;
      /** A person stopping the run (CLI Ctrl-C) pauses the campaign; a worker shutting down does not. */
      pauseWhenStopped?: boolean;
      onProgress?: (r: RunResult) => void;
    } = {},
  ): Promise<RunResult> {
    const campaign = await this.repo.find(tenantId, campaignId);
    if (!campaign) throw new CampaignError('CAMPAIGN_NOT_FOUND', '找不到这个通知活动');
    if (campaign.status === 'done' || campaign.status === 'cancelled')
      throw new CampaignError('CAMPAIGN_FINISHED', '这个通知活动已经结束');
    const runnerId = randomUUID();
    const acquired = await this.repo.acquire(
      tenantId,
      campaignId,
      runnerId,
      this.options.leaseSeconds,
    );
    if (!acquired)
      throw new CampaignError(
        'CAMPAIGN_BUSY',
        `这个通知活动正由另一个进程发送（${this.options.leaseSeconds} 秒内没有心跳才会被接管）`,
      );
    const result: RunResult = {
      status: 'stopped',
      sent: 0,
      failed: 0,
      skipped: 0,
      interrupted: acquired.interrupted,
    };
    if (acquired.interrupted > 0)
      this.logger.warn(
        `campaign ${campaignId}: ${acquired.interrupted} items were in flight when the last runner stopped; recorded 'unknown', not resent`,
      );
    const tenant = await this.tenants.getById(tenantId);
    const ctx: Context = {
      tenant,
      policy: tenant.policy,
      account: await this.accounts.find(tenantId),
      campaignName: campaign.name,
      today: new Date(),
    };
    const limiter = new RateLimiter(campaign.rate_per_second);
    await this.audit.record({
      tenantId,
      actorType: 'system',
      actorId: 'campaign-runner',
      action: 'campaign.run',
      targetType: 'campaign',
      targetId: campaignId,
      detail: { runnerId, interrupted: acquired.interrupted },
    });
    try {
      for (;;) {
        if (opts.signal?.aborted) break;
        if (!(await this.repo.heartbeat(tenantId, campaignId, runnerId))) {
          result.status = 'paused';
          break;
        }
        const batch = await this.claimBatch(ctx, tenantId, campaignId, runnerId, result);
        if (batch === undefined) {
          result.status = 'done';
          break;
        }
        await this.sendBatch(ctx, tenantId, campaignId, runnerId, batch, limiter, result);
        opts.onProgress?.({ ...result });
      }
    } finally {
      const stopped = opts.signal?.aborted === true && opts.pauseWhenStopped === true;
      const status = await this.repo.release(tenantId, campaignId, runnerId, stopped);
      if (status === 'done' || status === 'paused') result.status = status;
    }
    return result;
  }

  /**
   * Claims a batch and prepares it in one transaction: who gets a template message (a follower
   * bound to the number), who an SMS, who nothing; notices recorded with their codes. Answers the
   * items to send, or undefined when nothing was pending.
   */
  private async claimBatch(
    ctx: Context,
    tenantId: string,
    campaignId: string,
    runnerId: string,
    result: RunResult,
  ): Promise<Array<ItemUpdate & { item: ClaimedItem }> | undefined> {
    return this.repo.transaction(async (m) => {
      const items = await this.repo.claim(
        m,
        tenantId,
        campaignId,
        runnerId,
        this.options.batchSize,
      );
      if (items.length === 0) return undefined;
      const followers = ctx.account?.campaignTemplateId
        ? await this.repo.followersOf(
            m,
            tenantId,
            items.map((i) => i.phone),
          )
        : new Map<string, string>();
      const plan: Array<ItemUpdate & { item: ClaimedItem }> = [];
      const skipped: ItemUpdate[] = [];
      for (const item of items) {
        const openid = followers.get(item.phone);
        if (openid) {
          plan.push({
            item,
            seq: item.seq,
            status: 'sending',
            channel: 'wechat',
            openid,
            code: item.code,
            reason: null,
          });
          continue;
        }
        const why = unreachable(item);
        if (why)
          skipped.push({
            seq: item.seq,
            status: 'skipped',
            channel: null,
            openid: null,
            code: null,
            reason: why,
          });
        else
          plan.push({
            item,
            seq: item.seq,
            status: 'sending',
            channel: 'sms',
            openid: null,
            code: item.code,
            reason: null,
          });
      }
      const fresh = plan.filter((p) => p.code === null);
      const codes = await this.notices.recordIssued(
        m,
        tenantId,
        fresh.map((p) => ({
          channel: p.channel as Channel,
          phone: p.item.phone,
          sender: null,
          campaign: ctx.campaignName,
          sentAt: new Date().toISOString(),
        })),
      );
      fresh.forEach((p, i) => (p.code = codes[i] ?? null));
      await this.repo.update(m, tenantId, campaignId, runnerId, [
        ...skipped,
        ...plan.map(({ item: _i, ...u }) => u),
      ]);
      result.skipped += skipped.length;
      return plan;
    });
  }

  private async sendBatch(
    ctx: Context,
    tenantId: string,
    campaignId: string,
    runnerId: string,
    plan: Array<ItemUpdate & { item: ClaimedItem }>,
    limiter: RateLimiter,
    result: RunResult,
  ): Promise<void> {
    let next = 0;
    let crash: unknown;
    const started = new Set<number>();
    let outcomes: ItemUpdate[] = [];
    let writing: Promise<void> = Promise.resolve();
    const flush = (): Promise<void> => {
      const these = outcomes;
      outcomes = [];
      writing = writing.then(() =>
        this.repo.update(undefined, tenantId, campaignId, runnerId, these),
      );
      return writing;
    };
    const worker = async (): Promise<void> => {
      while (crash === undefined && next < plan.length) {
        const p = plan[next++] as (typeof plan)[number];
        await limiter.take();
        if (crash !== undefined) return;
        started.add(p.seq);
        let outcome: ItemUpdate;
        try {
          outcome = await this.sendOne(ctx, p);
        } catch (e) {
          // Not a refusal we understand: stop here, as a crash would. The item stays 'sending'
          // (it may have gone out) and will be recorded 'unknown' by the next runner.
          crash = e;
          return;
        }
        outcomes.push(outcome);
        if (outcome.status === 'sent') result.sent += 1;
        else result.failed += 1;
        if (outcomes.length >= this.options.flushEvery) await flush();
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, plan.length) }, worker),
    );
    // Outcomes known so far are written even after a failure: they are true.
    await flush();
    if (crash !== undefined) {
      await this.repo.unclaim(
        tenantId,
        campaignId,
        runnerId,
        plan.filter((p) => !started.has(p.seq)).map((p) => p.seq),
      );
      throw crash instanceof Error ? crash : new Error('campaign send failed', { cause: crash });
    }
  }

  /** One reminder; a refusal (WeChat's or the SMS gateway's) is a failed item with its reason. */
  private async sendOne(ctx: Context, p: ItemUpdate & { item: ClaimedItem }): Promise<ItemUpdate> {
    const item = p.item;
    const esc = nextEscalation(item.state, ctx.policy, item.double_stopped_on, ctx.today);
    const facts: ReminderFacts = {
      tenant: ctx.tenant,
      phone: item.phone,
      state: item.state,
      escalation: esc ? { to: esc.to, date: esc.date } : null,
      code: p.code ?? '',
    };
    const { item: _item, ...base } = p;
    const done = (u: Partial<ItemUpdate>): ItemUpdate => ({ ...base, ...u });
    if (p.channel === 'wechat' && ctx.account?.campaignTemplateId && p.openid) {
      const links = entryLinks(
        this.config.publicBaseUrl,
        ctx.tenant.code,
        ctx.account.miniprogramAppId,
        'home',
      );
      try {
        await this.accounts.client(ctx.account).sendTemplateMessage({
          toOpenid: p.openid,
          templateId: ctx.account.campaignTemplateId,
          url: links.h5InWeChat,
          miniprogram: links.miniprogram,
          data: reminderTemplateData(facts),
          clientMsgId: `${base.seq}:${p.code ?? ''}`,
        });
        return done({ status: 'sent' });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code !== 'WECHAT_USER_REFUSED') return done({ status: 'failed', reason: e.code });
        // Unfollowed or blocked: remember it, and reach the number by SMS when it can receive one.
        await this.followers.recordFollow(ctx.tenant.id, p.openid, false);
        if (unreachable(item)) return done({ status: 'failed', reason: 'wechat_user_refused' });
        const sms = await this.sendSms(ctx, item.phone, facts);
        return sms
          ? done({ status: 'failed', channel: 'sms', reason: sms })
          : done({ status: 'sent', channel: 'sms', reason: 'wechat_refused_sent_by_sms' });
      }
    }
    const sms = await this.sendSms(ctx, item.phone, facts);
    return sms
      ? done({ status: 'failed', channel: 'sms', reason: sms })
      : done({ status: 'sent', channel: 'sms' });
  }

  /** Undefined when sent; the refusal's code otherwise. Unknown errors go up (a crash). */
  private async sendSms(
    ctx: Context,
    phone: string,
    facts: ReminderFacts,
  ): Promise<string | undefined> {
    try {
      await this.sms.send({
        tenantCode: ctx.tenant.code,
        phone,
        text: reminderSms(facts),
        code: facts.code,
      });
      return undefined;
    } catch (e) {
      if (e instanceof AppError) return e.code;
      throw e;
    }
  }
}
