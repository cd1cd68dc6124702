import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository, AuditRow } from './audit.repository';

/** Platform-wide events (no tenant) chain under the zero uuid. */
export const PLATFORM_TENANT = '00000000-0000-0000-0000-000000000000';
const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  tenantId: string | null;
  actorType: 'agent' | 'subscriber' | 'system' | 'cli';
  actorId: string;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never personal data in clear: ids, codes, masked values. */
  detail?: Record<string, unknown>;
}

export type VerifyResult =
  | { ok: true; entries: number; chains: number }
  | { ok: false; entries: number; tenantId: string; seq: number; reason: string };

/** JSON with object keys sorted at every depth: jsonb does not keep key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function entryHash(
  prevHash: string,
  r: {
    tenant_id: string;
    seq: number;
    at: string;
    actor_type: string;
    actor_id: string;
    action: string;
    target_type: string | null;
    target_id: string | null;
    detail: unknown;
  },
): string {
  const body = canonical([
    r.tenant_id,
    r.seq,
    r.at,
    r.actor_type,
    r.actor_id,
    r.action,
    r.target_type,
    r.target_id,
    r.detail,
  ]);
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * The append-only audit log: every view, reveal, decision, policy change and login, each
 * entry hashed together with the previous one, so an edited or deleted row breaks the chain.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly dataSource: DataSource,
  ) {}

  /** Appends inside the caller's transaction (so the entry commits with what it records). */
  async append(m: EntityManager, e: AuditEntry): Promise<void> {
    const tenant_id = e.tenantId ?? PLATFORM_TENANT;
    const head = await this.repo.lockHead(m, tenant_id);
    const row = {
      tenant_id,
      seq: (head?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actor_type: e.actorType,
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      detail: e.detail ?? {},
      prev_hash: head?.hash ?? GENESIS,
    };
    await this.repo.insert(m, { ...row, hash: entryHash(row.prev_hash, row) });
  }

  /** Appends in a transaction of its own. */
  async record(e: AuditEntry): Promise<void> {
    await this.dataSource.transaction((m) => this.append(m, e));
  }

  async verify(): Promise<VerifyResult> {
    let entries = 0;
    const chains = await this.repo.tenantKeys();
    for (const tenantId of chains) {
      let prev = GENESIS;
      let expectedSeq = 1;
      for (;;) {
        const page = await this.repo.page(tenantId, expectedSeq - 1, 1000);
        if (page.length === 0) break;
        for (const r of page) {
          const seq = Number(r.seq);
          const fail = (reason: string): VerifyResult => ({
            ok: false,
            entries,
            tenantId,
            seq,
            reason,
          });
          if (seq !== expectedSeq)
            return {
              ok: false,
              entries,
              tenantId,
              seq: expectedSeq,
              reason: `entry ${expectedSeq} is missing`,
            };
          if (r.prev_hash !== prev) return fail('prev_hash does not match the previous entry');
          const recomputed = entryHash(prev, { ...r, seq, at: new Date(r.at).toISOString() });
          if (recomputed !== r.hash) return fail('entry content does not match its hash (edited)');
          prev = r.hash;
          expectedSeq += 1;
          entries += 1;
        }
      }
    }
    return { ok: true, entries, chains: chains.length };
  }

  forTarget(tenantId: string, targetType: string, targetId: string): Promise<AuditRow[]> {
    return this.repo.forTarget(tenantId, targetType, targetId);
  }
}
