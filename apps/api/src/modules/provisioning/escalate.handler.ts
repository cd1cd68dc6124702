import { Injectable } from '@nestjs/common';
import { ESCALATE_TOPIC, EscalatePayload } from '../escalation/escalation.repository';
import { CarrierClient } from './carrier.client';
import { HandlerOutcome, OutboxHandler } from './outbox.handler';
import { OutboxRow } from './outbox.repository';
import { ProvisioningRepository } from './provisioning.repository';

interface EscalatedNumber {
  numberId: string;
  lineType: string;
}

/**
 * What the escalation run writes (EscalatePayload: ids by line type, up to ESCALATE_BATCH), and
 * the two shapes rows already queued by earlier versions may have: a list of { numberId,
 * lineType }, or one number at the top level.
 */
type AnyEscalatePayload = Omit<EscalatePayload, 'numbers'> &
  (
    | { numbers: EscalatePayload['numbers'] | EscalatedNumber[] }
    | (EscalatedNumber & { numbers?: undefined })
  );

function numbersOf(p: AnyEscalatePayload): EscalatedNumber[] {
  if (p.numbers === undefined) return [{ numberId: p.numberId, lineType: p.lineType }];
  if (Array.isArray(p.numbers)) return p.numbers;
  return [
    ...p.numbers.mobile.map((numberId) => ({ numberId, lineType: 'mobile' })),
    ...p.numbers.fixed.map((numberId) => ({ numberId, lineType: 'fixed' })),
  ];
}

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
    const p = row.payload as unknown as AnyEscalatePayload;
    const batch = numbersOf(p);
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
      p.numbers !== undefined
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
