import { Injectable } from '@nestjs/common';
import { maskPhone } from '@shiming/domain';
import { AuditService } from '../../common/audit/audit.service';
import { AgentPrincipal } from '../../common/auth/token.service';
import { LIFT_TOPIC } from '../provisioning/lift.handler';
import { OutboxRepository } from '../provisioning/outbox.repository';
import { CASE_NOT_FOUND_MESSAGE, ReviewError } from './review.errors';
import { ReviewRepository } from './review.repository';
import { ReviewStatsRepository } from './review-stats.repository';

export interface ConsoleStats {
  queueDepth: number;
  oldestWaitingSeconds: number;
  perAgent: Array<{
    agent: { id: string; username: string | null; displayName: string | null };
    decisionsLastHour: number;
    decisionsToday: number;
  }>;
  /** Shares of today's decisions (0 when there were none), and the counts behind them. */
  rates: { approved: number; resubmit: number; rejected: number };
  decisionsToday: { approved: number; resubmit: number; rejected: number };
  liftPending: number;
  deadLetters: Array<{
    id: string;
    phone: string;
    attempts: number;
    lastError: string | null;
    at: string;
  }>;
}

export interface AuditEntryView {
  at: string;
  actor: { type: string; id: string; username: string | null };
  action: string;
  detail: Record<string, unknown>;
}

const share = (n: number, total: number): number =>
  total === 0 ? 0 : Math.round((n / total) * 1000) / 1000;

/** What supervisors see and may do: the queue's figures, a case's audit trail, retrying dead lifts. */
@Injectable()
export class SupervisorService {
  constructor(
    private readonly stats: ReviewStatsRepository,
    private readonly cases: ReviewRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditService,
  ) {}

  async overview(agent: AgentPrincipal): Promise<ConsoleStats> {
    const [queue, perAgent, decisions, liftPending, dead] = await Promise.all([
      this.stats.queue(agent.tenantId),
      this.stats.perAgent(agent.tenantId),
      this.stats.decisionsToday(agent.tenantId),
      this.stats.liftPending(agent.tenantId),
      this.stats.deadLifts(agent.tenantId),
    ]);
    const total = decisions.approve + decisions.resubmit + decisions.reject;
    return {
      ...queue,
      perAgent: perAgent.map((a) => ({
        agent: { id: a.agentId, username: a.username, displayName: a.displayName },
        decisionsLastHour: a.lastHour,
        decisionsToday: a.today,
      })),
      rates: {
        approved: share(decisions.approve, total),
        resubmit: share(decisions.resubmit, total),
        rejected: share(decisions.reject, total),
      },
      decisionsToday: {
        approved: decisions.approve,
        resubmit: decisions.resubmit,
        rejected: decisions.reject,
      },
      liftPending,
      deadLetters: dead.map((d) => ({
        id: d.id,
        phone: maskPhone(d.phone),
        attempts: d.attempts,
        lastError: d.lastError,
        at: new Date(d.at).toISOString(),
      })),
    };
  }

  async caseAudit(agent: AgentPrincipal, caseId: string): Promise<AuditEntryView[]> {
    const exists = await this.cases.findCase(undefined, agent.tenantId, caseId);
    if (!exists) throw new ReviewError('CASE_NOT_FOUND', CASE_NOT_FOUND_MESSAGE);
    const rows = await this.stats.caseAudit(agent.tenantId, caseId);
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      actor: { type: r.actor_type, id: r.actor_id, username: r.actor_username },
      action: r.action,
      detail: r.detail,
    }));
  }

  /** A dead-lettered lift back into the outbox, due now, with a fresh count of tries. Audited. */
  async retryLift(agent: AgentPrincipal, outboxId: string): Promise<void> {
    const row = await this.outbox.find(agent.tenantId, outboxId);
    if (!row || row.topic !== LIFT_TOPIC) throw new ReviewError('LIFT_NOT_FOUND', '复机任务不存在');
    await this.cases.transaction(async (m) => {
      const revived = await this.outbox.revive(m, agent.tenantId, outboxId);
      if (!revived) throw new ReviewError('LIFT_NOT_DEAD', '此复机任务不在失败队列中，无需重试');
      await this.audit.append(m, {
        tenantId: agent.tenantId,
        actorType: 'agent',
        actorId: agent.agentId,
        action: 'lift.retry',
        targetType: 'case',
        targetId: typeof row.payload['caseId'] === 'string' ? row.payload['caseId'] : '',
        detail: { outboxId, previousAttempts: Number(row.attempts), lastError: row.last_error },
      });
    });
  }
}
