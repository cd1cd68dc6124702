import { Injectable } from '@nestjs/common';
import { TenantsService } from '../tenants/tenants.service';
import { signBody } from './signature';

export const CARRIER_TIMEOUT_MS = 10_000;

export type CarrierAnswer = { ok: true } | { ok: false; error: string };

/**
 * Calls a tenant's provisioning system: JSON POST to `<provisioning_url>/<action>` with
 * `X-Shiming-Signature: sha256=<HMAC of the raw body>` (the tenant's secret), the outbox row's
 * `Idempotency-Key` (so the carrier applies retries once) and `X-Shiming-Timestamp`. Confirmed
 * only by a 2xx answer `{ status: "done" }`.
 */
@Injectable()
export class CarrierClient {
  constructor(private readonly tenants: TenantsService) {}

  async call(
    tenantId: string,
    action: 'lift' | 'escalate',
    idempotencyKey: string,
    payload: Record<string, unknown>,
  ): Promise<CarrierAnswer> {
    const endpoint = await this.tenants.provisioningTarget(tenantId);
    if (!endpoint) return { ok: false, error: 'tenant has no provisioning endpoint configured' };
    const body = JSON.stringify(payload);
    let res: Response;
    try {
      res = await fetch(`${endpoint.url.replace(/\/+$/, '')}/${action}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          'x-shiming-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-shiming-signature': signBody(endpoint.secret, body),
        },
        body,
        signal: AbortSignal.timeout(CARRIER_TIMEOUT_MS),
      });
    } catch (err) {
      return {
        ok: false,
        error: `provisioning unreachable (${err instanceof Error ? err.name : 'error'})`,
      };
    }
    const answer = (await res.json().catch(() => undefined)) as { status?: unknown } | undefined;
    if (!res.ok) return { ok: false, error: `provisioning answered HTTP ${res.status}` };
    if (answer?.status !== 'done')
      return {
        ok: false,
        error: `provisioning did not confirm (status ${JSON.stringify(answer?.status ?? null)})`,
      };
    return { ok: true };
  }
}
