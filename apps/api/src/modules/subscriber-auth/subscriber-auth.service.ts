import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { maskPhone, ParsedPhone, parsePhoneNumber, ServiceState } from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import { SubscriberPrincipal, TokenService } from '../../common/auth/token.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { CommonError } from '../../common/errors/app-error';
import { NumbersService } from '../numbers/numbers.service';
import { SMS_SENDER, SmsSender } from '../sms/sms.sender';
import { Tenant, TenantsService } from '../tenants/tenants.service';
import { WeChatClient } from '../wechat/wechat.client';
import { OtpRepository } from './otp.repository';
import { SubscriberAuthError } from './subscriber-auth.errors';
import { WeChatIdentityRepository } from './wechat-identity.repository';

/** A subscriber session lasts two hours: long enough to photograph documents slowly. */
export const SESSION_TTL_SECONDS = 2 * 60 * 60;
export const OTP = {
  ttlSeconds: 5 * 60,
  maxAttempts: 5,
  perPhone: { minIntervalSeconds: 60, perHour: 5 },
  /** Per client address and tenant: a store's shared Wi-Fi may serve several people. */
  perClient: { perHour: 10 },
} as const;

export interface SessionToken {
  token: string;
  expiresAt: string;
}

/** States in which a number receives no text message (a lift in progress still has the old stop). */
const CANNOT_RECEIVE: ReadonlySet<ServiceState> = new Set(['double_stop', 'cancelled']);

@Injectable()
export class SubscriberAuthService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly numbers: NumbersService,
    private readonly wechat: WeChatClient,
    private readonly tokens: TokenService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly otp: OtpRepository,
    private readonly identities: WeChatIdentityRepository,
    private readonly dataSource: DataSource,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
  ) {}

  /** wx.login code → openid (via WeChat) → a session of the tenant without a proven number. */
  async wechatLogin(tenantCode: string, code: string): Promise<SessionToken> {
    const tenant = await this.tenants.getByCode(tenantCode);
    const session = await this.wechat.code2Session(code);
    await this.dataSource.transaction(async (m) => {
      await this.identities.upsert(m, tenant.id, session.openid, session.unionid);
      await this.audit.append(m, {
        tenantId: tenant.id,
        actorType: 'subscriber',
        actorId: session.openid,
        action: 'subscriber.login.wechat',
      });
    });
    return this.sign({
      typ: 'sub',
      tenantId: tenant.id,
      tenantCode: tenant.code,
      openid: session.openid,
    });
  }

  /** Outside WeChat (H5): an anonymous session of the tenant; the number is proven by SMS. */
  async h5Login(tenantCode: string): Promise<SessionToken> {
    const tenant = await this.tenants.getByCode(tenantCode);
    await this.audit.record({
      tenantId: tenant.id,
      actorType: 'subscriber',
      actorId: 'anonymous',
      action: 'subscriber.login.h5',
    });
    return this.sign({ typ: 'sub', tenantId: tenant.id, tenantCode: tenant.code });
  }

  /** Sends a 6-digit code to a number of the session's tenant, within the rate limits. */
  async sendCode(
    session: SubscriberPrincipal,
    phoneInput: string,
    clientAddress: string,
  ): Promise<{ resendAfterSeconds: number; expiresInSeconds: number }> {
    const tenant = await this.tenants.getById(session.tenantId);
    const phone = this.parse(phoneInput);
    await this.assertCanReceiveSms(tenant, phone, session);

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = randomUUID();
    const clientKey = this.crypto.keyedHash(tenant.id, `client:${clientAddress}`).toString('hex');
    await this.dataSource.transaction(async (m) => {
      await this.otp.lock(m, `otp:${tenant.id}:${phone.value}`);
      await this.otp.lock(m, `otp-client:${tenant.id}:${clientKey}`);
      await this.assertWithinLimits(m, tenant.id, phone.value, clientKey);
      await this.otp.replace(m, {
        tenantId: tenant.id,
        id,
        phone: phone.value,
        codeHash: this.codeHash(tenant.id, phone.value, code),
        clientKey,
        ttlSeconds: OTP.ttlSeconds,
      });
    });
    try {
      await this.sms.send({
        tenantCode: tenant.code,
        phone: phone.value,
        code,
        text: `【${tenant.displayName}】您的实名登记验证码是 ${code}，${OTP.ttlSeconds / 60} 分钟内有效。请勿告诉任何人，工作人员不会向您索要验证码。`,
      });
    } catch (e) {
      await this.dataSource.transaction((m) => this.otp.remove(m, tenant.id, id));
      throw e;
    }
    return {
      resendAfterSeconds: OTP.perPhone.minIntervalSeconds,
      expiresInSeconds: OTP.ttlSeconds,
    };
  }

  /** Checks the code; on success the session is bound to the number (and the WeChat user to it). */
  async verifyCode(
    session: SubscriberPrincipal,
    phoneInput: string,
    code: string,
  ): Promise<SessionToken> {
    const tenant = await this.tenants.getById(session.tenantId);
    const phone = this.parse(phoneInput);
    const outcome = await this.dataSource.transaction(async (m) => {
      const open = await this.otp.lockOpen(m, tenant.id, phone.value);
      if (!open) return { kind: 'expired' as const, message: '验证码已失效，请重新获取' };
      if (open.expired) {
        await this.otp.consume(m, tenant.id, open.id);
        return { kind: 'expired' as const, message: '验证码已过期，请重新获取' };
      }
      if (!CryptoService.safeEqual(open.codeHash, this.codeHash(tenant.id, phone.value, code))) {
        const attemptsLeft = Math.max(0, OTP.maxAttempts - (open.attempts + 1));
        await this.otp.recordAttempt(m, tenant.id, open.id, attemptsLeft === 0);
        await this.audit.append(m, {
          tenantId: tenant.id,
          actorType: 'subscriber',
          actorId: session.openid ?? 'anonymous',
          action: 'subscriber.login.sms_failed',
          detail: { phone: maskPhone(phone.value), attemptsLeft },
        });
        return { kind: 'invalid' as const, attemptsLeft };
      }
      await this.otp.consume(m, tenant.id, open.id);
      const numberId = await this.bindNumber(
        m,
        tenant,
        phone,
        session.openid,
        'subscriber.login.sms',
      );
      return { kind: 'ok' as const, numberId };
    });
    switch (outcome.kind) {
      case 'expired':
        throw new SubscriberAuthError('CODE_EXPIRED', outcome.message);
      case 'invalid':
        throw new SubscriberAuthError(
          'CODE_INVALID',
          outcome.attemptsLeft > 0
            ? `验证码不对，还可以再试 ${outcome.attemptsLeft} 次`
            : '验证码错误次数太多，这个验证码已作废，请重新获取',
          { attemptsLeft: outcome.attemptsLeft },
        );
      case 'ok':
        return this.sign({
          typ: 'sub',
          tenantId: tenant.id,
          tenantCode: tenant.code,
          openid: session.openid,
          phone: phone.value,
          numberId: outcome.numberId,
        });
    }
  }

  /** WeChat's getPhoneNumber code → the number WeChat verified for this user → the same session as an SMS proof. */
  async wechatPhone(
    session: SubscriberPrincipal,
    code: string,
  ): Promise<SessionToken & { phone: string }> {
    if (!session.openid)
      throw new SubscriberAuthError(
        'WECHAT_LOGIN_REQUIRED',
        '请在微信中打开后再使用微信手机号验证',
      );
    const tenant = await this.tenants.getById(session.tenantId);
    const info = await this.wechat.getPhoneNumber(code);
    if (info.countryCode !== '86') throw this.notOurs(tenant);
    const phone = this.parse(info.purePhoneNumber);
    if (phone.carrier !== tenant.carrier) throw this.notOurs(tenant);
    const openid = session.openid;
    const numberId = await this.dataSource.transaction((m) =>
      this.bindNumber(m, tenant, phone, openid, 'subscriber.login.wechat_phone'),
    );
    const token = this.sign({
      typ: 'sub',
      tenantId: tenant.id,
      tenantCode: tenant.code,
      openid,
      phone: phone.value,
      numberId,
    });
    return { ...token, phone: maskPhone(phone.value) };
  }

  private sign(p: SubscriberPrincipal): SessionToken {
    return this.tokens.sign(p, SESSION_TTL_SECONDS);
  }

  private parse(input: string): ParsedPhone {
    const parsed = parsePhoneNumber(input);
    if (!parsed.ok)
      throw new CommonError('VALIDATION_FAILED', parsed.message, {
        fields: { phone: parsed.message },
      });
    return parsed.value;
  }

  /** Keyed per tenant and number: a stored hash says nothing, and fits no other number. */
  private codeHash(tenantId: string, phone: string, code: string): Buffer {
    return this.crypto.keyedHash(tenantId, `otp:${phone}:${code}`);
  }

  private notOurs(tenant: Tenant): InstanceType<typeof SubscriberAuthError> {
    return new SubscriberAuthError(
      'NUMBER_NOT_OURS',
      `这个号码不是${tenant.displayName}的号码，请到号码所属运营商的公众号或营业厅办理`,
    );
  }

  /**
   * Mobile numbers of the tenant's carrier may prove themselves even when the tenant's lists do
   * not hold them (the row is created, active, on success). Fixed lines receive no SMS at all.
   */
  private async assertCanReceiveSms(
    tenant: Tenant,
    phone: ParsedPhone,
    session: SubscriberPrincipal,
  ): Promise<void> {
    const row = await this.numbers.findForTenant(tenant.id, phone.value);
    if (phone.lineType === 'fixed') {
      if (!row) throw this.notOurs(tenant);
      throw this.cannotReceive(tenant, '座机号码收不到短信验证码。', false);
    }
    if (phone.carrier !== tenant.carrier) throw this.notOurs(tenant);
    if (!row) return;
    const effective = row.state === 'lift_pending' ? (row.stateBeforeLift ?? row.state) : row.state;
    if (effective === 'cancelled')
      throw this.cannotReceive(tenant, '这个号码已经被注销，收不到短信验证码。', false);
    if (CANNOT_RECEIVE.has(effective)) {
      throw this.cannotReceive(
        tenant,
        '这个号码已经双向停机，收不到短信验证码。',
        session.openid !== undefined,
      );
    }
  }

  private cannotReceive(
    tenant: Tenant,
    why: string,
    inWeChat: boolean,
  ): InstanceType<typeof SubscriberAuthError> {
    const remainingWays = [
      `带上机主本人身份证原件，到${tenant.displayName}营业厅办理实名登记`,
      `拨打${tenant.displayName}客服热线 ${tenant.hotline} 咨询办理方式`,
      ...(inWeChat
        ? ['如果这个号码就是您微信绑定的手机号，可以用“微信手机号快速验证”证明号码']
        : []),
    ];
    return new SubscriberAuthError(
      'NUMBER_CANNOT_RECEIVE_SMS',
      `${why}您还可以：${remainingWays.join('；')}。`,
      { remainingWays },
    );
  }

  private async assertWithinLimits(
    m: EntityManager,
    tenantId: string,
    phone: string,
    clientKey: string,
  ): Promise<void> {
    const perPhone = await this.otp.usePerPhone(m, tenantId, phone, 3600);
    const waits: number[] = [];
    if (perPhone.count > 0 && perPhone.newestAgeSeconds < OTP.perPhone.minIntervalSeconds) {
      waits.push(OTP.perPhone.minIntervalSeconds - perPhone.newestAgeSeconds);
    }
    if (perPhone.count >= OTP.perPhone.perHour) waits.push(3600 - perPhone.oldestAgeSeconds);
    const perClient = await this.otp.usePerClient(m, tenantId, clientKey, 3600);
    if (perClient.count >= OTP.perClient.perHour) waits.push(3600 - perClient.oldestAgeSeconds);
    if (waits.length > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...waits)));
      throw new SubscriberAuthError(
        'RATE_LIMITED',
        `获取验证码太频繁了，请 ${formatWait(retryAfterSeconds)}后再试`,
        { retryAfterSeconds },
      );
    }
  }

  /** Finds (or records, active) the number, binds the WeChat user to it, audits the login. */
  private async bindNumber(
    m: EntityManager,
    tenant: Tenant,
    phone: ParsedPhone,
    openid: string | undefined,
    action: string,
  ): Promise<string> {
    const row = await this.numbers.findOrCreateActive(m, tenant.id, phone.value, phone.lineType);
    if (openid) await this.identities.bindPhone(m, tenant.id, openid, phone.value);
    await this.audit.append(m, {
      tenantId: tenant.id,
      actorType: 'subscriber',
      actorId: openid ?? 'anonymous',
      action,
      targetType: 'number',
      targetId: row.id,
      detail: { phone: maskPhone(phone.value) },
    });
    return row.id;
  }
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}
