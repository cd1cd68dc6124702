import { Injectable } from '@nestjs/common';
import type { ApplicantType, Carrier, CaseState, ServiceState } from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseRecord } from './case.entity';

/** Every column of registration_case, for queries elsewhere that map rows with {@link toCaseRecord}. */
export const CASE_COLUMNS = `tenant_id, id, number_id, openid, applicant_type, state, version, name_enc, id_number_enc, id_hash,
  proxy_name_enc, proxy_id_number_enc, proxy_id_hash, enterprise_name, organization_code, carrier, id_carrier_hash,
  consent_version, consented_at, resubmission_count, resubmission, rejection, lease_agent_id, lease_expires_at,
  submitted_at, queued_at, decided_at, decided_by, source, created_at, updated_at`;

export type CaseRow = Record<string, unknown>;

/** Maps a registration_case row selected with {@link CASE_COLUMNS}. */
export function toCaseRecord(r: CaseRow): CaseRecord {
  return {
    tenantId: r['tenant_id'] as string,
    id: r['id'] as string,
    numberId: r['number_id'] as string,
    openid: (r['openid'] as string | null) ?? null,
    applicantType: r['applicant_type'] as ApplicantType,
    state: r['state'] as CaseState,
    version: r['version'] as number,
    nameEnc: (r['name_enc'] as Buffer | null) ?? null,
    idNumberEnc: (r['id_number_enc'] as Buffer | null) ?? null,
    idHash: (r['id_hash'] as Buffer | null) ?? null,
    proxyNameEnc: (r['proxy_name_enc'] as Buffer | null) ?? null,
    proxyIdNumberEnc: (r['proxy_id_number_enc'] as Buffer | null) ?? null,
    proxyIdHash: (r['proxy_id_hash'] as Buffer | null) ?? null,
    enterpriseName: (r['enterprise_name'] as string | null) ?? null,
    organizationCode: (r['organization_code'] as string | null) ?? null,
    carrier: (r['carrier'] as Carrier | null) ?? null,
    idCarrierHash: (r['id_carrier_hash'] as Buffer | null) ?? null,
    consentVersion: (r['consent_version'] as string | null) ?? null,
    consentedAt: (r['consented_at'] as Date | null) ?? null,
    resubmissionCount: r['resubmission_count'] as number,
    resubmission: (r['resubmission'] as CaseRecord['resubmission']) ?? null,
    rejection: (r['rejection'] as CaseRecord['rejection']) ?? null,
    leaseAgentId: (r['lease_agent_id'] as string | null) ?? null,
    leaseExpiresAt: (r['lease_expires_at'] as Date | null) ?? null,
    submittedAt: (r['submitted_at'] as Date | null) ?? null,
    queuedAt: (r['queued_at'] as Date | null) ?? null,
    decidedAt: (r['decided_at'] as Date | null) ?? null,
    decidedBy: (r['decided_by'] as string | null) ?? null,
    source: r['source'] as string,
    createdAt: r['created_at'] as Date,
    updatedAt: r['updated_at'] as Date,
  };
}

/** The columns a subscriber's actions change (camelCase → column). */
const WRITABLE = {
  state: 'state',
  nameEnc: 'name_enc',
  idNumberEnc: 'id_number_enc',
  idHash: 'id_hash',
  proxyNameEnc: 'proxy_name_enc',
  proxyIdNumberEnc: 'proxy_id_number_enc',
  proxyIdHash: 'proxy_id_hash',
  enterpriseName: 'enterprise_name',
  organizationCode: 'organization_code',
  carrier: 'carrier',
  idCarrierHash: 'id_carrier_hash',
  consentVersion: 'consent_version',
  consentedAt: 'consented_at',
  submittedAt: 'submitted_at',
  queuedAt: 'queued_at',
  leaseAgentId: 'lease_agent_id',
  leaseExpiresAt: 'lease_expires_at',
} as const;

export type CasePatch = Partial<{ [K in keyof typeof WRITABLE]: CaseRecord[K] }>;

/** What the case endpoints need of the tenant (until the tenants module is the one reader). */
export interface TenantForCases {
  id: string;
  carrier: Carrier;
  displayName: string;
  hotline: string;
  policy: unknown;
  /** Checked by the domain's validateCapturePolicy where it is used. */
  capturePolicy: unknown;
  consentVersion: string;
}

export interface NumberForCases {
  id: string;
  phone: string;
  state: ServiceState;
  registered: boolean;
}

@Injectable()
export class CasesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  async findById(tenantId: string, id: string, m?: EntityManager): Promise<CaseRecord | undefined> {
    const rows: CaseRow[] = await this.q(m).query(
      `SELECT ${CASE_COLUMNS} FROM registration_case WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? toCaseRecord(rows[0]) : undefined;
  }

  /** The case, only if it belongs to this number; with `lock`, held FOR UPDATE in `m`'s transaction. */
  async findForNumber(
    tenantId: string,
    numberId: string,
    id: string,
    m?: EntityManager,
    lock = false,
  ): Promise<CaseRecord | undefined> {
    const rows: CaseRow[] = await this.q(m).query(
      `SELECT ${CASE_COLUMNS} FROM registration_case WHERE tenant_id = $1 AND number_id = $2 AND id = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [tenantId, numberId, id],
    );
    return rows[0] ? toCaseRecord(rows[0]) : undefined;
  }

  async lockById(m: EntityManager, tenantId: string, id: string): Promise<CaseRecord | undefined> {
    const rows: CaseRow[] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM registration_case WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    );
    return rows[0] ? toCaseRecord(rows[0]) : undefined;
  }

  async listForNumber(tenantId: string, numberId: string): Promise<CaseRecord[]> {
    const rows: CaseRow[] = await this.dataSource.query(
      `SELECT ${CASE_COLUMNS} FROM registration_case WHERE tenant_id = $1 AND number_id = $2 ORDER BY created_at DESC, id`,
      [tenantId, numberId],
    );
    return rows.map(toCaseRecord);
  }

  /** The number's case in one of `states` (the one-open-case index allows at most one). */
  async findActiveForNumber(
    m: EntityManager,
    tenantId: string,
    numberId: string,
    states: CaseState[],
  ): Promise<CaseRecord | undefined> {
    const rows: CaseRow[] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM registration_case WHERE tenant_id = $1 AND number_id = $2 AND state = ANY($3::case_state[]) FOR UPDATE`,
      [tenantId, numberId, states],
    );
    return rows[0] ? toCaseRecord(rows[0]) : undefined;
  }

  async insert(
    m: EntityManager,
    c: {
      tenantId: string;
      id: string;
      numberId: string;
      openid: string | null;
      applicantType: ApplicantType;
    },
  ): Promise<CaseRecord> {
    const rows: CaseRow[] = await m.query(
      `INSERT INTO registration_case (tenant_id, id, number_id, openid, applicant_type) VALUES ($1, $2, $3, $4, $5) RETURNING ${CASE_COLUMNS}`,
      [c.tenantId, c.id, c.numberId, c.openid, c.applicantType],
    );
    return toCaseRecord(rows[0] as CaseRow);
  }

  /** Applies the patch, bumps version and updated_at; returns the new row. */
  async update(
    m: EntityManager,
    tenantId: string,
    id: string,
    patch: CasePatch,
  ): Promise<CaseRecord> {
    const sets: string[] = [];
    const params: unknown[] = [tenantId, id];
    for (const [k, v] of Object.entries(patch)) {
      const column = WRITABLE[k as keyof typeof WRITABLE];
      params.push(v);
      sets.push(`${column} = $${params.length}`);
    }
    sets.push('version = version + 1', 'updated_at = now()');
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [CaseRow[], number] = await m.query(
      `UPDATE registration_case SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING ${CASE_COLUMNS}`,
      params,
    );
    const row = rows[0];
    if (!row) throw new Error(`registration_case ${id} vanished during an update`);
    return toCaseRecord(row);
  }

  async tenant(tenantId: string, m?: EntityManager): Promise<TenantForCases | undefined> {
    const rows: Array<{
      id: string;
      carrier: Carrier;
      display_name: string;
      hotline: string;
      policy: unknown;
      capture_policy: unknown;
      consent_version: string;
    }> = await this.q(m).query(
      'SELECT id, carrier, display_name, hotline, policy, capture_policy, consent_version FROM tenant WHERE id = $1',
      [tenantId],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          carrier: r.carrier,
          displayName: r.display_name,
          hotline: r.hotline,
          policy: r.policy,
          capturePolicy: r.capture_policy,
          consentVersion: r.consent_version,
        }
      : undefined;
  }

  /** The number; with `lock`, held FOR UPDATE (serialises case creation per number). */
  async number(
    tenantId: string,
    numberId: string,
    m?: EntityManager,
    lock = false,
  ): Promise<NumberForCases | undefined> {
    const rows: Array<{ id: string; phone: string; state: ServiceState; registered: boolean }> =
      await this.q(m).query(
        `SELECT id, phone, state, registered FROM phone_number WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
        [tenantId, numberId],
      );
    return rows[0];
  }

  /**
   * Serialises quota checks of one identity at one carrier until the transaction ends, so two
   * simultaneous submissions cannot both take the last place.
   */
  async lockIdentity(m: EntityManager, carrier: Carrier, idCarrierHash: Buffer): Promise<void> {
    await m.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('quota:' || $1 || ':' || encode($2::bytea, 'hex'), 0))`,
      [carrier, idCarrierHash],
    );
  }

  /**
   * Numbers other than (tenantId, numberId) that this identity holds or has pending at this
   * carrier, ACROSS the carrier's tenants (the quota is national): cases in `states` whose number
   * is not cancelled. The one query here that is by carrier, not by tenant.
   */
  async countOtherNumbersOfIdentity(
    m: EntityManager,
    q: {
      carrier: Carrier;
      idCarrierHash: Buffer;
      states: CaseState[];
      tenantId: string;
      numberId: string;
    },
  ): Promise<number> {
    const rows: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM (
         SELECT DISTINCT c.tenant_id, c.number_id
           FROM registration_case c
           JOIN phone_number p ON p.tenant_id = c.tenant_id AND p.id = c.number_id
          WHERE c.carrier = $1 AND c.id_carrier_hash = $2 AND c.state = ANY($3::case_state[])
            AND p.state <> 'cancelled'
            AND NOT (c.tenant_id = $4 AND c.number_id = $5)) held`,
      [q.carrier, q.idCarrierHash, q.states, q.tenantId, q.numberId],
    );
    return rows[0]?.n ?? 0;
  }
}
