import { Inject, Injectable, Logger } from '@nestjs/common';
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
  /** Mini-program page opened from the message, e.g. 'pages/case/index?id=…'. */
  page?: string;
  /** Template fields: { thing1: { value: '…' }, time2: { value: '…' } }. */
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
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

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  timeoutMs = 5000;

  /** GET /sns/jscode2session: a wx.login code → the user's openid for this app. */
  async code2Session(jsCode: string): Promise<Code2SessionResult> {
    const body = await this.call('jscode2session', 'GET', '/sns/jscode2session', {
      appid: this.config.wechat.appId,
      secret: this.config.wechat.appSecret,
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

  private async fetchToken(): Promise<string> {
    const body = await this.call('token', 'GET', '/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: this.config.wechat.appId,
      secret: this.config.wechat.appSecret,
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
