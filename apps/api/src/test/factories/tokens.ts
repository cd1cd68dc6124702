import type { AppConfig } from '../../config/config';
import { TokenService } from '../../common/auth/token.service';
import type { SeededAgent } from './agent.factory';
import type { SeededNumber } from './number.factory';
import type { SeededTenant } from './tenant.factory';

/** A subscriber token for a proven number, as /api/auth/sms/verify would issue it. */
export function subscriberToken(
  config: AppConfig,
  tenant: SeededTenant,
  number?: SeededNumber,
  openid?: string,
): string {
  return new TokenService(config).sign(
    {
      typ: 'sub',
      tenantId: tenant.id,
      tenantCode: tenant.code,
      openid,
      phone: number?.phone,
      numberId: number?.id,
    },
    3600,
  ).token;
}

/** An agent token, as /api/console/login would issue it (token version 0 unless bumped). */
export function agentToken(config: AppConfig, agent: SeededAgent): string {
  return new TokenService(config).sign(
    {
      typ: 'agent',
      tenantId: agent.tenantId,
      agentId: agent.id,
      role: agent.role,
      tokenVersion: agent.tokenVersion,
    },
    3600,
  ).token;
}
