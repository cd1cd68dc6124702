import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service';
import { TokenService } from '../../common/auth/token.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { AppError } from '../../common/errors/app-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { SESSION_TTL_SECONDS } from '../subscriber-auth/subscriber-auth.service';
import { TenantsService } from '../tenants/tenants.service';
import { OfficialAccountError } from './official-account.errors';
import { OfficialAccountRepository } from './official-account.repository';
import { OfficialAccountService } from './official-account.service';

/** A started authorisation is good this long (WeChat's codes live 5 minutes). */
export const OAUTH_STATE_TTL_SECONDS = 600;
/** Binds the state to the browser that started it (login CSRF). */
export const OAUTH_COOKIE = 'shiming_wxoauth';
export const OAUTH_COOKIE_PATH = '/api/auth/wechat-oauth';

export type OAuthStep =
  | { kind: 'redirect'; location: string; cookie?: { value: string; maxAge: number } }
  | { kind: 'redirect'; location: string; clearCookie: true };

/**
 * H5 inside WeChat: web authorisation with scope snsapi_base (silent: no consent screen) gives
 * the subscriber's openid of the official account. The state WeChat carries back is signed
 * (tenant, redirect, expiry, nonce) and must match a cookie set on this browser; WeChat allows
 * only [A-Za-z0-9] and 128 bytes, so it is hex. The session token goes back in the URL fragment
 * (never sent to a server, never in a Referer).
 */
@Injectable()
export class WeChatOAuthService {
  private readonly logger = new Logger(WeChatOAuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly accounts: OfficialAccountService,
    private readonly repo: OfficialAccountRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  private base(): string {
    return this.config.publicBaseUrl.replace(/\/$/, '');
  }

  /** A page of our H5 build: a path under /h5/ (or our own absolute URL of one); anything else is refused. */
  checkRedirect(redirect: string | undefined): string {
    let path = (redirect ?? '').trim();
    if (path === '') path = '/h5/';
    if (/^https?:\/\//i.test(path)) {
      const u = new URL(path);
      if (u.origin !== new URL(this.base()).origin)
        throw new OfficialAccountError('OAUTH_REDIRECT_INVALID', '只能跳转到本服务的 H5 页面');
      path = u.pathname + u.search + u.hash;
    }
    if (
      !path.startsWith('/h5/') ||
      path.includes('\\') ||
      /[\r\n]/.test(path) ||
      path.includes('/../')
    )
      throw new OfficialAccountError('OAUTH_REDIRECT_INVALID', '只能跳转到本服务的 H5 页面');
    return path;
  }

  private sign(tenantCode: string, redirect: string, exp: number, nonce: string): string {
    return createHmac('sha256', this.config.tokenSecret)
      .update(`wechat-oauth:${tenantCode}:${redirect}:${exp}:${nonce}`)
      .digest('hex')
      .slice(0, 32);
  }

  /** 302 to WeChat's authorize page (or straight to the H5 when the tenant has no official account). */
  async start(tenantCode: string, redirectInput: string | undefined): Promise<OAuthStep> {
    const tenant = await this.tenants.getByCode(tenantCode);
    const redirect = this.checkRedirect(redirectInput);
    const account = await this.accounts.find(tenant.id);
    if (!account) return { kind: 'redirect', location: `${this.base()}${redirect}` };
    const exp = Math.floor(Date.now() / 1000) + OAUTH_STATE_TTL_SECONDS;
    const nonce = randomBytes(8).toString('hex');
    const state = `${exp}${nonce}${this.sign(tenant.code, redirect, exp, nonce)}`;
    const callback = new URL(`${this.base()}/api/auth/wechat-oauth/callback`);
    callback.searchParams.set('tenant', tenant.code);
    callback.searchParams.set('redirect', redirect);
    const open = (this.config.wechat.openBase ?? this.config.wechat.apiBase).replace(/\/$/, '');
    // WeChat wants these parameters in this order, and the #wechat_redirect suffix.
    const location =
      `${open}/connect/oauth2/authorize?appid=${encodeURIComponent(account.appId)}` +
      `&redirect_uri=${encodeURIComponent(callback.toString())}&response_type=code&scope=snsapi_base` +
      `&state=${state}#wechat_redirect`;
    return {
      kind: 'redirect',
      location,
      cookie: { value: nonce, maxAge: OAUTH_STATE_TTL_SECONDS },
    };
  }

  /**
   * WeChat came back with a code: check the state against this browser's cookie, exchange the
   * code for the openid, record it, and go to the H5 with a session in the fragment. When
   * WeChat refuses the code, the H5 gets `wx_error` and carries on with SMS proof only.
   */
  async callback(q: {
    tenant?: string;
    redirect?: string;
    code?: string;
    state?: string;
    cookieNonce?: string;
  }): Promise<OAuthStep> {
    const tenant = await this.tenants.getByCode(q.tenant ?? '');
    const redirect = this.checkRedirect(q.redirect);
    const m = /^(\d{10})([0-9a-f]{16})([0-9a-f]{32})$/.exec(q.state ?? '');
    const exp = Number(m?.[1]);
    const nonce = m?.[2] ?? '';
    if (
      !m ||
      exp * 1000 < Date.now() ||
      !CryptoService.safeEqual(
        Buffer.from(m[3] ?? ''),
        Buffer.from(this.sign(tenant.code, redirect, exp, nonce)),
      ) ||
      !q.cookieNonce ||
      !CryptoService.safeEqual(Buffer.from(q.cookieNonce), Buffer.from(nonce))
    ) {
      throw new OfficialAccountError(
        'OAUTH_STATE_INVALID',
        '授权已过期或不是从本页面发起的，请从公众号菜单重新进入',
      );
    }
    const back = (params: Record<string, string>): OAuthStep => ({
      kind: 'redirect',
      location: withFragmentParams(`${this.base()}${redirect}`, params),
      clearCookie: true,
    });
    if (!q.code) return back({ wx_error: 'WECHAT_AUTH_DECLINED' });
    const account = await this.accounts.get(tenant.id);
    let openid: string;
    let unionid: string | undefined;
    try {
      ({ openid, unionid } = await this.accounts.client(account).oauthAccessToken(q.code));
    } catch (e) {
      if (e instanceof AppError) {
        this.logger.warn(`tenant ${tenant.code}: web authorisation code refused (${e.code})`);
        return back({ wx_error: e.code });
      }
      throw e;
    }
    await this.repo.transaction(async (tx) => {
      await this.repo.recordWebUser(tx, tenant.id, openid, unionid);
      await this.audit.append(tx, {
        tenantId: tenant.id,
        actorType: 'subscriber',
        actorId: openid,
        action: 'subscriber.login.wechat_oauth',
      });
    });
    const session = this.tokens.sign(
      { typ: 'sub', tenantId: tenant.id, tenantCode: tenant.code, openid },
      SESSION_TTL_SECONDS,
    );
    return back({ wx_token: session.token, wx_expires: session.expiresAt });
  }
}

/**
 * Adds parameters to the URL's fragment. The H5 uses a hash router ('#/pages/home/index'), so
 * they go into the route's own query ('#/pages/home/index?wx_token=…'), which Taro hands to the
 * page; a URL without a fragment gets '#wx_token=…'.
 */
export function withFragmentParams(url: string, params: Record<string, string>): string {
  const q = new URLSearchParams(params).toString();
  const hash = url.indexOf('#');
  if (hash < 0) return `${url}#${q}`;
  const fragment = url.slice(hash + 1);
  return `${url}${fragment.includes('?') ? '&' : fragment === '' ? '' : '?'}${q}`;
}
