import { Injectable } from '@nestjs/common';
import { ESCALATE_TOPIC } from '../escalation/escalation.repository';
import { CarrierClient } from './carrier.client';
import { HandlerOutcome, OutboxHandler } from './outbox.handler';
import { OutboxRow } from './outbox.repository';
import { ProvisioningRepository } from './provisioning.repository';

interface EscalatedNumber {
  numberId: string;
  lineType: string;
}

/**
 * What the escalation run writes: one row per batch of up to ESCALATE_BATCH numbers
 * (operations/README.md). Rows written before batching carry one number at the top level.
 */
type EscalatePayload = { from: string; to: string; effectiveOn: string } & (
  { numbers: EscalatedNumber[] } | EscalatedNumber
);

/**
 * Tells the carrier's provisioning system about an escalation step the escalation run already
 * recorded (the numbers' state and history moved in that run): POST `<provisioning_url>/escalate`,
 * signed, idempotent by the row's key; a batch goes as one call with every number's phone
 * (`numbers: [{ phone, lineType }]`), a single-number row as before (`phone`, `lineType`).
 * Nothing moves here on confirmation.
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
    const batch = 'numbers' in p ? p.numbers : [{ numberId: p.numberId, lineType: p.lineType }];
    const found = await this.repo.numberTargets(
      row.tenant_id,
      batch.map((n) => n.numberId),
    );
    const missing = batch.filter((n) => !found?.phones.has(n.numberId));
    if (!found || missing.length > 0)
      return {
        ok: false,
        error: `number not found: ${missing
          .slice(0, 3)
          .map((n) => n.numberId)
          .join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`,
      };
    const step = {
      tenant: found.tenantCode,
      from: p.from,
      to: p.to,
      effectiveOn: p.effectiveOn,
      requestedAt: new Date(row.created_at).toISOString(),
    };
    const body =
      'numbers' in p
        ? {
            ...step,
            numbers: batch.map((n) => ({
              phone: found.phones.get(n.numberId) as string,
              lineType: n.lineType,
            })),
          }
        : { ...step, phone: found.phones.get(p.numberId) as string, lineType: p.lineType };
    return this.carrier.call(row.tenant_id, 'escalate', row.idempotency_key, body);
  }
}
