import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditEntry, AuditService } from '../../common/audit/audit.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { CommonError } from '../../common/errors/app-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Tenant, TenantsService } from '../tenants/tenants.service';
import { WeChatClient } from '../wechat/wechat.client';
import { WeChatApiError } from '../wechat/wechat.errors';
import { aesKeyFrom } from './callback-crypto';
import { buildMenu, menuProblems, WeChatMenu } from './menu';
import { OfficialAccountError } from './official-account.errors';
import { OfficialAccountRepository } from './official-account.repository';

/** A tenant's official account with its secrets opened: never logged, never answered. */
export interface OfficialAccount {
  tenantId: string;
  appId: string;
  appSecret: string;
  token: string;
  /** The AES key of safe mode; null: the account runs in plain mode. */
  aesKey: Buffer | null;
  originalId: string | null;
  /** The mini-program linked to the account (default: the configured mini-program). */
  miniprogramAppId: string;
  campaignTemplateId: string | null;
}

export interface OfficialAccountInput {
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey?: string | null;
  originalId?: string | null;
  miniprogramAppId?: string | null;
  campaignTemplateId?: string | null;
}

/** The console's input: a secret left out keeps the stored one (see update). */
export interface OfficialAccountUpdate {
  appId: string;
  appSecret?: string | null;
  token?: string | null;
  /** undefined: keep; null or '': plain mode; 43 characters: safe mode. */
  encodingAesKey?: string | null;
  originalId?: string | null;
  miniprogramAppId?: string | null;
  campaignTemplateId?: string | null;
}

/** What the console shows: whether each secret is set, never the secret. */
export interface OfficialAccountSummary {
  appId: string;
  originalId: string | null;
  miniprogramAppId: string;
  campaignTemplateId: string | null;
  safeMode: boolean;
  secretSet: true;
  /** The message server's URL to enter in WeChat's admin console. */
  callbackUrl: string;
  updatedAt: string;
}

const aad = (tenantId: string, field: string): string =>
  `tenant:${tenantId}:official_account:${field}`;

export type Actor = Pick<AuditEntry, 'actorType' | 'actorId'>;

@Injectable()
export class OfficialAccountService {
  private readonly logger = new Logger(OfficialAccountService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: OfficialAccountRepository,
    private readonly tenants: TenantsService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly wechat: WeChatClient,
  ) {}

  /** Sets (or replaces) the tenant's official account; the secrets are stored encrypted. Audited without them. */
  async configure(
    tenantId: string,
    input: OfficialAccountInput,
    actor: Actor,
  ): Promise<OfficialAccountSummary> {
    return this.update(tenantId, { ...input, encodingAesKey: input.encodingAesKey ?? null }, actor);
  }

  /**
   * The console's save: like configure, but a secret left out (appSecret, token, encodingAesKey)
   * keeps the stored one, since the console never has it to send back; encodingAesKey null or ''
   * turns safe mode off. A first configuration needs appSecret and token.
   */
  async update(
    tenantId: string,
    input: OfficialAccountUpdate,
    actor: Actor,
  ): Promise<OfficialAccountSummary> {
    await this.tenants.getById(tenantId);
    const existing = await this.repo.find(tenantId);
    const appSecret = input.appSecret ?? undefined;
    const token = input.token ?? undefined;
    const fields: Record<string, string> = {};
    if (!/^wx[0-9A-Za-z]{6,30}$/.test(input.appId)) fields['appId'] = '公众号 AppID 以 wx 开头';
    if (appSecret === undefined) {
      if (!existing) fields['appSecret'] = '首次配置需要填写 AppSecret';
    } else if (appSecret.length < 16 || appSecret.length > 64)
      fields['appSecret'] = 'AppSecret 长度不对';
    if (token === undefined) {
      if (!existing) fields['token'] = '首次配置需要填写 Token';
    } else if (!/^[A-Za-z0-9]{3,32}$/.test(token))
      fields['token'] = 'Token 为 3 到 32 位字母或数字';
    if (input.encodingAesKey && !aesKeyFrom(input.encodingAesKey))
      fields['encodingAesKey'] = 'EncodingAESKey 为 43 位字母或数字';
    if (input.miniprogramAppId && !/^wx[0-9A-Za-z]{6,30}$/.test(input.miniprogramAppId))
      fields['miniprogramAppId'] = '小程序 AppID 以 wx 开头';
    const seal = (text: string, field: string): Buffer =>
      this.crypto.encryptText(tenantId, text, aad(tenantId, field));
    const appSecretEnc =
      appSecret !== undefined ? seal(appSecret, 'app_secret') : existing?.appSecretEnc;
    const tokenEnc = token !== undefined ? seal(token, 'token') : existing?.tokenEnc;
    if (Object.keys(fields).length > 0 || !appSecretEnc || !tokenEnc)
      throw new CommonError('VALIDATION_FAILED', '公众号配置有误，请检查后重试', { fields });
    const aesKeyEnc =
      input.encodingAesKey === undefined
        ? (existing?.encodingAesKeyEnc ?? null)
        : input.encodingAesKey
          ? seal(input.encodingAesKey, 'encoding_aes_key')
          : null;
    const secretsChanged = [
      appSecret !== undefined && 'appSecret',
      token !== undefined && 'token',
      input.encodingAesKey !== undefined && 'encodingAesKey',
    ].filter((f): f is string => f !== false);
    await this.repo.transaction(async (m) => {
      await this.repo.upsert(m, {
        tenantId,
        appId: input.appId,
        originalId: input.originalId ?? null,
        appSecretEnc,
        tokenEnc,
        encodingAesKeyEnc: aesKeyEnc,
        miniprogramAppId: input.miniprogramAppId ?? null,
        campaignTemplateId: input.campaignTemplateId ?? null,
      });
      await this.audit.append(m, {
        tenantId,
        ...actor,
        action: 'official_account.configure',
        targetType: 'tenant',
        targetId: tenantId,
        detail: {
          appId: input.appId,
          safeMode: aesKeyEnc !== null,
          miniprogramAppId: input.miniprogramAppId ?? null,
          campaignTemplateId: input.campaignTemplateId ?? null,
          secretsChanged,
        },
      });
    });
    return this.summary(tenantId);
  }

  async summary(tenantId: string): Promise<OfficialAccountSummary> {
    const a = await this.get(tenantId);
    const row = await this.repo.find(tenantId);
    const tenant = await this.tenants.getById(tenantId);
    return {
      appId: a.appId,
      originalId: a.originalId,
      miniprogramAppId: a.miniprogramAppId,
      campaignTemplateId: a.campaignTemplateId,
      safeMode: a.aesKey !== null,
      secretSet: true,
      callbackUrl: `${this.config.publicBaseUrl.replace(/\/$/, '')}/api/wechat/callback/${tenant.code}`,
      updatedAt: (row?.updatedAt ?? new Date()).toISOString(),
    };
  }

  /** The tenant's account with its secrets; 409 OFFICIAL_ACCOUNT_NOT_CONFIGURED when none is set. */
  async get(tenantId: string): Promise<OfficialAccount> {
    const found = await this.find(tenantId);
    if (!found)
      throw new OfficialAccountError(
        'OFFICIAL_ACCOUNT_NOT_CONFIGURED',
        '这个运营商还没有配置微信公众号（AppID、AppSecret、Token）',
      );
    return found;
  }

  async find(tenantId: string): Promise<OfficialAccount | undefined> {
    const row = await this.repo.find(tenantId);
    if (!row) return undefined;
    const open = (sealed: Buffer, field: string): string =>
      this.crypto.decryptText(tenantId, sealed, aad(tenantId, field));
    const aesKeyText = row.encodingAesKeyEnc
      ? open(row.encodingAesKeyEnc, 'encoding_aes_key')
      : null;
    const aesKey = aesKeyText ? aesKeyFrom(aesKeyText) : undefined;
    if (aesKeyText && !aesKey)
      this.logger.error(`tenant ${tenantId}: stored EncodingAESKey is not 43 characters`);
    return {
      tenantId,
      appId: row.appId,
      appSecret: open(row.appSecretEnc, 'app_secret'),
      token: open(row.tokenEnc, 'token'),
      aesKey: aesKey ?? null,
      originalId: row.originalId,
      miniprogramAppId: row.miniprogramAppId ?? this.config.wechat.appId,
      campaignTemplateId: row.campaignTemplateId,
    };
  }

  /** An official account's app id and secret by app id (the WeChat emulator checks tokens this way). */
  async credentialsByAppId(
    appId: string,
  ): Promise<{ appId: string; appSecret: string } | undefined> {
    const row = await this.repo.findByAppId(appId);
    if (!row) return undefined;
    return {
      appId,
      appSecret: this.crypto.decryptText(
        row.tenantId,
        row.appSecretEnc,
        aad(row.tenantId, 'app_secret'),
      ),
    };
  }

  /** The WeChat client speaking for the tenant's official account (its own cached access token). */
  client(account: OfficialAccount): WeChatClient {
    return this.wechat.forApp({ appId: account.appId, appSecret: account.appSecret });
  }

  /** The menu for a tenant, checked against WeChat's limits. */
  async menuFor(tenant: Tenant): Promise<WeChatMenu> {
    const account = await this.get(tenant.id);
    const menu = buildMenu(tenant, this.config.publicBaseUrl, account.miniprogramAppId);
    const problems = menuProblems(menu);
    if (problems.length > 0)
      throw new OfficialAccountError(
        'MENU_INVALID',
        `菜单不符合微信的要求：${problems.join('；')}`,
        { problems },
      );
    return menu;
  }

  /** Builds the tenant's menu and, unless a dry run, publishes it (audited). */
  async publishMenu(
    tenantId: string,
    opts: { dryRun: boolean; actor: Actor },
  ): Promise<{ published: boolean; menu: WeChatMenu }> {
    const tenant = await this.tenants.getById(tenantId);
    const menu = await this.menuFor(tenant);
    if (opts.dryRun) return { published: false, menu };
    const account = await this.get(tenantId);
    try {
      await this.client(account).createMenu(menu);
    } catch (e) {
      // A carrier admin can act on WeChat's reason (an unlinked mini-program, a domain not allowed…).
      if (e instanceof WeChatApiError && e.code === 'WECHAT_REJECTED')
        throw new OfficialAccountError(
          'MENU_REJECTED',
          `微信拒绝了菜单：errcode ${e.errcode}（${e.meaning}）${e.errmsg ? `：${e.errmsg}` : ''}`,
          {
            wechatErrcode: e.errcode,
            meaning: e.meaning,
          },
        );
      throw e;
    }
    await this.audit.record({
      tenantId,
      ...opts.actor,
      action: 'official_account.menu.publish',
      targetType: 'tenant',
      targetId: tenantId,
      detail: { appId: account.appId, buttons: menu.button.map((b) => b.name) },
    });
    return { published: true, menu };
  }
}
