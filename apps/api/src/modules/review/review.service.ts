import { Injectable } from '@nestjs/common';
import {
  ageAt,
  CaseEvent,
  checkApplicantAge,
  checkIdentityQuota,
  composeResubmissionMessage,
  DOCUMENT_KINDS,
  DocumentKind,
  maskFreeText,
  maskIdNumber,
  maskName,
  maskPhone,
  parseIdNumber,
  REJECTION_REASONS,
  requiredDocuments,
  RESUBMISSION_REASONS,
  transitionCase,
} from '@shiming/domain';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import { AgentSessionRepository } from '../../common/auth/agent-session.repository';
import { AgentPrincipal, TokenService } from '../../common/auth/token.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { CommonError } from '../../common/errors/app-error';
import { CaseRecord } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { DocumentsService } from '../documents/documents.service';
import { TenantsService } from '../tenants/tenants.service';
import { NumbersService } from '../numbers/numbers.service';
import { OutboxRepository } from '../provisioning/outbox.repository';
import { LIFT_TOPIC } from '../provisioning/lift.handler';
import { NOTIFY_TOPIC } from '../provisioning/notify.topic';
import { ConsoleCase, RevealedApplicant } from './dto/console-case.dto';
import { DecisionDto } from './dto/decision.dto';
import { CASE_NOT_FOUND_MESSAGE, ReviewError } from './review.errors';
import { ReviewCaseRow, ReviewRepository } from './review.repository';
import { watermarkJpeg } from './watermark';
import { CaseFlagRegistry } from './case-flags';

/** How long a claimed case stays with its agent before it returns to the queue. */
export const LEASE_SECONDS = 10 * 60;
/** How long a signed document URL stays valid. */
export const DOCUMENT_URL_TTL_SECONDS = 5 * 60;

export interface DocumentUrlParams {
  documentId: string;
  tenant?: string;
  agent?: string;
  exp?: string;
  sig?: string;
}

const DECISION_EVENTS: Record<DecisionDto['decision'], CaseEvent> = {
  approve: 'approve',
  resubmit: 'request_resubmission',
  reject: 'reject',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function documentPath(documentId: string, tenantId: string, agentId: string): string {
  return `/api/console/documents/${documentId}?tenant=${tenantId}&agent=${agentId}`;
}

/**
 * The agent's way through a case: take the next one from the queue (a lease), look at it
 * (masked; documents through signed, watermarked URLs), reveal the identity with a reason,
 * decide. Every look and every decision is in the audit log.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly repo: ReviewRepository,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly tokens: TokenService,
    private readonly sessions: AgentSessionRepository,
    private readonly outbox: OutboxRepository,
    private readonly numbers: NumbersService,
    private readonly tenants: TenantsService,
    private readonly documents: DocumentsService,
    private readonly cases: CasesService,
    private readonly flags: CaseFlagRegistry,
  ) {}

  /**
   * Hands the agent exactly one case: the one they already hold, or the oldest waiting one of
   * their tenant (submitted, or in review under a lapsed lease), locked with SKIP LOCKED so
   * concurrent claimers never get the same case. Undefined when the queue is empty.
   */
  async claimNext(agent: AgentPrincipal): Promise<ConsoleCase | undefined> {
    const claimed = await this.repo.transaction(async (m) => {
      await this.repo.lockAgent(m, agent.tenantId, agent.agentId);
      const held = await this.repo.heldCase(m, agent.tenantId, agent.agentId);
      if (held) return held;
      const next = await this.repo.lockNextWaiting(m, agent.tenantId);
      if (!next) return undefined;
      let from = next.state;
      if (from === 'in_review') {
        const back = transitionCase(from, 'lease_expired');
        if (!back.ok) throw new ReviewError('ILLEGAL_TRANSITION', back.message);
        from = back.value;
      }
      const to = transitionCase(from, 'claim');
      if (!to.ok) throw new ReviewError('ILLEGAL_TRANSITION', to.message);
      const row = await this.repo.setLease(
        m,
        agent.tenantId,
        next.id,
        to.value,
        agent.agentId,
        LEASE_SECONDS,
      );
      await this.audit.append(m, {
        tenantId: agent.tenantId,
        actorType: 'agent',
        actorId: agent.agentId,
        action: 'case.claim',
        targetType: 'case',
        targetId: next.id,
        detail: {
          version: row.version,
          leaseExpiresAt: row.lease_expires_at
            ? new Date(row.lease_expires_at).toISOString()
            : null,
          ...(next.state === 'in_review' ? { lapsedLeaseOf: next.lease_agent_id } : {}),
        },
      });
      return row;
    });
    return claimed ? this.present(agent, claimed) : undefined;
  }

  async release(agent: AgentPrincipal, caseId: string): Promise<void> {
    await this.repo.transaction(async (m) => {
      const row = await this.lockedCase(m, agent, caseId);
      this.assertHolds(agent, row);
      const to = transitionCase(row.state, 'release');
      if (!to.ok) throw new ReviewError('ILLEGAL_TRANSITION', to.message);
      await this.repo.clearLease(m, agent.tenantId, caseId, to.value);
      await this.audit.append(m, {
        tenantId: agent.tenantId,
        actorType: 'agent',
        actorId: agent.agentId,
        action: 'case.release',
        targetType: 'case',
        targetId: caseId,
      });
    });
  }

  /** The case as the console shows it; the view is audited. */
  async view(agent: AgentPrincipal, caseId: string): Promise<ConsoleCase> {
    const row = await this.repo.findCase(undefined, agent.tenantId, caseId);
    if (!row) throw new ReviewError('CASE_NOT_FOUND', CASE_NOT_FOUND_MESSAGE);
    await this.audit.record({
      tenantId: agent.tenantId,
      actorType: 'agent',
      actorId: agent.agentId,
      action: 'case.view',
      targetType: 'case',
      targetId: caseId,
      detail: { version: row.version },
    });
    return this.present(agent, row);
  }

  /** Name and ID number in clear, for a stated reason that goes into the audit log. */
  async reveal(agent: AgentPrincipal, caseId: string, reason: string): Promise<RevealedApplicant> {
    const record = await this.cases.findById(agent.tenantId, caseId);
    if (!record) throw new ReviewError('CASE_NOT_FOUND', CASE_NOT_FOUND_MESSAGE);
    const applicant = this.cases.applicantOf(record);
    if (!applicant) throw new ReviewError('APPLICANT_MISSING', '申请人尚未填写姓名和身份证号码');
    await this.audit.record({
      tenantId: agent.tenantId,
      actorType: 'agent',
      actorId: agent.agentId,
      action: 'case.reveal',
      targetType: 'case',
      targetId: caseId,
      // The reason is free text typed by the agent: any ID-number- or phone-like run is masked.
      detail: { reason: maskFreeText(reason.trim()), fields: ['name', 'idNumber'] },
    });
    return { name: applicant.name, idNumber: applicant.idNumber };
  }

  /**
   * Applies the agent's decision, all in one transaction: the case (lease cleared, version
   * bumped), on approval the number's registration and its move to lift_pending with history and
   * exactly one lift in the outbox (`lift:<caseId>`), the subscriber's notification, the audit
   * entry. A decision on a case that changed since the agent saw it is refused, not applied.
   */
  async decide(agent: AgentPrincipal, caseId: string, dto: DecisionDto): Promise<ConsoleCase> {
    this.checkDecisionShape(dto);
    // Read before the transaction: with the embedded database (one connection) nothing may wait on
    // a second connection inside it.
    const tenant = await this.tenants.getById(agent.tenantId);
    const policy = tenant.policy;
    const decided = await this.repo.transaction(async (m) => {
      const row = await this.lockedCase(m, agent, caseId);
      if (row.version !== dto.version) {
        throw new ReviewError(
          'STALE_DECISION',
          '申请在您查看后已发生变化（可能已被他人处理或用户已撤回），请刷新后重新审核',
          {
            currentVersion: row.version,
          },
        );
      }
      this.assertHolds(agent, row);
      const to = transitionCase(row.state, DECISION_EVENTS[dto.decision]);
      if (!to.ok) throw new ReviewError('ILLEGAL_TRANSITION', to.message);
      const detail: Record<string, unknown> = { decision: dto.decision, version: row.version };
      let resubmission: unknown;
      let rejection: unknown;

      switch (dto.decision) {
        case 'approve': {
          // Under the identity's lock, in this transaction: two approvals of one identity cannot both pass.
          const record = (await this.cases.findById(agent.tenantId, caseId, m)) as CaseRecord;
          const quota = await this.cases.identityQuota(record, policy, m);
          if (!quota.ok) {
            const why = checkIdentityQuota(quota.count, policy);
            throw new ReviewError(
              'IDENTITY_QUOTA_EXCEEDED',
              `${why.ok ? '' : why.message}（请以“超出一证五号”拒绝）`,
              { count: quota.count, limit: quota.limit },
            );
          }
          detail['lift'] = await this.recordRegistration(m, agent, row);
          break;
        }
        case 'resubmit': {
          if (row.resubmission_count >= policy.resubmissionCap) {
            throw new ReviewError(
              'RESUBMISSION_CAP_REACHED',
              `已要求补交${row.resubmission_count}次，达到上限（${policy.resubmissionCap}次），请作出通过或不通过的决定`,
              {
                cap: policy.resubmissionCap,
              },
            );
          }
          const items = dto.items ?? [];
          const allowed = new Set(requiredDocuments(row.applicant_type));
          const foreign = items.find((i) => i.document && !allowed.has(i.document));
          if (foreign?.document) {
            throw new CommonError('VALIDATION_FAILED', '提交的信息有误，请检查后重试', {
              fields: { items: `此申请不需要“${DOCUMENT_KINDS[foreign.document].label}”` },
            });
          }
          const redo = [
            ...new Set(
              items.map((i) => i.document).filter((d): d is DocumentKind => d !== undefined),
            ),
          ];
          resubmission = {
            items: items.map((i) => ({
              reason: i.reason,
              label: RESUBMISSION_REASONS[i.reason].label,
              ...(i.document ? { document: i.document } : {}),
            })),
            message: dto.message?.trim() || composeResubmissionMessage(items),
            redo,
            requestedAt: new Date().toISOString(),
          };
          detail['reasons'] = items.map((i) => i.reason);
          detail['redo'] = redo;
          break;
        }
        case 'reject': {
          const reason = dto.rejectionReason!;
          rejection = {
            reason,
            label: REJECTION_REASONS[reason].label,
            message: dto.message?.trim() || REJECTION_REASONS[reason].subscriberText,
            hotline: tenant.hotline,
          };
          detail['reason'] = reason;
          break;
        }
      }

      await this.repo.saveDecision(m, agent.tenantId, caseId, {
        state: to.value,
        agentId: agent.agentId,
        resubmission,
        rejection,
        resubmissionIncrement: dto.decision === 'resubmit',
      });
      await this.outbox.enqueue(m, {
        tenantId: agent.tenantId,
        topic: NOTIFY_TOPIC,
        idempotencyKey: `notify:${caseId}:${row.version + 1}`,
        payload: { caseId, decision: dto.decision },
      });
      await this.audit.append(m, {
        tenantId: agent.tenantId,
        actorType: 'agent',
        actorId: agent.agentId,
        action: 'case.decision',
        targetType: 'case',
        targetId: caseId,
        detail,
      });
      return this.repo.findCase(m, agent.tenantId, caseId);
    });
    return this.present(agent, decided!);
  }

  /** The number's registration on approval: lift_pending with history and one lift, or just registered when it is active. */
  private async recordRegistration(
    m: EntityManager,
    agent: AgentPrincipal,
    row: ReviewCaseRow,
  ): Promise<'requested' | 'not_needed'> {
    const number = await this.repo.number(m, agent.tenantId, row.number_id);
    if (!number) throw new ReviewError('CASE_NOT_FOUND', CASE_NOT_FOUND_MESSAGE);
    await this.repo.markRegistered(m, agent.tenantId, row.number_id);
    if (number.state === 'active') return 'not_needed';
    // A number that cannot be lifted (e.g. cancelled) refuses: 409 ILLEGAL_TRANSITION with the domain's words.
    await this.numbers.transition(
      m,
      agent.tenantId,
      row.number_id,
      'request_lift',
      'registration_approved',
      `agent:${agent.agentId}`,
      row.id,
    );
    await this.outbox.enqueue(m, {
      tenantId: agent.tenantId,
      topic: LIFT_TOPIC,
      idempotencyKey: `lift:${row.id}`,
      payload: { caseId: row.id, numberId: row.number_id },
    });
    return 'requested';
  }

  /**
   * The bytes behind a signed document URL: signature and expiry checked, decrypted, the viewing
   * agent's id and the time burned in. The URL names the tenant and the agent and is signed with
   * them, so it opens nothing else and the watermark cannot be made to name someone else.
   */
  async documentImage(p: DocumentUrlParams): Promise<Buffer> {
    const exp = Number(p.exp);
    if (
      !UUID.test(p.documentId) ||
      !p.tenant ||
      !UUID.test(p.tenant) ||
      !p.agent ||
      !UUID.test(p.agent) ||
      !Number.isInteger(exp) ||
      !p.sig
    ) {
      throw new ReviewError('URL_INVALID', '链接无效，请在案件页面重新打开');
    }
    const verdict = this.tokens.verifyUrl(
      documentPath(p.documentId, p.tenant, p.agent),
      exp,
      p.sig,
    );
    if (verdict === 'invalid')
      throw new ReviewError('URL_INVALID', '链接无效，请在案件页面重新打开');
    if (verdict === 'expired')
      throw new ReviewError('URL_EXPIRED', '链接已过期，请在案件页面重新打开');
    if ((await this.sessions.activeTokenVersion(p.tenant, p.agent)) === undefined) {
      throw new ReviewError('URL_INVALID', '链接无效，请在案件页面重新打开');
    }
    // Another tenant's id or a missing file: DOCUMENT_NOT_FOUND (404) from the documents module.
    const doc = await this.documents.readForViewing(p.tenant, p.documentId);
    const at = new Date().toISOString();
    const marked = await watermarkJpeg(doc.bytes, `${p.agent} ${at}`);
    await this.audit.record({
      tenantId: p.tenant,
      actorType: 'agent',
      actorId: p.agent,
      action: 'document.view',
      targetType: 'document',
      targetId: p.documentId,
      detail: { caseId: doc.caseId, kind: doc.kind, watermarkedAt: at },
    });
    return marked;
  }

  private checkDecisionShape(dto: DecisionDto): void {
    if (dto.decision === 'resubmit' && (!dto.items || dto.items.length === 0)) {
      throw new CommonError('VALIDATION_FAILED', '提交的信息有误，请检查后重试', {
        fields: { items: '请至少选择一个需要补交的原因' },
      });
    }
    if (dto.decision === 'reject' && !dto.rejectionReason) {
      throw new CommonError('VALIDATION_FAILED', '提交的信息有误，请检查后重试', {
        fields: { rejectionReason: '请选择不通过的原因' },
      });
    }
  }

  private async lockedCase(
    m: EntityManager,
    agent: AgentPrincipal,
    caseId: string,
  ): Promise<ReviewCaseRow> {
    if (!UUID.test(caseId)) throw new ReviewError('CASE_NOT_FOUND', CASE_NOT_FOUND_MESSAGE);
    const row = await this.repo.findCase(m, agent.tenantId, caseId, true);
    if (!row) throw new ReviewError('CASE_NOT_FOUND', CASE_NOT_FOUND_MESSAGE);
    return row;
  }

  private assertHolds(agent: AgentPrincipal, row: ReviewCaseRow): void {
    if (row.state !== 'in_review' || row.lease_agent_id !== agent.agentId || !row.lease_live) {
      throw new ReviewError('LEASE_NOT_HELD', '您没有领取此申请或领取已超时，请从队列重新领取');
    }
  }

  /** ConsoleCase of docs/API.md: masked identity, the domain's checks, signed document URLs. */
  private async present(agent: AgentPrincipal, row: ReviewCaseRow): Promise<ConsoleCase> {
    const now = new Date();
    const [record, tenant, number, history, docs] = await Promise.all([
      this.cases.findById(row.tenant_id, row.id),
      this.tenants.getById(row.tenant_id),
      this.repo.number(undefined, row.tenant_id, row.number_id),
      this.repo.numberHistory(row.tenant_id, row.number_id),
      this.documents.currentForCase(row.tenant_id, row.id),
    ]);
    if (!number || !record) throw new ReviewError('CASE_NOT_FOUND', CASE_NOT_FOUND_MESSAGE);
    const policy = tenant.policy;

    const applicant = this.cases.applicantOf(record);
    const parsed = applicant ? parseIdNumber(applicant.idNumber, { today: now }) : undefined;
    const quota = await this.cases.identityQuota(record, policy);
    const region = parsed?.ok
      ? [parsed.value.region.province, parsed.value.region.prefecture, parsed.value.region.county]
          .filter(Boolean)
          .join(' ')
      : null;

    const flags = await this.flags.flagsFor({
      tenantId: row.tenant_id,
      record,
      applicant,
      documents: docs,
      policy,
      capturePolicy: tenant.capturePolicy,
      now,
    });

    const exp = Math.floor(now.getTime() / 1000) + DOCUMENT_URL_TTL_SECONDS;
    return {
      id: row.id,
      version: row.version,
      state: row.state,
      applicantType: row.applicant_type,
      phone: maskPhone(number.phone),
      numberState: number.state,
      numberHistory: history.map((h) => ({
        at: new Date(h.at).toISOString(),
        from: h.from_state,
        to: h.to_state,
        cause: h.cause,
      })),
      applicant: applicant
        ? {
            nameMasked: maskName(applicant.name),
            idNumberMasked: maskIdNumber(applicant.idNumber),
            age: parsed?.ok ? ageAt(parsed.value.birthDate, now) : null,
            sex: parsed?.ok ? parsed.value.sex : null,
            region,
          }
        : null,
      checks: {
        idNumber: parsed?.ok ? 'ok' : 'fail',
        age: parsed?.ok && checkApplicantAge(parsed.value, policy, now).ok ? 'ok' : 'fail',
        quota,
      },
      documents: docs.map((d) => {
        const path = documentPath(d.id, row.tenant_id, agent.agentId);
        return {
          id: d.id,
          kind: d.kind,
          url: `${path}&exp=${exp}&sig=${this.tokens.signUrl(path, exp)}`,
          uploadedAt: new Date(d.createdAt).toISOString(),
          flags: d.flags ?? [],
          quality: d.quality,
        };
      }),
      flags,
      lease:
        row.state === 'in_review' && row.lease_agent_id && row.lease_live && row.lease_expires_at
          ? { agentId: row.lease_agent_id, expiresAt: new Date(row.lease_expires_at).toISOString() }
          : null,
      resubmissionCount: row.resubmission_count,
      submittedAt: row.submitted_at ? new Date(row.submitted_at).toISOString() : null,
    };
  }
}
