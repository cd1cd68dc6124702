import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  maskIdNumber,
  maskName,
  maskPhone,
  parsePhoneNumber,
  parseSmsRegistration,
} from '@shiming/domain';
import { AuditService } from '../../common/audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import { CasesRepository } from '../cases/cases.repository';
import { CasesService } from '../cases/cases.service';
import { TenantRef, TenantRefRepository } from '../operations/tenant-ref.repository';
import { SMS_SENDER, SmsSender } from '../sms/sms.sender';
import { SmsChannelError } from './sms-channel.errors';
import { SmsChannelRepository } from './sms-channel.repository';

export type InboundOutcome =
  | 'case_created'
  | 'format'
  | 'channel_disabled'
  | 'not_listed'
  | 'not_our_number'
  | 'already_registered'
  | 'case_open'
  | 'cancelled'
  | 'quota';

export interface InboundSms {
  from: string;
  to: string;
  text: string;
  receivedAt: string;
}

export interface InboundAnswer {
  outcome: InboundOutcome;
  /** The reply sent to the sender ('' when it could not be sent: not a mobile of this carrier). */
  reply: string;
  caseId?: string;
}

/**
 * Telecom's SMS channel (`40#机主姓名#身份证号码` to 10001). A well-formed message from a listed
 * number becomes a self-registration case in draft, with the name and ID number checked by the
 * domain and stored by the cases module exactly as the mini-program's form does; the reply says
 * what is still needed (photos in the official account, or a store visit) and the hotline.
 * Anything else gets a reply that explains, never silence. Message text is never logged.
 */
@Injectable()
export class SmsChannelService {
  private readonly logger = new Logger(SmsChannelService.name);

  constructor(
    private readonly tenants: TenantRefRepository,
    private readonly repo: SmsChannelRepository,
    private readonly cases: CasesService,
    private readonly caseRows: CasesRepository,
    private readonly audit: AuditService,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
  ) {}

  async receive(tenantCode: string, msg: InboundSms): Promise<InboundAnswer> {
    const tenant = await this.tenants.findByCode(tenantCode);
    if (!tenant)
      throw new SmsChannelError('TENANT_NOT_FOUND', `没有代码为“${tenantCode}”的运营商（租户）`);
    const from = parsePhoneNumber(msg.from);
    if (!from.ok || from.value.lineType !== 'mobile' || from.value.carrier !== tenant.carrier) {
      return this.finish(tenant, null, null, { outcome: 'not_our_number', reply: '' });
    }
    const phone = from.value.value;
    const brand = `【${tenant.displayName}】`;
    const elsewhere = `请在微信公众号“${tenant.officialAccountName}”进入“实名认证”办理，或携带身份证原件到营业厅办理。咨询请拨打${tenant.hotline}。`;
    if (!tenant.policy.smsChannelEnabled) {
      return this.finish(tenant, phone, null, {
        outcome: 'channel_disabled',
        reply: `${brand}本地区暂未开通短信实名登记。${elsewhere}`,
      });
    }
    const parsed = parseSmsRegistration(msg.text);
    if (!parsed.ok) {
      return this.finish(tenant, phone, null, {
        outcome: 'format',
        reply: `${brand}${parsed.message}咨询请拨打${tenant.hotline}。`,
      });
    }
    const number = await this.repo.numberByPhone(tenant.id, phone);
    if (!number) {
      return this.finish(tenant, phone, null, {
        outcome: 'not_listed',
        reply: `${brand}您的号码不在需要补办实名登记的名单中，无需通过短信登记。如有疑问请拨打${tenant.hotline}。`,
      });
    }
    // The gateway attests the sender: the message itself proves the number, as an SMS code would.
    const principal: SubscriberPrincipal = {
      typ: 'sub',
      tenantId: tenant.id,
      tenantCode: tenant.code,
      phone,
      numberId: number.id,
    };
    let caseId: string;
    try {
      caseId = (await this.cases.create(principal, 'self')).id;
      await this.repo.markSource(tenant.id, caseId);
      await this.cases.setApplicant(principal, caseId, {
        name: parsed.value.name,
        idNumber: parsed.value.idNumber,
      });
    } catch (err) {
      const answer = this.refusal(err, tenant, brand);
      if (answer) return this.finish(tenant, phone, number.id, answer);
      throw err;
    }
    const record = await this.caseRows.findById(tenant.id, caseId);
    const quota = record ? await this.cases.identityQuota(record, tenant.policy) : undefined;
    if (quota && !quota.ok) {
      await this.cases.withdraw(principal, caseId);
      return this.finish(tenant, phone, number.id, {
        outcome: 'quota',
        reply: `${brand}这个身份证在本运营商名下已有${quota.count}个号码，达到每人${quota.limit}个的上限，不能再登记。请携带身份证到营业厅办理，或拨打${tenant.hotline}咨询。`,
        caseId,
      });
    }
    return this.finish(tenant, phone, number.id, {
      outcome: 'case_created',
      reply:
        `${brand}已收到您的实名登记信息（${maskName(parsed.value.name)}，${maskIdNumber(parsed.value.idNumber)}）。` +
        `还需要身份证正面、反面和手持身份证的照片：请在微信公众号“${tenant.officialAccountName}”进入“实名认证”拍照上传，` +
        `或携带身份证原件到营业厅办理。审核通过后自动恢复通话。咨询请拨打${tenant.hotline}。`,
      caseId,
    });
  }

  /** The cases module's refusals that the subscriber should hear about, as replies. */
  private refusal(err: unknown, tenant: TenantRef, brand: string): InboundAnswer | undefined {
    if (!(err instanceof AppError)) return undefined;
    switch (err.code) {
      case 'CASE_ALREADY_OPEN':
        return {
          outcome: 'case_open',
          reply: `${brand}您的号码已有一个正在审核的实名登记申请，请耐心等待结果，无需重复发送。咨询请拨打${tenant.hotline}。`,
        };
      case 'NUMBER_ALREADY_REGISTERED':
        return {
          outcome: 'already_registered',
          reply: `${brand}您的号码已经完成实名登记，无需再次登记。`,
        };
      case 'NUMBER_CANCELLED':
        return { outcome: 'cancelled', reply: `${brand}${err.message}` };
      default:
        return undefined;
    }
  }

  private async finish(
    tenant: TenantRef,
    phone: string | null,
    numberId: string | null,
    answer: InboundAnswer,
  ): Promise<InboundAnswer> {
    if (phone && answer.reply)
      await this.sms.send({ tenantCode: tenant.code, phone, text: answer.reply });
    await this.audit.record({
      tenantId: tenant.id,
      actorType: numberId ? 'subscriber' : 'system',
      actorId: numberId ? `number:${numberId}` : 'sms-gateway',
      action: 'sms.inbound',
      targetType: answer.caseId ? 'case' : 'number',
      targetId: answer.caseId ?? numberId ?? undefined,
      detail: { outcome: answer.outcome, from: phone ? maskPhone(phone) : null },
    });
    this.logger.log(
      `inbound SMS for ${tenant.code} from ${phone ? maskPhone(phone) : 'unknown'}: ${answer.outcome}`,
    );
    return answer;
  }
}
