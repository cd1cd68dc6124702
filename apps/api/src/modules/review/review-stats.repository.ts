import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface QueueStats {
  queueDepth: number;
  oldestWaitingSeconds: number;
}

export interface AgentThroughput {
  agentId: string;
  username: string | null;
  displayName: string | null;
  lastHour: number;
  today: number;
}

export interface DecisionCounts {
  approve: number;
  resubmit: number;
  reject: number;
}

export interface DeadLift {
  id: string;
  phone: string;
  attempts: number;
  lastError: string | null;
  at: Date;
}

export interface AuditListRow {
  at: Date;
  actor_type: string;
  actor_id: string;
  actor_username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: Record<string, unknown>;
}

/** China's day: "today" starts at midnight Beijing time. */
const TODAY_START = `(date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`;

/** Supervisor figures: the queue, throughput per agent (from the audit log's decisions), lifts. */
@Injectable()
export class ReviewStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async queue(tenantId: string): Promise<QueueStats> {
    const rows: Array<{ depth: string; oldest: string | null }> = await this.dataSource.query(
      `SELECT count(*) AS depth, EXTRACT(EPOCH FROM now() - min(queued_at)) AS oldest
         FROM registration_case
        WHERE tenant_id = $1
          AND (state = 'submitted' OR (state = 'in_review' AND (lease_expires_at IS NULL OR lease_expires_at <= now())))`,
      [tenantId],
    );
    const r = rows[0];
    return {
      queueDepth: Number(r?.depth ?? 0),
      oldestWaitingSeconds: r?.oldest ? Math.max(0, Math.floor(Number(r.oldest))) : 0,
    };
  }

  async perAgent(tenantId: string): Promise<AgentThroughput[]> {
    const rows: Array<{
      actor_id: string;
      username: string | null;
      display_name: string | null;
      last_hour: string;
      today: string;
    }> = await this.dataSource.query(
      `SELECT l.actor_id, a.username, a.display_name,
              count(*) FILTER (WHERE l.at > now() - interval '1 hour') AS last_hour,
              count(*) AS today
         FROM audit_log l
         LEFT JOIN agent a ON a.tenant_id = l.tenant_id AND a.id::text = l.actor_id
        WHERE l.tenant_id = $1 AND l.action = 'case.decision' AND l.at >= LEAST(${TODAY_START}, now() - interval '1 hour')
        GROUP BY l.actor_id, a.username, a.display_name
        ORDER BY today DESC, l.actor_id`,
      [tenantId],
    );
    // "today" counts only today's; the window above also reaches back an hour across midnight.
    const todays: Array<{ actor_id: string; n: string }> = await this.dataSource.query(
      `SELECT actor_id, count(*) AS n FROM audit_log
        WHERE tenant_id = $1 AND action = 'case.decision' AND at >= ${TODAY_START} GROUP BY actor_id`,
      [tenantId],
    );
    const today = new Map(todays.map((t) => [t.actor_id, Number(t.n)]));
    return rows.map((r) => ({
      agentId: r.actor_id,
      username: r.username,
      displayName: r.display_name,
      lastHour: Number(r.last_hour),
      today: today.get(r.actor_id) ?? 0,
    }));
  }

  async decisionsToday(tenantId: string): Promise<DecisionCounts> {
    const rows: Array<{ decision: string; n: string }> = await this.dataSource.query(
      `SELECT detail->>'decision' AS decision, count(*) AS n FROM audit_log
        WHERE tenant_id = $1 AND action = 'case.decision' AND at >= ${TODAY_START}
        GROUP BY 1`,
      [tenantId],
    );
    const get = (d: string): number => Number(rows.find((r) => r.decision === d)?.n ?? 0);
    return { approve: get('approve'), resubmit: get('resubmit'), reject: get('reject') };
  }

  async liftPending(tenantId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM phone_number WHERE tenant_id = $1 AND state = 'lift_pending'`,
      [tenantId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async deadLifts(tenantId: string, limit = 100): Promise<DeadLift[]> {
    const rows: Array<{
      id: string;
      phone: string | null;
      attempts: number;
      last_error: string | null;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT o.id, n.phone, o.attempts, o.last_error, o.created_at
         FROM outbox o
         LEFT JOIN registration_case c ON c.tenant_id = o.tenant_id AND c.id::text = o.payload->>'caseId'
         LEFT JOIN phone_number n ON n.tenant_id = c.tenant_id AND n.id = c.number_id
        WHERE o.tenant_id = $1 AND o.topic = 'provisioning.lift' AND o.status = 'dead'
        ORDER BY o.created_at
        LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      phone: r.phone ?? '',
      attempts: Number(r.attempts),
      lastError: r.last_error,
      at: r.created_at,
    }));
  }

  /** The audit trail of a case: entries about it, and views of its documents. */
  async caseAudit(tenantId: string, caseId: string): Promise<AuditListRow[]> {
    return this.dataSource.query(
      `SELECT l.at, l.actor_type, l.actor_id, a.username AS actor_username, l.action, l.target_type, l.target_id, l.detail
         FROM audit_log l
         LEFT JOIN agent a ON l.actor_type = 'agent' AND a.tenant_id = l.tenant_id AND a.id::text = l.actor_id
        WHERE l.tenant_id = $1
          AND ((l.target_type = 'case' AND l.target_id = $2) OR (l.target_type = 'document' AND l.detail->>'caseId' = $2))
        ORDER BY l.seq`,
      [tenantId, caseId],
    );
  }

  async caseExists(tenantId: string, caseId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM registration_case WHERE tenant_id = $1 AND id = $2',
      [tenantId, caseId],
    );
    return rows.length > 0;
  }
}
