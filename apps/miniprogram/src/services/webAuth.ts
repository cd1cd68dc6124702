import { appConfig } from '../config';
import { readSession, saveSession } from './session';

/**
 * The H5 build opened inside WeChat (from the official account's menu or a message) takes the
 * subscriber's openid through WeChat's web authorisation: GET /api/auth/wechat-oauth/start →
 * WeChat → the API's callback → back here with the session in the fragment
 * (`#/pages/home/index?wx_token=…&wx_expires=…`, or `wx_error=…` when WeChat refused). Outside
 * WeChat the H5 keeps its anonymous session and SMS proof. Runs once, before the router reads the
 * address, so the token never reaches a page's query or the history.
 */
const TRIED_KEY = `shiming:wx-oauth-tried:${appConfig.tenant}`;
const PARAMS = ['wx_token', 'wx_expires', 'wx_error'] as const;

export function insideWeChat(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** Splits the fragment's parameters from the route: '#/a/b?x=1&wx_token=t' → route '/a/b?x=1', params. */
export function takeFragmentParams(hash: string): {
  hash: string;
  params: Partial<Record<(typeof PARAMS)[number], string>>;
} {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = fragment.indexOf('?');
  const route = fragment.startsWith('/') ? (q < 0 ? fragment : fragment.slice(0, q)) : '';
  const query = new URLSearchParams(
    fragment.startsWith('/') ? (q < 0 ? '' : fragment.slice(q + 1)) : fragment,
  );
  const params: Partial<Record<(typeof PARAMS)[number], string>> = {};
  for (const name of PARAMS) {
    const v = query.get(name);
    if (v !== null) params[name] = v;
    query.delete(name);
  }
  const rest = query.toString();
  const cleaned = route ? `#${route}${rest ? `?${rest}` : ''}` : rest ? `#${rest}` : '';
  return { hash: cleaned, params };
}

function tried(): boolean {
  try {
    return sessionStorage.getItem(TRIED_KEY) === '1';
  } catch {
    return true; // no storage: never risk a redirect loop
  }
}

function markTried(): void {
  try {
    sessionStorage.setItem(TRIED_KEY, '1');
  } catch {
    // see tried()
  }
}

/**
 * H5 only. Keeps a session that came back in the fragment, or (inside WeChat, no session, not
 * tried yet in this tab) leaves for the web authorisation. True when the page is leaving.
 */
export function completeWebAuthorisation(): boolean {
  if (process.env.TARO_ENV !== 'h5' || typeof location === 'undefined') return false;
  const { hash, params } = takeFragmentParams(location.hash);
  if (params.wx_token || params.wx_error) {
    markTried();
    if (params.wx_token && params.wx_expires && !Number.isNaN(Date.parse(params.wx_expires))) {
      saveSession({ token: params.wx_token, expiresAt: params.wx_expires, phoneMasked: null });
    }
    // The token leaves the address bar and the history at once.
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    return false;
  }
  if (!insideWeChat(navigator.userAgent) || readSession() || tried()) return false;
  markTried();
  const start = new URLSearchParams({
    tenant: appConfig.tenant,
    redirect: `${location.pathname}${location.search}${location.hash}`,
  });
  location.replace(`${appConfig.apiBase}/api/auth/wechat-oauth/start?${start.toString()}`);
  return true;
}
