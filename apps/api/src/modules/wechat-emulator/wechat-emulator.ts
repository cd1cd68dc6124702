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
