import Taro from '@tarojs/taro';
import { appConfig } from '../config';

/** The subscriber's signed token, kept per tenant so a white-label build never mixes them. */
export interface Session {
  token: string;
  expiresAt: string;
  /** Set once the number is proven (masked, e.g. 138****8000). */
  phoneMasked: string | null;
}

const KEY = `shiming:session:${appConfig.tenant}`;

export function readSession(now = Date.now()): Session | null {
  try {
    const raw: unknown = Taro.getStorageSync(KEY);
    if (!raw || typeof raw !== 'object') return null;
    const s = raw as Session;
    if (typeof s.token !== 'string' || Date.parse(s.expiresAt) <= now) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  Taro.setStorageSync(KEY, session);
}

export function clearSession(): void {
  Taro.removeStorageSync(KEY);
}

export function hasProvenNumber(): boolean {
  return readSession()?.phoneMasked != null;
}
