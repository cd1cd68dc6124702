import { Injectable } from '@nestjs/common';
import { ESCALATE_TOPIC } from '../escalation/escalation.repository';
import { CarrierClient } from './carrier.client';
import { HandlerOutcome, OutboxHandler } from './outbox.handler';
import { OutboxRow } from './outbox.repository';
import { ProvisioningRepository } from './provisioning.repository';

interface EscalatePayload {
  numberId: string;
  lineType: string;
  from: string;
  to: string;
  effectiveOn: string;
}

/**
 * Tells the carrier's provisioning system about an escalation step the escalation run already
 * recorded (the number's state and history moved in that run): POST `<provisioning_url>/escalate`,
 * signed, idempotent by the row's key. Nothing moves here on confirmation.
 */
@Injectable()
export class EscalateHandler implements OutboxHandler {
  readonly topic = ESCALATE_TOPIC;

  constructor(
    private readonly repo: ProvisioningRepository,
    private readonly carrier: CarrierClient,
  ) {}

  async handle(row: OutboxRow): Promise<HandlerOutcome> {
    const p = row.payload as unknown as EscalatePayload;
    const number = await this.repo.numberTarget(row.tenant_id, p.numberId);
    if (!number) return { ok: false, error: 'number not found' };
    return this.carrier.call(row.tenant_id, 'escalate', row.idempotency_key, {
      phone: number.phone,
      tenant: number.tenantCode,
      lineType: p.lineType,
      from: p.from,
      to: p.to,
      effectiveOn: p.effectiveOn,
      requestedAt: new Date(row.created_at).toISOString(),
    });
  }
}
