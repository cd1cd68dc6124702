import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface WindowUse {
  count: number;
  /** Seconds since the oldest and the newest send inside the window (0 when none). */
  oldestAgeSeconds: number;
  newestAgeSeconds: number;
}

export interface OpenCode {
  id: string;
  codeHash: Buffer;
  attempts: number;
  expired: boolean;
}

/** One-time SMS codes: stored as keyed hashes, never in clear. */
@Injectable()
export class OtpRepository {
  /** Serialises sends to one number (or one client) until the transaction ends. */
  async lock(m: EntityManager, key: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
  }

  async usePerPhone(
    m: EntityManager,
    tenantId: string,
    phone: string,
    windowSeconds: number,
  ): Promise<WindowUse> {
    return this.use(m, 'phone', tenantId, phone, windowSeconds);
  }

  async usePerClient(
    m: EntityManager,
    tenantId: string,
    clientKey: string,
    windowSeconds: number,
  ): Promise<WindowUse> {
    return this.use(m, 'client_key', tenantId, clientKey, windowSeconds);
  }

  private async use(
    m: EntityManager,
    column: 'phone' | 'client_key',
    tenantId: string,
    value: string,
    windowSeconds: number,
  ): Promise<WindowUse> {
    const rows: Array<{ count: string; oldest: number | null; newest: number | null }> =
      await m.query(
        `SELECT count(*) AS count,
              EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest,
              EXTRACT(EPOCH FROM now() - max(created_at))::float8 AS newest
         FROM otp_code
        WHERE tenant_id = $1 AND ${column} = $2 AND created_at > now() - make_interval(secs => $3)`,
        [tenantId, value, windowSeconds],
      );
    const r = rows[0];
    return {
      count: Number(r?.count ?? 0),
      oldestAgeSeconds: r?.oldest ?? 0,
      newestAgeSeconds: r?.newest ?? 0,
    };
  }

  /** Burns the number's earlier codes (only the newest one is valid) and stores the new one. */
  async replace(
    m: EntityManager,
    row: {
      tenantId: string;
      id: string;
      phone: string;
      codeHash: Buffer;
      clientKey: string;
      ttlSeconds: number;
    },
  ): Promise<void> {
    await m.query(
      `UPDATE otp_code SET consumed_at = now() WHERE tenant_id = $1 AND phone = $2 AND consumed_at IS NULL`,
      [row.tenantId, row.phone],
    );
    await m.query(
      `INSERT INTO otp_code (tenant_id, id, phone, code_hash, client_key, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [row.tenantId, row.id, row.phone, row.codeHash, row.clientKey, row.ttlSeconds],
    );
  }

  /** A code the gateway never delivered must not count against the subscriber's rate limit. */
  async remove(m: EntityManager, tenantId: string, id: string): Promise<void> {
    await m.query(`DELETE FROM otp_code WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  }

  /** The number's newest unused code, locked (parallel guesses are counted one by one). */
  async lockOpen(m: EntityManager, tenantId: string, phone: string): Promise<OpenCode | undefined> {
    const rows: Array<{ id: string; code_hash: Buffer; attempts: number; expired: boolean }> =
      await m.query(
        `SELECT id, code_hash, attempts, expires_at <= now() AS expired
         FROM otp_code
        WHERE tenant_id = $1 AND phone = $2 AND consumed_at IS NULL
        ORDER BY created_at DESC
        LIMIT 1
        FOR UPDATE`,
        [tenantId, phone],
      );
    const r = rows[0];
    return r
      ? { id: r.id, codeHash: r.code_hash, attempts: r.attempts, expired: r.expired }
      : undefined;
  }

  async recordAttempt(
    m: EntityManager,
    tenantId: string,
    id: string,
    burn: boolean,
  ): Promise<void> {
    await m.query(
      `UPDATE otp_code SET attempts = attempts + 1, consumed_at = CASE WHEN $3 THEN now() ELSE consumed_at END
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, burn],
    );
  }

  async consume(m: EntityManager, tenantId: string, id: string): Promise<void> {
    await m.query(`UPDATE otp_code SET consumed_at = now() WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ]);
  }
}
