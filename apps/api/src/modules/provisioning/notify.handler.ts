import { Inject, Injectable } from '@nestjs/common';
import { maskPhone } from '@shiming/domain';
import { AuditService } from '../../common/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { WeChatError } from '../wechat/wechat.errors';
import { WeChatClient } from '../wechat/wechat.client';
import { NOTIFY_TOPIC, NotifyPayload } from './notify.topic';
import { HandlerOutcome, OutboxHandler } from './outbox.handler';
import { OutboxRow } from './outbox.repository';
import { ProvisioningRepository } from './provisioning.repository';

const RESULT: Record<
  NotifyPayload['decision'],
  { phrase: string; note: (hotline: string) => string }
> = {
  approve: { phrase: '已通过', note: () => '正在为您恢复通话' },
  resubmit: { phrase: '需补交材料', note: () => '请按提示重新提交材料' },
  reject: { phrase: '未通过', note: (hotline) => `详情请拨打${hotline}` },
};

/** China time, as WeChat's time fields show it: 'YYYY-MM-DD HH:mm'. */
function chinaTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Tells the subscriber about a decision with a WeChat subscription message. A case without an
 * openid (an H5 session) or a user who declined the template is skipped, with the reason in the
 * audit log; WeChat being down is retried.
 */
@Injectable()
export class NotifyHandler implements OutboxHandler {
  readonly topic = NOTIFY_TOPIC;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ProvisioningRepository,
    private readonly wechat: WeChatClient,
    private readonly audit: AuditService,
  ) {}

  async handle(row: OutboxRow): Promise<HandlerOutcome> {
    const { caseId, decision } = row.payload as unknown as NotifyPayload;
    const target = await this.repo.notifyTarget(row.tenant_id, caseId);
    if (!target) return this.skipped(row, caseId, 'case_not_found');
    if (!target.openid) return this.skipped(row, caseId, 'no_openid');
    const templateId = this.config.wechat.decisionTemplateId;
    if (!templateId) return this.skipped(row, caseId, 'no_template_configured');
    const result = RESULT[decision];
    try {
      await this.wechat.sendSubscribeMessage({
        toOpenid: target.openid,
        templateId,
        // The mini-program's case page (apps/miniprogram/src/routes.ts caseDetail).
        page: `case/detail/index?id=${caseId}`,
        data: {
          thing1: { value: '手机号码实名登记' },
          character_string2: { value: maskPhone(target.phone) },
          phrase3: { value: result.phrase },
          thing4: { value: result.note(target.hotline) },
          time5: {
            value: chinaTime(
              target.decidedAt ? new Date(target.decidedAt) : new Date(row.created_at),
            ),
          },
        },
      });
    } catch (err) {
      if (err instanceof WeChatError && err.code === 'WECHAT_USER_REFUSED')
        return this.skipped(row, caseId, 'user_refused');
      throw err;
    }
    await this.audit.record({
      tenantId: row.tenant_id,
      actorType: 'system',
      actorId: 'notify',
      action: 'case.notified',
      targetType: 'case',
      targetId: caseId,
      detail: { decision, channel: 'wechat_subscribe' },
    });
    return { ok: true };
  }

  private async skipped(row: OutboxRow, caseId: string, reason: string): Promise<HandlerOutcome> {
    await this.audit.record({
      tenantId: row.tenant_id,
      actorType: 'system',
      actorId: 'notify',
      action: 'case.notify_skipped',
      targetType: 'case',
      targetId: caseId,
      detail: { reason, outboxId: row.id },
    });
    return { ok: true, note: reason };
  }
}
