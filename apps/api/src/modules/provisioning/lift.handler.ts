import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service';
import { NumberError } from '../numbers/numbers.errors';
import { NumbersService } from '../numbers/numbers.service';
import { CarrierClient } from './carrier.client';
import { HandlerOutcome, OutboxHandler } from './outbox.handler';
import { OutboxRepository, OutboxRow } from './outbox.repository';
import { ProvisioningRepository } from './provisioning.repository';

export const LIFT_TOPIC = 'provisioning.lift';

export interface LiftPayload {
  caseId: string;
  numberId: string;
}

/**
 * Asks the carrier's provisioning system to lift a suspension (复机): a JSON POST to
 * `<provisioning_url>/lift`, HMAC-signed with the tenant's secret, carrying the idempotency key
 * `lift:<caseId>` so the carrier applies retries once. A 2xx {status:'done'} confirms: the number
 * goes lift_pending → active with its history row, and the outbox row is done, in one transaction.
 * No transaction is open while the carrier is called.
 */
@Injectable()
export class LiftHandler implements OutboxHandler {
  readonly topic = LIFT_TOPIC;
  private readonly logger = new Logger(LiftHandler.name);

  constructor(
    private readonly repo: ProvisioningRepository,
    private readonly outbox: OutboxRepository,
    private readonly numbers: NumbersService,
    private readonly carrier: CarrierClient,
    private readonly audit: AuditService,
  ) {}

  async handle(row: OutboxRow): Promise<HandlerOutcome> {
    const { caseId } = row.payload as unknown as LiftPayload;
    const target = await this.repo.liftTarget(row.tenant_id, caseId);
    if (!target) return { ok: false, error: 'case or number not found' };
    if (target.numberState === 'active') {
      // Confirmed already (e.g. a worker died between the carrier's answer and its commit).
      return { ok: true, note: 'already active' };
    }
    const answer = await this.carrier.call(row.tenant_id, 'lift', row.idempotency_key, {
      phone: target.phone,
      caseId,
      tenant: target.tenantCode,
      requestedAt: new Date(row.created_at).toISOString(),
    });
    if (!answer.ok) return answer;

    await this.repo.transaction(async (m) => {
      let moved = true;
      try {
        await this.numbers.transition(
          m,
          row.tenant_id,
          target.numberId,
          'confirm_lift',
          'lift_confirmed',
          'system:provisioning',
          caseId,
        );
      } catch (err) {
        // A repeated confirmation: the number is no longer lift_pending. Nothing to move; still done.
        if (!(err instanceof NumberError && err.code === 'ILLEGAL_TRANSITION')) throw err;
        moved = false;
        this.logger.warn(`lift ${row.id} confirmed again; the number was not pending any more`);
      }
      await this.outbox.markDone(m, row.tenant_id, row.id);
      await this.audit.append(m, {
        tenantId: row.tenant_id,
        actorType: 'system',
        actorId: 'provisioning',
        action: 'number.lift_confirmed',
        targetType: 'case',
        targetId: caseId,
        detail: { outboxId: row.id, attempts: Number(row.attempts), numberMoved: moved },
      });
    });
    return { ok: true };
  }
}
