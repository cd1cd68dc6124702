import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CryptoService } from '../crypto/crypto.service';

/** A subscriber's session: one tenant, and once proven, one phone number. */
export interface SubscriberPrincipal {
  typ: 'sub';
  tenantId: string;
  tenantCode: string;
  openid?: string;
  phone?: string;
  numberId?: string;
}

export type AgentRole = 'agent' | 'supervisor' | 'carrier_admin' | 'platform_admin';

export interface AgentPrincipal {
  typ: 'agent';
  tenantId: string;
  agentId: string;
  role: AgentRole;
  /** Must equal agent.token_version: logout and disabling bump it, so old tokens die. */
  tokenVersion: number;
}

export type Principal = SubscriberPrincipal | AgentPrincipal;

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/**
 * Signed, expiring, stateless tokens (HMAC-SHA256 over the payload), so any number of API
 * replicas accept them. Also signs short-lived URLs (document views).
 */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private mac(data: string): Buffer {
    return createHmac('sha256', this.config.tokenSecret).update(data).digest();
  }

  sign(
    principal: Principal,
    ttlSeconds: number,
    now = Date.now(),
  ): { token: string; expiresAt: string } {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    const body = b64(JSON.stringify({ ...principal, exp }));
    return {
      token: `${body}.${b64(this.mac(body))}`,
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }

  /** The principal, or undefined when the token is malformed, tampered with or expired. */
  verify(token: string, now = Date.now()): Principal | undefined {
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) return undefined;
    if (!CryptoService.safeEqual(Buffer.from(sig, 'base64url'), this.mac(body))) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Principal & {
        exp: number;
      };
      if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return undefined;
      const { exp: _exp, ...principal } = payload;
      return principal;
    } catch {
      return undefined;
    }
  }

  /** Signature for a URL path valid until `exp` (unix seconds). */
  signUrl(path: string, exp: number): string {
    return b64(this.mac(`url:${path}:${exp}`));
  }

  verifyUrl(
    path: string,
    exp: number,
    sig: string,
    now = Date.now(),
  ): 'ok' | 'expired' | 'invalid' {
    if (!CryptoService.safeEqual(Buffer.from(sig, 'base64url'), this.mac(`url:${path}:${exp}`)))
      return 'invalid';
    return exp * 1000 > now ? 'ok' : 'expired';
  }
}
