import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditRow {
  tenant_id: string;
  seq: string;
  at: Date;
  actor_type: string;
  actor_id: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises appends per tenant chain for the rest of the transaction, then reads its head. */
  async lockHead(
    m: EntityManager,
    tenantKey: string,
  ): Promise<{ seq: number; hash: string } | undefined> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))`, [tenantKey]);
    const rows: Array<{ seq: string; hash: string }> = await m.query(
      'SELECT seq, hash FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1',
      [tenantKey],
    );
    const r = rows[0];
    return r ? { seq: Number(r.seq), hash: r.hash } : undefined;
  }

  async insert(
    m: EntityManager,
    row: Omit<AuditRow, 'seq' | 'at'> & { seq: number; at: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (tenant_id, seq, at, actor_type, actor_id, action, target_type, target_id, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.tenant_id,
        row.seq,
        row.at,
        row.actor_type,
        row.actor_id,
        row.action,
        row.target_type,
        row.target_id,
        row.detail,
        row.prev_hash,
        row.hash,
      ],
    );
  }

  async tenantKeys(): Promise<string[]> {
    const rows: Array<{ tenant_id: string }> = await this.dataSource.query(
      'SELECT DISTINCT tenant_id FROM audit_log ORDER BY tenant_id',
    );
    return rows.map((r) => r.tenant_id);
  }

  /** One chain, in order, a page at a time. */
  async page(tenantKey: string, afterSeq: number, limit: number): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT tenant_id, seq, at, actor_type, actor_id, action, target_type, target_id, detail, prev_hash, hash
         FROM audit_log WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [tenantKey, afterSeq, limit],
    );
  }

  async forTarget(tenantId: string, targetType: string, targetId: string): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT tenant_id, seq, at, actor_type, actor_id, action, target_type, target_id, detail, prev_hash, hash
         FROM audit_log WHERE tenant_id = $1 AND target_type = $2 AND target_id = $3 ORDER BY seq`,
      [tenantId, targetType, targetId],
    );
  }
}
