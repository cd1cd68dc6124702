import { Injectable } from '@nestjs/common';
import type { ApplicantType, CaseState, ServiceState } from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';

/** The columns of registration_case the console reads. */
export interface ReviewCaseRow {
  tenant_id: string;
  id: string;
  number_id: string;
  openid: string | null;
  applicant_type: ApplicantType;
  state: CaseState;
  version: number;
  resubmission_count: number;
  lease_agent_id: string | null;
  lease_expires_at: Date | null;
  /** lease_expires_at > now(), computed by the database (one clock for every replica). */
  lease_live: boolean;
  submitted_at: Date | null;
  queued_at: Date | null;
}

export interface ReviewNumber {
  id: string;
  phone: string;
  state: ServiceState;
  registered: boolean;
}

export interface DecisionUpdate {
  state: CaseState;
  agentId: string;
  resubmission?: unknown;
  rejection?: unknown;
  resubmissionIncrement: boolean;
}

const CASE_COLUMNS = `c.tenant_id, c.id, c.number_id, c.openid, c.applicant_type, c.state, c.version, c.resubmission_count, c.lease_agent_id, c.lease_expires_at,
  COALESCE(c.lease_expires_at > now(), false) AS lease_live, c.submitted_at, c.queued_at`;

/** Every statement of the review queue and the console. Tenant id leads every WHERE. */
@Injectable()
export class ReviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  private q(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** Serialises one agent's claims (a double click must not take two cases). */
  async lockAgent(m: EntityManager, tenantId: string, agentId: string): Promise<void> {
    await m.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('review-agent:' || $1 || ':' || $2, 0))`,
      [tenantId, agentId],
    );
  }

  /** The case this agent holds a live lease on, if any. */
  async heldCase(
    m: EntityManager,
    tenantId: string,
    agentId: string,
  ): Promise<ReviewCaseRow | undefined> {
    const rows: ReviewCaseRow[] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM registration_case c
        WHERE c.tenant_id = $1 AND c.lease_agent_id = $2 AND c.state = 'in_review' AND c.lease_expires_at > now()
        ORDER BY c.lease_expires_at DESC LIMIT 1`,
      [tenantId, agentId],
    );
    return rows[0];
  }

  /**
   * The oldest waiting case of the tenant, locked, skipping rows another claimer holds right now:
   * submitted, or in review under a lease that ran out. Concurrent claimers get different rows.
   */
  async lockNextWaiting(m: EntityManager, tenantId: string): Promise<ReviewCaseRow | undefined> {
    const rows: ReviewCaseRow[] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM registration_case c
        WHERE c.tenant_id = $1
          AND (c.state = 'submitted' OR (c.state = 'in_review' AND (c.lease_expires_at IS NULL OR c.lease_expires_at <= now())))
        ORDER BY c.queued_at NULLS LAST, c.id
        LIMIT 1
        FOR UPDATE OF c SKIP LOCKED`,
      [tenantId],
    );
    return rows[0];
  }

  async setLease(
    m: EntityManager,
    tenantId: string,
    caseId: string,
    state: CaseState,
    agentId: string,
    leaseSeconds: number,
  ): Promise<ReviewCaseRow> {
    const rows: [ReviewCaseRow[], number] = await m.query(
      `UPDATE registration_case c
          SET state = $5, lease_agent_id = $3, lease_expires_at = now() + make_interval(secs => $4),
              version = version + 1, updated_at = now()
        WHERE c.tenant_id = $1 AND c.id = $2
        RETURNING ${CASE_COLUMNS}`,
      [tenantId, caseId, agentId, leaseSeconds, state],
    );
    return rows[0][0] as ReviewCaseRow;
  }

  async findCase(
    m: EntityManager | undefined,
    tenantId: string,
    caseId: string,
    forUpdate = false,
  ): Promise<ReviewCaseRow | undefined> {
    const rows: ReviewCaseRow[] = await this.q(m).query(
      `SELECT ${CASE_COLUMNS} FROM registration_case c WHERE c.tenant_id = $1 AND c.id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [tenantId, caseId],
    );
    return rows[0];
  }

  /** Back to the queue (release or a decision's end): state as given, lease cleared, version bumped. */
  async clearLease(
    m: EntityManager,
    tenantId: string,
    caseId: string,
    state: CaseState,
  ): Promise<void> {
    await m.query(
      `UPDATE registration_case SET state = $3, lease_agent_id = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, caseId, state],
    );
  }

  async saveDecision(
    m: EntityManager,
    tenantId: string,
    caseId: string,
    d: DecisionUpdate,
  ): Promise<void> {
    await m.query(
      `UPDATE registration_case
          SET state = $3, decided_at = now(), decided_by = $4,
              resubmission = COALESCE($5::jsonb, resubmission), rejection = COALESCE($6::jsonb, rejection),
              resubmission_count = resubmission_count + CASE WHEN $7 THEN 1 ELSE 0 END,
              lease_agent_id = NULL, lease_expires_at = NULL, version = version + 1, updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        caseId,
        d.state,
        d.agentId,
        d.resubmission === undefined ? null : JSON.stringify(d.resubmission),
        d.rejection === undefined ? null : JSON.stringify(d.rejection),
        d.resubmissionIncrement,
      ],
    );
  }

  /** The number's registration is recorded on approval (the lift follows through the outbox). */
  async markRegistered(m: EntityManager, tenantId: string, numberId: string): Promise<void> {
    await m.query(
      'UPDATE phone_number SET registered = true, updated_at = now() WHERE tenant_id = $1 AND id = $2',
      [tenantId, numberId],
    );
  }

  async number(
    m: EntityManager | undefined,
    tenantId: string,
    numberId: string,
  ): Promise<ReviewNumber | undefined> {
    const rows: ReviewNumber[] = await this.q(m).query(
      'SELECT id, phone, state, registered FROM phone_number WHERE tenant_id = $1 AND id = $2',
      [tenantId, numberId],
    );
    return rows[0];
  }

  async numberHistory(
    tenantId: string,
    numberId: string,
  ): Promise<
    Array<{ at: Date; from_state: ServiceState | null; to_state: ServiceState; cause: string }>
  > {
    return this.dataSource.query(
      `SELECT at, from_state, to_state, cause FROM number_history WHERE tenant_id = $1 AND number_id = $2 ORDER BY at, id`,
      [tenantId, numberId],
    );
  }
}
