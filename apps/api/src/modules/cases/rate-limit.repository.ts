import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Attempts per (tenant, scope, keyed hash of the client address), shared by every replica. */
@Injectable()
export class RateLimitRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes one attempt if fewer than `limit` were taken in the last `windowSeconds`, in a
   * transaction of its own (a refused submission still counts); concurrent takers of the same key
   * queue on an advisory lock, so the limit is exact. Answers how long to wait when it is full.
   */
  async take(
    tenantId: string,
    scope: string,
    keyHash: string,
    limit: number,
    windowSeconds: number,
  ): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const outcome = await this.dataSource.transaction(async (m) => {
      await m.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('rate:' || $1 || ':' || $2 || ':' || $3, 0))`,
        [tenantId, scope, keyHash],
      );
      const rows: Array<{ count: number; oldest: number | null }> = await m.query(
        `SELECT count(*)::int AS count, EXTRACT(EPOCH FROM now() - min(at))::float8 AS oldest
           FROM rate_limit_event
          WHERE tenant_id = $1 AND scope = $2 AND key_hash = $3 AND at > now() - make_interval(secs => $4)`,
        [tenantId, scope, keyHash, windowSeconds],
      );
      const { count = 0, oldest = 0 } = rows[0] ?? {};
      if (count >= limit) {
        return {
          ok: false as const,
          retryAfterSeconds: Math.max(1, Math.ceil(windowSeconds - (oldest ?? 0))),
        };
      }
      await m.query(
        'INSERT INTO rate_limit_event (tenant_id, scope, key_hash) VALUES ($1, $2, $3)',
        [tenantId, scope, keyHash],
      );
      return { ok: true as const };
    });
    if (outcome.ok && Math.random() < 0.01)
      await this.dataSource.query(
        `DELETE FROM rate_limit_event WHERE at < now() - interval '1 day'`,
      );
    return outcome;
  }
}
