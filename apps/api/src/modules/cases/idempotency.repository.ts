import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The idempotency_key table: a first answer kept per (tenant, scope, key), written in the same transaction as the change. */
@Injectable()
export class IdempotencyRepository {
  /** Holds the key until the transaction ends: a concurrent repeat waits, then sees the stored answer. */
  async lock(m: EntityManager, tenantId: string, scope: string, key: string): Promise<void> {
    await m.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('idem:' || $1 || ':' || $2 || ':' || $3, 0))`,
      [tenantId, scope, key],
    );
  }

  async find(
    m: EntityManager,
    tenantId: string,
    scope: string,
    key: string,
  ): Promise<{ requestHash: string; response: unknown } | undefined> {
    const rows: Array<{ request_hash: string; response: unknown }> = await m.query(
      'SELECT request_hash, response FROM idempotency_key WHERE tenant_id = $1 AND scope = $2 AND key = $3',
      [tenantId, scope, key],
    );
    const r = rows[0];
    return r ? { requestHash: r.request_hash, response: r.response } : undefined;
  }

  async insert(
    m: EntityManager,
    tenantId: string,
    scope: string,
    key: string,
    requestHash: string,
    response: unknown,
  ): Promise<void> {
    await m.query(
      'INSERT INTO idempotency_key (tenant_id, scope, key, request_hash, response) VALUES ($1, $2, $3, $4, $5)',
      [tenantId, scope, key, requestHash, JSON.stringify(response)],
    );
  }
}
