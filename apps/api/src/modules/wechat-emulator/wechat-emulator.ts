import { createHash, createHmac } from 'node:crypto';
import { CryptoService } from '../../common/crypto/crypto.service';

/**
 * The emulator's rules, as plain functions: deterministic, no state but the HMAC key.
 * - wx.login codes `demo-<user>` or `demo-<user>.<nonce>` log in as a stable openid
 *   `o-<hash of user>` (the nonce lets the mini-program send a fresh code every time);
 *   anything else is errcode 40029.
 * - getPhoneNumber codes `phone-<11 digits>` give that number; anything else is 40029.
 * - Access tokens are `emu.<expiry>.<hmac>`: issued for the configured app id and secret,
 *   checked on every call (40001 when forged, 42001 when expired).
 */
export const EMULATED_TOKEN_TTL_SECONDS = 7200;
/** Web authorisation codes live 5 minutes, as WeChat's. */
export const EMULATED_OAUTH_CODE_TTL_SECONDS = 300;

export function openidForCode(code: string): string | undefined {
  const m = /^demo-([^.]{1,64})(?:\.[^.]{0,64})?$/.exec(code);
  if (!m) return undefined;
  return 'o-' + createHash('sha256').update(`openid:${m[1]}`).digest('base64url').slice(0, 26);
}

export function phoneForCode(code: string): string | undefined {
  return /^phone-(1\d{10})$/.exec(code)?.[1];
}

export function issueToken(
  key: Buffer,
  appId: string,
  now = Date.now(),
): { token: string; expiresIn: number } {
  const exp = Math.floor(now / 1000) + EMULATED_TOKEN_TTL_SECONDS;
  return { token: `emu.${exp}.${sign(key, appId, exp)}`, expiresIn: EMULATED_TOKEN_TTL_SECONDS };
}

export function checkToken(
  key: Buffer,
  appId: string,
  token: string | undefined,
  now = Date.now(),
): 0 | 40001 | 42001 {
  const [tag, expText, sig, extra] = (token ?? '').split('.');
  const exp = Number(expText);
  if (tag !== 'emu' || !sig || extra !== undefined || !Number.isInteger(exp)) return 40001;
  if (!CryptoService.safeEqual(Buffer.from(sig), Buffer.from(sign(key, appId, exp)))) return 40001;
  return exp * 1000 > now ? 0 : 42001;
}

function sign(key: Buffer, appId: string, exp: number): string {
  return createHmac('sha256', key).update(`wechat-emulator:${appId}:${exp}`).digest('base64url');
}

/*
 * Official accounts (each tenant's own app id and secret, known to the emulator through the
 * official_account table, as WeChat knows the apps registered with it):
 * - access tokens `oa.<appid>.<expiry>.<hmac>`, so the app a call speaks for is in the token;
 * - web authorisation codes `oauth.<appid>.<user>.<expiry>.<hmac>` (single use: the controller
 *   remembers used codes), issued by the authorize page for the demo user it is told;
 * - openids per app and user: `o-<hash of app id and user>` (another app, another openid).
 */
export function issueAppToken(
  key: Buffer,
  appId: string,
  now = Date.now(),
): { token: string; expiresIn: number } {
  const exp = Math.floor(now / 1000) + EMULATED_TOKEN_TTL_SECONDS;
  return {
    token: `oa.${appId}.${exp}.${sign(key, `oa:${appId}`, exp)}`,
    expiresIn: EMULATED_TOKEN_TTL_SECONDS,
  };
}

/** The app id a token was issued to, or WeChat's errcode. */
export function checkAppToken(
  key: Buffer,
  token: string | undefined,
  now = Date.now(),
): { appId: string } | { errcode: 40001 | 42001 } {
  const [tag, appId, expText, sig, extra] = (token ?? '').split('.');
  const exp = Number(expText);
  if (tag !== 'oa' || !appId || !sig || extra !== undefined || !Number.isInteger(exp))
    return { errcode: 40001 };
  if (!CryptoService.safeEqual(Buffer.from(sig), Buffer.from(sign(key, `oa:${appId}`, exp))))
    return { errcode: 40001 };
  return exp * 1000 > now ? { appId } : { errcode: 42001 };
}

export function openidForApp(appId: string, user: string): string {
  return (
    'o-' + createHash('sha256').update(`openid:${appId}:${user}`).digest('base64url').slice(0, 26)
  );
}

export function issueOAuthCode(key: Buffer, appId: string, user: string, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + EMULATED_OAUTH_CODE_TTL_SECONDS;
  const u = Buffer.from(user, 'utf8').toString('base64url');
  return `oauth.${appId}.${u}.${exp}.${sign(key, `oauth:${appId}:${u}`, exp)}`;
}

/** The user behind a code for this app, or WeChat's errcode (40029 invalid, 40163 is the caller's: used). */
export function checkOAuthCode(
  key: Buffer,
  appId: string,
  code: string,
  now = Date.now(),
): { user: string } | { errcode: 40029 } {
  const [tag, forApp, u, expText, sig, extra] = code.split('.');
  const exp = Number(expText);
  if (
    tag !== 'oauth' ||
    forApp !== appId ||
    !u ||
    !sig ||
    extra !== undefined ||
    !Number.isInteger(exp)
  )
    return { errcode: 40029 };
  if (
    !CryptoService.safeEqual(Buffer.from(sig), Buffer.from(sign(key, `oauth:${appId}:${u}`, exp)))
  )
    return { errcode: 40029 };
  if (exp * 1000 <= now) return { errcode: 40029 };
  return { user: Buffer.from(u, 'base64url').toString('utf8') };
}

/** WeChat's menu rules (bytes of UTF-8): the errcode of the first broken one, or 0. */
export function menuErrcode(body: unknown): number {
  const buttons = (body as { button?: unknown } | null)?.button;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 40016;
  const bytes = (s: unknown): number => (typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : 0);
  const leaf = (b: Record<string, unknown>, sub: boolean): number => {
    const type = b['type'];
    if (type === 'click')
      return bytes(b['key']) < 1 || bytes(b['key']) > 128 ? (sub ? 40026 : 40019) : 0;
    if (type === 'view') return bytes(b['url']) < 1 || bytes(b['url']) > 1024 ? 40027 : 0;
    if (type === 'miniprogram') {
      if (bytes(b['url']) < 1 || bytes(b['url']) > 1024) return 40027;
      if (typeof b['appid'] !== 'string' || !b['appid'].startsWith('wx')) return 40166;
      return bytes(b['pagepath']) < 1 ? 40165 : 0;
    }
    return sub ? 40024 : 40017;
  };
  for (const raw of buttons) {
    const b = (raw ?? {}) as Record<string, unknown>;
    if (bytes(b['name']) < 1 || bytes(b['name']) > 16) return 40018;
    const subs = b['sub_button'];
    if (Array.isArray(subs) && subs.length > 0) {
      if (subs.length > 5) return 40023;
      for (const rawSub of subs) {
        const s = (rawSub ?? {}) as Record<string, unknown>;
        if (bytes(s['name']) < 1 || bytes(s['name']) > 60) return 40025;
        const e = leaf(s, true);
        if (e) return e;
      }
    } else {
      const e = leaf(b, false);
      if (e) return e;
    }
  }
  return 0;
}
