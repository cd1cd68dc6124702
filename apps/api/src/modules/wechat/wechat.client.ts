import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { WeChatApiError, WeChatError } from './wechat.errors';

export interface Code2SessionResult {
  openid: string;
  /** Never logged, never sent to the client. */
  sessionKey: string;
  unionid?: string;
}

export interface WeChatPhoneInfo {
  /** With country code when not mainland, e.g. '+85212345678'; mainland: 11 digits. */
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface SubscribeMessage {
  toOpenid: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. 'case/detail/index?id=…'. */
  page?: string;
  /** Template fields: { thing1: { value: '…' }, time2: { value: '…' } }. */
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

/** One WeChat app's credentials: the mini-program's (from config) or a tenant's official account. */
export interface WeChatAppCredentials {
  appId: string;
  /** Never logged. */
  appSecret: string;
}

/** Nest token for an explicit app; without it the client speaks for the configured mini-program. */
export const WECHAT_APP = Symbol('WECHAT_APP');

/** An official-account template message (POST /cgi-bin/message/template/send). */
export interface TemplateMessage {
  toOpenid: string;
  templateId: string;
  /** Opened on a tap when the mini-program cannot be (old clients, no mini-program linked). */
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  data: Record<string, { value: string; color?: string }>;
  /** Idempotency key WeChat drops duplicates by (client_msg_id, within a few minutes). */
  clientMsgId?: string;
}

/** What snsapi_base web authorisation tells us: the user's openid for the official account. */
export interface OAuthResult {
  openid: string;
  scope: string;
  unionid?: string;
}

type WeChatBody = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/** Refresh this long before WeChat says the token expires. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;

/**
 * WeChat's server APIs, one method per endpoint we use. Base URL, app id and secret come from
 * AppConfig.wechat (demo/test: the built-in emulator under /api/demo/wechat). Every call has a
 * timeout; a non-zero errcode becomes a WeChatApiError carrying its meaning.
 */
@Injectable()
export class WeChatClient {
  private readonly logger = new Logger(WeChatClient.name);
  private token: { value: string; expiresAt: number } | undefined;
  private refreshing: Promise<string> | undefined;

  /** Clients of other apps (tenants' official accounts), each with its own cached token. */
  private readonly others = new Map<string, WeChatClient>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(WECHAT_APP) private readonly explicitApp?: WeChatAppCredentials,
  ) {}

  timeoutMs = 5000;

  /** The app this client speaks for: the configured mini-program unless constructed for another. */
  get appId(): string {
    return this.app().appId;
  }

  private app(): WeChatAppCredentials {
    return (
      this.explicitApp ?? {
        appId: this.config.wechat.appId,
        appSecret: this.config.wechat.appSecret,
      }
    );
  }

  /**
   * The client for another app (a tenant's official account): same base URL and timeout, its own
   * access token, cached here per app id and secret (a changed secret gets a fresh client).
   */
  forApp(app: WeChatAppCredentials): WeChatClient {
    const key = `${app.appId}:${createHash('sha256').update(app.appSecret).digest('hex').slice(0, 16)}`;
    let client = this.others.get(key);
    if (!client) {
      for (const k of this.others.keys()) if (k.startsWith(`${app.appId}:`)) this.others.delete(k);
      client = new WeChatClient(this.config, { ...app });
      client.timeoutMs = this.timeoutMs;
      this.others.set(key, client);
    }
    return client;
  }

  /** GET /sns/jscode2session: a wx.login code → the user's openid for this app. */
  async code2Session(jsCode: string): Promise<Code2SessionResult> {
    const body = await this.call('jscode2session', 'GET', '/sns/jscode2session', {
      appid: this.app().appId,
      secret: this.app().appSecret,
      js_code: jsCode,
      grant_type: 'authorization_code',
    });
    const openid = body['openid'];
    const sessionKey = body['session_key'];
    if (typeof openid !== 'string' || typeof sessionKey !== 'string')
      throw this.malformed('jscode2session');
    const unionid = typeof body['unionid'] === 'string' ? body['unionid'] : undefined;
    return { openid, sessionKey, ...(unionid ? { unionid } : {}) };
  }

  /** GET /cgi-bin/token: cached until shortly before it expires; one refresh at a time. */
  async getAccessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.token.expiresAt - TOKEN_MARGIN_MS > Date.now())
      return this.token.value;
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** POST /wxa/business/getuserphonenumber: a getPhoneNumber button code → the user's number. */
  async getPhoneNumber(code: string): Promise<WeChatPhoneInfo> {
    const body = await this.withToken('getuserphonenumber', (token) =>
      this.call(
        'getuserphonenumber',
        'POST',
        '/wxa/business/getuserphonenumber',
        { access_token: token },
        { code },
      ),
    );
    const info = body['phone_info'] as Record<string, unknown> | undefined;
    if (!info || typeof info['purePhoneNumber'] !== 'string')
      throw this.malformed('getuserphonenumber');
    const pure = info['purePhoneNumber'];
    return {
      phoneNumber: typeof info['phoneNumber'] === 'string' ? info['phoneNumber'] : pure,
      purePhoneNumber: pure,
      countryCode: typeof info['countryCode'] === 'string' ? info['countryCode'] : '86',
    };
  }

  /** POST /cgi-bin/message/subscribe/send: one subscription message (the user must have accepted the template). */
  async sendSubscribeMessage(msg: SubscribeMessage): Promise<void> {
    await this.withToken('subscribe/send', (token) =>
      this.call(
        'subscribe/send',
        'POST',
        '/cgi-bin/message/subscribe/send',
        { access_token: token },
        {
          touser: msg.toOpenid,
          template_id: msg.templateId,
          ...(msg.page ? { page: msg.page } : {}),
          data: msg.data,
          miniprogram_state:
            msg.miniprogramState ?? (this.config.mode === 'production' ? 'formal' : 'developer'),
          lang: 'zh_CN',
        },
      ),
    );
  }

  /** POST /cgi-bin/menu/create (official account): replaces the whole custom menu. */
  async createMenu(menu: { button: unknown[] }): Promise<void> {
    await this.withToken('menu/create', (token) =>
      this.call('menu/create', 'POST', '/cgi-bin/menu/create', { access_token: token }, menu),
    );
  }

  /** POST /cgi-bin/message/template/send (official account): one template message; answers WeChat's msgid. */
  async sendTemplateMessage(msg: TemplateMessage): Promise<string> {
    const body = await this.withToken('template/send', (token) =>
      this.call(
        'template/send',
        'POST',
        '/cgi-bin/message/template/send',
        { access_token: token },
        {
          touser: msg.toOpenid,
          template_id: msg.templateId,
          ...(msg.url ? { url: msg.url } : {}),
          ...(msg.miniprogram ? { miniprogram: msg.miniprogram } : {}),
          ...(msg.clientMsgId ? { client_msg_id: msg.clientMsgId } : {}),
          data: msg.data,
        },
      ),
    );
    const msgid = body['msgid'];
    return typeof msgid === 'number' || typeof msgid === 'string' ? String(msgid) : '';
  }

  /**
   * GET /sns/oauth2/access_token (official account web authorisation): the code WeChat put on
   * the redirect → the user's openid. Only the openid is kept: the web access token of
   * snsapi_base opens nothing we use.
   */
  async oauthAccessToken(code: string): Promise<OAuthResult> {
    const body = await this.call('oauth2/access_token', 'GET', '/sns/oauth2/access_token', {
      appid: this.app().appId,
      secret: this.app().appSecret,
      code,
      grant_type: 'authorization_code',
    });
    const openid = body['openid'];
    if (typeof openid !== 'string' || openid === '') throw this.malformed('oauth2/access_token');
    const unionid = typeof body['unionid'] === 'string' ? body['unionid'] : undefined;
    return {
      openid,
      scope: typeof body['scope'] === 'string' ? body['scope'] : '',
      ...(unionid ? { unionid } : {}),
    };
  }

  private async fetchToken(): Promise<string> {
    const body = await this.call('token', 'GET', '/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: this.app().appId,
      secret: this.app().appSecret,
    });
    const value = body['access_token'];
    const expiresIn = body['expires_in'];
    if (typeof value !== 'string' || typeof expiresIn !== 'number') throw this.malformed('token');
    this.token = { value, expiresAt: Date.now() + expiresIn * 1000 };
    return value;
  }

  /** Runs a call with the cached token; when WeChat says it is stale (40001/42001), refreshes once and retries. */
  private async withToken(
    endpoint: string,
    fn: (token: string) => Promise<WeChatBody>,
  ): Promise<WeChatBody> {
    try {
      return await fn(await this.getAccessToken());
    } catch (e) {
      if (e instanceof WeChatApiError && (e.errcode === 40001 || e.errcode === 42001)) {
        this.logger.warn(`${endpoint}: access token refused (${e.errcode}), refreshing once`);
        return fn(await this.getAccessToken(true));
      }
      throw e;
    }
  }

  private async call(
    endpoint: string,
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    json?: unknown,
  ): Promise<WeChatBody> {
    const url = new URL(this.config.wechat.apiBase.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: json === undefined ? {} : { 'content-type': 'application/json' },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const why =
        e instanceof Error && e.name === 'TimeoutError'
          ? `timed out after ${this.timeoutMs} ms`
          : 'network error';
      this.logger.warn(`WeChat ${endpoint}: ${why}`);
      throw new WeChatError('WECHAT_UNAVAILABLE', '微信服务暂时连接不上，请稍后再试');
    }
    let body: WeChatBody;
    try {
      body = (await res.json()) as WeChatBody;
    } catch {
      this.logger.warn(`WeChat ${endpoint}: HTTP ${res.status} with a non-JSON body`);
      throw new WeChatError('WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试');
    }
    if (typeof body.errcode === 'number' && body.errcode !== 0) {
      const err = new WeChatApiError(endpoint, body.errcode, String(body.errmsg ?? ''));
      this.logger.warn(err.toString());
      throw err;
    }
    if (!res.ok) {
      this.logger.warn(`WeChat ${endpoint}: HTTP ${res.status}`);
      throw new WeChatError('WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试');
    }
    return body;
  }

  private malformed(endpoint: string): InstanceType<typeof WeChatError> {
    this.logger.warn(`WeChat ${endpoint}: answer without the expected fields`);
    return new WeChatError('WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试');
  }
}
