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
 *
 * Only numbers still in the state the step ordered are sent. A row that failed waits its backoff
 * while newer rows go first: a lift queued since (registration approved) or the billing export
 * (the carrier restored it itself) may already have restored the number, and a late stop order
 * would stop a registered number at the carrier again; a number cancelled since gets the
 * cancellation's own row (both rows of a no-grace run share one due time and go in any order).
 * A row with no such number left is done without a call.
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
    // Stale for a number that moved on since (see above): it is left out of the call.
    const still = batch.filter((n) => found.states.get(n.numberId) === p.to);
    if (still.length === 0) return { ok: true, note: 'no number is still in the ordered state' };
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
            numbers: still.map((n) => ({
              phone: found.phones.get(n.numberId) as string,
              lineType: n.lineType,
            })),
          }
        : { ...step, phone: found.phones.get(p.numberId) as string, lineType: p.lineType };
    return this.carrier.call(row.tenant_id, 'escalate', row.idempotency_key, body);
  }
}
