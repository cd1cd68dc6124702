import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export type OutboxStatus = 'pending' | 'in_flight' | 'done' | 'dead';

export interface OutboxRow {
  tenant_id: string;
  id: string;
  topic: string;
  idempotency_key: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  /** Tries started so far (incremented when a worker claims the row; also its fencing token). */
  attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  done_at: Date | null;
}

export interface NewOutboxRow {
  tenantId: string;
  topic: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

/** The outbox table: written in the caller's transaction, drained by OutboxWorker with SKIP LOCKED. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds a row in the caller's transaction. The (tenant, idempotency key) is unique: a second
   * enqueue with the same key is a no-op and answers false (e.g. one lift per approval).
   */
  async enqueue(m: EntityManager, row: NewOutboxRow): Promise<boolean> {
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO outbox (tenant_id, id, topic, idempotency_key, payload)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
       RETURNING id`,
      [row.tenantId, randomUUID(), row.topic, row.idempotencyKey, row.payload],
    );
    return rows.length === 1;
  }

  /**
   * Claims up to `limit` due rows in one statement: pending rows whose time has come, and
   * in-flight rows whose lock ran out (their worker died). Each claim bumps `attempts`, which
   * fences the later outcome, and locks the row for `lockSeconds`.
   */
  async claimDue(limit: number, lockSeconds: number): Promise<OutboxRow[]> {
    // UPDATE … RETURNING answers [rows, affected] through TypeORM.
    const [rows]: [OutboxRow[], number] = await this.dataSource.query(
      `UPDATE outbox o
          SET status = 'in_flight', attempts = o.attempts + 1,
              locked_until = now() + make_interval(secs => $2)
         FROM (SELECT tenant_id, id FROM outbox
                WHERE (status = 'pending' AND next_attempt_at <= now())
                   OR (status = 'in_flight' AND locked_until < now())
                ORDER BY next_attempt_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED) due
        WHERE o.tenant_id = due.tenant_id AND o.id = due.id
        RETURNING o.tenant_id, o.id, o.topic, o.idempotency_key, o.payload, o.status, o.attempts,
                  o.next_attempt_at, o.locked_until, o.last_error, o.created_at, o.done_at`,
      [limit, lockSeconds],
    );
    return rows;
  }

  /** Done, whoever holds the claim now: the work it stands for has happened. */
  async markDone(m: EntityManager | undefined, tenantId: string, id: string): Promise<void> {
    await (m ?? this.dataSource.manager).query(
      `UPDATE outbox SET status = 'done', done_at = now(), locked_until = NULL, last_error = NULL
        WHERE tenant_id = $1 AND id = $2 AND status <> 'done'`,
      [tenantId, id],
    );
  }

  /**
   * A failed try: back to pending at `retryAt`, or dead. Fenced by `attempts`, so a worker whose
   * lock ran out cannot overwrite the outcome of the one that took the row over.
   */
  async markFailed(
    tenantId: string,
    id: string,
    attempts: number,
    error: string,
    retryAt: Date | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox
          SET status = CASE WHEN $5::timestamptz IS NULL THEN 'dead'::outbox_status ELSE 'pending'::outbox_status END,
              next_attempt_at = COALESCE($5::timestamptz, next_attempt_at),
              locked_until = NULL, last_error = $4
        WHERE tenant_id = $1 AND id = $2 AND status = 'in_flight' AND attempts = $3`,
      [tenantId, id, attempts, error.slice(0, 500), retryAt],
    );
  }

  /** A dead row back to pending, due now, with a fresh count of tries. False when it was not dead. */
  async revive(m: EntityManager, tenantId: string, id: string): Promise<boolean> {
    const [rows]: [Array<{ id: string }>, number] = await m.query(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL
        WHERE tenant_id = $1 AND id = $2 AND status = 'dead' RETURNING id`,
      [tenantId, id],
    );
    return rows.length === 1;
  }

  async find(tenantId: string, id: string): Promise<OutboxRow | undefined> {
    const rows: OutboxRow[] = await this.dataSource.query(
      'SELECT * FROM outbox WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return rows[0];
  }
}
