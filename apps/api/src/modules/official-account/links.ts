/**
 * Where the official account sends a subscriber: a mini-program page, and the same page of the
 * H5 build for clients that cannot open the mini-program (the menu's fallback url, links in
 * replies and template messages). Inside WeChat the H5 address goes through web authorisation
 * first (GET /api/auth/wechat-oauth/start), so the H5 session carries the subscriber's openid.
 */
export type Entry = 'home' | 'status' | 'notice';

/** Mini-program page paths (apps/miniprogram/src/app.config.ts). */
export const MINIPROGRAM_PAGES: Record<Entry, string> = {
  home: 'pages/home/index',
  status: 'number/status/index',
  notice: 'notice/verify/index',
};

export interface EntryLinks {
  miniprogram: { appid: string; pagepath: string };
  /** The H5 page itself (hash router), the tenant in the query. */
  h5: string;
  /** The H5 page behind web authorisation: use this inside WeChat. */
  h5InWeChat: string;
}

/** `/h5/?tenant=<code>#/<page>`: a path on our own origin (the only redirect the OAuth start accepts). */
export function h5Path(tenantCode: string, entry: Entry): string {
  return `/h5/?tenant=${encodeURIComponent(tenantCode)}#/${MINIPROGRAM_PAGES[entry]}`;
}

export function entryLinks(
  publicBaseUrl: string,
  tenantCode: string,
  miniprogramAppId: string,
  entry: Entry,
): EntryLinks {
  const base = publicBaseUrl.replace(/\/$/, '');
  const path = h5Path(tenantCode, entry);
  const start = new URL(`${base}/api/auth/wechat-oauth/start`);
  start.searchParams.set('tenant', tenantCode);
  start.searchParams.set('redirect', path);
  return {
    miniprogram: { appid: miniprogramAppId, pagepath: MINIPROGRAM_PAGES[entry] },
    h5: `${base}${path}`,
    h5InWeChat: start.toString(),
  };
}
