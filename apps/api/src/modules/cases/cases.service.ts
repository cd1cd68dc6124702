import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  checkNumberOpenForRegistration,
  ageAt,
  applicantTypeAllowed,
  DOCUMENT_KINDS,
  maskIdNumber,
  requiredDocuments,
  maskName,
  checkApplicantAge,
  checkIdentityQuota,
  isCaseOpen,
  parseIdNumber,
  qualityBlocksSubmission,
  transitionCase,
  validateName,
  validateCapturePolicy,
  validatePolicy,
  type ApplicantType,
  type CapturePolicy,
  type CaseState,
  type DocumentKind,
  type TenantPolicy,
} from '@shiming/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service';
import type { SubscriberPrincipal } from '../../common/auth/token.service';
import { CryptoService } from '../../common/crypto/crypto.service';
import { faultPoint } from '../../common/fault/fault';
import { APP_CONFIG, AppConfig } from '../../config/config';
import type { DocumentRecord } from '../documents/document.entity';
import { DocumentsService } from '../documents/documents.service';
import type { CaseApplicant, CaseRecord } from './case.entity';
import { isCaseEditable } from './case-editable';
import { caseDocumentStatus, SubscriberCase, toSubscriberCase } from './case.mapper';
import { CaseError } from './cases.errors';
import { CasesRepository, NumberForCases, TenantForCases } from './cases.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { RateLimitRepository } from './rate-limit.repository';

/**
 * Submission attempts (first answers, not idempotent repeats) per client address and tenant: a
 * shop's shared Wi-Fi serves several people, a script submitting for many numbers is stopped.
 */
export const SUBMIT_LIMIT = { attempts: 20, windowSeconds: 3600 } as const;

const ALL_STATES: Record<CaseState, true> = {
  draft: true,
  submitted: true,
  in_review: true,
  needs_resubmission: true,
  approved: true,
  rejected: true,
  withdrawn: true,
};
/** Cases that hold a place in the identity quota: open ones (the domain's isCaseOpen) and approved ones (the number is held). */
export const QUOTA_HOLDING_STATES = (Object.keys(ALL_STATES) as CaseState[]).filter(
  (s) => isCaseOpen(s) || s === 'approved',
);
/** A number has at most one of these (a draft, or an open case). */
const ACTIVE_STATES = (Object.keys(ALL_STATES) as CaseState[]).filter(
  (s) => isCaseOpen(s) || s === 'draft',
);

/** The associated data binding a personal field's ciphertext to its tenant, case and field. */
export const caseFieldAad = (
  tenantId: string,
  caseId: string,
  field: 'name' | 'id_number' | 'proxy_name' | 'proxy_id_number',
): string => `case:${tenantId}:${caseId}:${field}`;

export interface ApplicantInput {
  name: string;
  idNumber: string;
  proxyName?: string;
  proxyIdNumber?: string;
  enterpriseName?: string;
  organizationCode?: string;
}

export interface ApplicantSummary {
  nameMasked: string;
  idNumberMasked: string;
  age: number;
  sex: 'male' | 'female';
}

export interface QuotaCheck {
  count: number;
  limit: number;
  ok: boolean;
}

const NOT_FOUND = '没有找到这个申请';
const documentLabel = (k: DocumentKind): string => DOCUMENT_KINDS[k].label;
const NOT_EDITABLE = '这个申请已提交或已结束，不能再修改';

/**
 * Registration cases as the subscriber drives them: create, fill in the applicant, consent,
 * submit (idempotent), withdraw. Also the reads the review side reuses (findById, applicantOf,
 * identityQuota, toSubscriberCase), so no mapping or decryption is written twice.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly repo: CasesRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly documents: DocumentsService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- reads others reuse ---------------------------------------------------------------

  findById(tenantId: string, caseId: string, m?: EntityManager): Promise<CaseRecord | undefined> {
    return this.repo.findById(tenantId, caseId, m);
  }

  /** The case's personal fields in clear. Callers audit any display of them unmasked. */
  applicantOf(c: CaseRecord): CaseApplicant | null {
    if (!c.nameEnc || !c.idNumberEnc) return null;
    const open = (
      enc: Buffer | null,
      field: 'name' | 'id_number' | 'proxy_name' | 'proxy_id_number',
    ): string | null =>
      enc ? this.crypto.decryptText(c.tenantId, enc, caseFieldAad(c.tenantId, c.id, field)) : null;
    return {
      name: open(c.nameEnc, 'name') as string,
      idNumber: open(c.idNumberEnc, 'id_number') as string,
      proxyName: open(c.proxyNameEnc, 'proxy_name'),
      proxyIdNumber: open(c.proxyIdNumberEnc, 'proxy_id_number'),
      enterpriseName: c.enterpriseName,
      organizationCode: c.organizationCode,
    };
  }

  /**
   * How many OTHER numbers this case's identity holds or has pending at the carrier (all the
   * carrier's tenants), against the tenant's limit. For submission here and approval in review;
   * pass the decision's transaction as `m` (it takes the identity's lock there).
   */
  async identityQuota(c: CaseRecord, policy: TenantPolicy, m?: EntityManager): Promise<QuotaCheck> {
    const { carrier, idCarrierHash } = c;
    if (!carrier || !idCarrierHash) return { count: 0, limit: policy.perIdentityLimit, ok: true };
    const run = async (tx: EntityManager): Promise<QuotaCheck> => {
      await this.repo.lockIdentity(tx, carrier, idCarrierHash);
      const count = await this.repo.countOtherNumbersOfIdentity(tx, {
        carrier,
        idCarrierHash,
        states: QUOTA_HOLDING_STATES,
        tenantId: c.tenantId,
        numberId: c.numberId,
      });
      return { count, limit: policy.perIdentityLimit, ok: checkIdentityQuota(count, policy).ok };
    };
    return m ? run(m) : this.dataSource.transaction(run);
  }

  /** The tenant's checked policy and capture policy. */
  async policyOf(
    tenantId: string,
    m?: EntityManager,
  ): Promise<{ tenant: TenantForCases; policy: TenantPolicy; capturePolicy: CapturePolicy }> {
    const tenant = await this.repo.tenant(tenantId, m);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const policy = validatePolicy(tenant.policy);
    if (!policy.ok) throw new Error(`tenant ${tenantId}: ${policy.message}`);
    const capture = validateCapturePolicy(tenant.capturePolicy);
    if (!capture.ok) throw new Error(`tenant ${tenantId}: ${capture.message}`);
    return { tenant, policy: policy.value, capturePolicy: capture.value };
  }

  /** The subscriber's view of any case (the review side uses it for previews and messages). */
  async subscriberView(c: CaseRecord, m?: EntityManager): Promise<SubscriberCase> {
    const [{ tenant, policy, capturePolicy }, number, documents] = await Promise.all([
      this.policyOf(c.tenantId, m),
      this.repo.number(c.tenantId, c.numberId, m),
      m ? this.documentsIn(m, c) : this.documents.currentForCase(c.tenantId, c.id),
    ]);
    if (!number) throw new Error(`case ${c.id}: number missing`);
    return toSubscriberCase({
      record: c,
      documents,
      applicant: this.applicantOf(c),
      number,
      policy,
      capturePolicy,
      hotline: tenant.hotline,
    });
  }

  private documentsIn(m: EntityManager, c: CaseRecord) {
    return this.documents.currentForCase(c.tenantId, c.id, m);
  }

  // ---- the subscriber's actions --------------------------------------------------------------

  private numberIdOf(s: SubscriberPrincipal): string {
    if (!s.numberId) throw new CaseError('NUMBER_NOT_FOUND', '请先验证您的手机号码');
    return s.numberId;
  }

  private actor(s: SubscriberPrincipal) {
    return {
      tenantId: s.tenantId,
      actorType: 'subscriber' as const,
      actorId: s.openid ?? `number:${s.numberId ?? ''}`,
    };
  }

  async create(s: SubscriberPrincipal, applicantType: ApplicantType): Promise<SubscriberCase> {
    const numberId = this.numberIdOf(s);
    const { tenant, policy } = await this.policyOf(s.tenantId);
    const allowed = applicantTypeAllowed(applicantType, policy, tenant.displayName);
    if (!allowed.ok) throw new CaseError(allowed.code, allowed.message);
    return this.dataSource.transaction(async (m) => {
      const number = await this.repo.number(s.tenantId, numberId, m, true);
      if (!number) throw new CaseError('NUMBER_NOT_FOUND', '没有找到这个号码，请重新验证');
      this.checkNumberCanRegister(number, tenant);
      const existing = await this.repo.findActiveForNumber(m, s.tenantId, numberId, ACTIVE_STATES);
      if (existing && existing.state !== 'draft') {
        throw new CaseError('CASE_ALREADY_OPEN', '这个号码已有一个正在办理的申请', {
          caseId: existing.id,
        });
      }
      if (existing && existing.applicantType === applicantType)
        return this.subscriberView(existing, m);
      if (existing) {
        // A draft asks nothing of anyone yet: choosing another way of registering replaces it.
        await this.repo.update(m, s.tenantId, existing.id, { state: 'withdrawn' });
        await this.audit.append(m, {
          ...this.actor(s),
          action: 'case.withdraw',
          targetType: 'case',
          targetId: existing.id,
          detail: { replacedDraft: true },
        });
      }
      const c = await this.repo.insert(m, {
        tenantId: s.tenantId,
        id: randomUUID(),
        numberId,
        openid: s.openid ?? null,
        applicantType,
      });
      await this.audit.append(m, {
        ...this.actor(s),
        action: 'case.create',
        targetType: 'case',
        targetId: c.id,
        detail: { applicantType },
      });
      return this.subscriberView(c, m);
    });
  }

  private checkNumberCanRegister(number: NumberForCases, tenant: TenantForCases): void {
    const open = checkNumberOpenForRegistration(number, tenant.hotline);
    if (!open.ok)
      throw new CaseError(
        open.code,
        open.message,
        open.code === 'NUMBER_CANCELLED' ? { hotline: tenant.hotline } : undefined,
      );
  }

  async list(s: SubscriberPrincipal): Promise<SubscriberCase[]> {
    const numberId = this.numberIdOf(s);
    const [cases, { tenant, policy, capturePolicy }, number] = await Promise.all([
      this.repo.listForNumber(s.tenantId, numberId),
      this.policyOf(s.tenantId),
      this.repo.number(s.tenantId, numberId),
    ]);
    if (!number) return [];
    const docs = await this.documents.currentForCases(
      s.tenantId,
      cases.map((c) => c.id),
    );
    return cases.map((c) =>
      toSubscriberCase({
        record: c,
        documents: docs.filter((d) => d.caseId === c.id),
        applicant: this.applicantOf(c),
        number,
        policy,
        capturePolicy,
        hotline: tenant.hotline,
      }),
    );
  }

  /** Another number's or another tenant's case is simply not found (404, never 403). */
  async get(s: SubscriberPrincipal, caseId: string): Promise<SubscriberCase> {
    const c = await this.repo.findForNumber(s.tenantId, this.numberIdOf(s), caseId);
    if (!c) throw new CaseError('CASE_NOT_FOUND', NOT_FOUND);
    return this.subscriberView(c);
  }

  private async lockEditable(
    m: EntityManager,
    s: SubscriberPrincipal,
    caseId: string,
  ): Promise<CaseRecord> {
    const c = await this.repo.findForNumber(s.tenantId, this.numberIdOf(s), caseId, m, true);
    if (!c) throw new CaseError('CASE_NOT_FOUND', NOT_FOUND);
    if (!isCaseEditable(c.state)) throw new CaseError('CASE_NOT_EDITABLE', NOT_EDITABLE);
    return c;
  }

  async setApplicant(
    s: SubscriberPrincipal,
    caseId: string,
    input: ApplicantInput,
  ): Promise<ApplicantSummary> {
    const { tenant } = await this.policyOf(s.tenantId);
    return this.dataSource.transaction(async (m) => {
      const c = await this.lockEditable(m, s, caseId);
      // As for photos: no ID number is taken for a number cancelled or registered since the draft.
      const number = await this.repo.number(s.tenantId, this.numberIdOf(s), m);
      if (!number) throw new CaseError('NUMBER_NOT_FOUND', '没有找到这个号码，请重新验证');
      this.checkNumberCanRegister(number, tenant);
      const fields: Record<string, string> = {};
      const fieldCodes: Record<string, string> = {};
      const bad = (field: string, code: string, message: string): void => {
        fields[field] = message;
        fieldCodes[field] = code;
      };
      const name = validateName(input.name);
      if (!name.ok) bad('name', name.code, name.message);
      const id = parseIdNumber(input.idNumber);
      if (!id.ok) bad('idNumber', id.code, id.message);
      let proxyName: string | null = null;
      let proxyId: string | null = null;
      if (c.applicantType === 'proxy') {
        const pn = validateName(input.proxyName ?? '');
        if (!pn.ok) bad('proxyName', pn.code, pn.message);
        else proxyName = pn.value;
        const pi = parseIdNumber(input.proxyIdNumber ?? '');
        if (!pi.ok) bad('proxyIdNumber', pi.code, pi.message);
        else proxyId = pi.value.value;
      }
      let enterpriseName: string | null = null;
      let organizationCode: string | null = null;
      if (c.applicantType === 'enterprise') {
        enterpriseName = input.enterpriseName?.trim() || null;
        organizationCode = input.organizationCode?.trim().toUpperCase() || null;
        if (!enterpriseName) bad('enterpriseName', 'EMPTY', '请填写单位名称');
        if (!organizationCode)
          bad('organizationCode', 'EMPTY', '请填写统一社会信用代码或组织机构代码');
      }
      if (!name.ok || !id.ok || Object.keys(fields).length > 0) {
        throw new CaseError('VALIDATION_FAILED', '填写的信息有误，请检查后重试', {
          fields,
          fieldCodes,
        });
      }
      const idNumber = id.value.value;
      const aad = (f: Parameters<typeof caseFieldAad>[2]): string =>
        caseFieldAad(s.tenantId, c.id, f);
      await this.repo.update(m, s.tenantId, c.id, {
        nameEnc: this.crypto.encryptText(s.tenantId, name.value, aad('name')),
        idNumberEnc: this.crypto.encryptText(s.tenantId, idNumber, aad('id_number')),
        idHash: this.crypto.keyedHash(s.tenantId, idNumber),
        carrier: tenant.carrier,
        idCarrierHash: this.crypto.carrierHash(tenant.carrier, idNumber),
        proxyNameEnc: proxyName
          ? this.crypto.encryptText(s.tenantId, proxyName, aad('proxy_name'))
          : null,
        proxyIdNumberEnc: proxyId
          ? this.crypto.encryptText(s.tenantId, proxyId, aad('proxy_id_number'))
          : null,
        proxyIdHash: proxyId ? this.crypto.keyedHash(s.tenantId, proxyId) : null,
        enterpriseName,
        organizationCode,
      });
      await this.audit.append(m, {
        ...this.actor(s),
        action: 'case.applicant',
        targetType: 'case',
        targetId: c.id,
      });
      return {
        nameMasked: maskName(name.value),
        idNumberMasked: maskIdNumber(idNumber),
        age: ageAt(id.value.birthDate, new Date()),
        sex: id.value.sex,
      };
    });
  }

  async consent(
    s: SubscriberPrincipal,
    caseId: string,
    version: string,
  ): Promise<{ version: string; consentedAt: string }> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.lockEditable(m, s, caseId);
      const { tenant } = await this.policyOf(s.tenantId, m);
      if (version !== tenant.consentVersion) {
        throw new CaseError(
          'CONSENT_VERSION_OUTDATED',
          '同意书已更新，请重新阅读最新版本后再同意',
          { currentVersion: tenant.consentVersion },
        );
      }
      const updated = await this.repo.update(m, s.tenantId, c.id, {
        consentVersion: version,
        consentedAt: new Date(),
      });
      await this.audit.append(m, {
        ...this.actor(s),
        action: 'case.consent',
        targetType: 'case',
        targetId: c.id,
        detail: { version },
      });
      return { version, consentedAt: (updated.consentedAt as Date).toISOString() };
    });
  }

  /**
   * Submits (or resubmits) the case. The Idempotency-Key's first answer is stored in the same
   * transaction as the state change: a repeat gets that answer and changes nothing; the key
   * reused for another case answers IDEMPOTENCY_KEY_REUSED. Refusals are not stored (fix and retry).
   */
  async submit(
    s: SubscriberPrincipal,
    caseId: string,
    key: string | undefined,
    clientAddress: string,
  ): Promise<SubscriberCase> {
    if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new CaseError(
        'IDEMPOTENCY_KEY_MISSING',
        '缺少或无效的 Idempotency-Key 请求头（每次提交生成一个随机值）',
      );
    }
    const numberId = this.numberIdOf(s);
    const scope = `case.submit:${numberId}`;
    const requestHash = createHash('sha256')
      .update(`POST /api/cases/${caseId}/submit`)
      .digest('hex');
    // A repeat of an answered submission (a retry after a lost response) is never limited.
    if (!(await this.idempotency.find(this.dataSource.manager, s.tenantId, scope, key))) {
      const clientKey = this.crypto
        .keyedHash(s.tenantId, `client:${clientAddress}`)
        .toString('hex');
      const taken = await this.rateLimits.take(
        s.tenantId,
        'case.submit',
        clientKey,
        SUBMIT_LIMIT.attempts,
        SUBMIT_LIMIT.windowSeconds,
      );
      if (!taken.ok) {
        const minutes = Math.ceil(taken.retryAfterSeconds / 60);
        throw new CaseError('RATE_LIMITED', `提交太频繁了，请 ${minutes} 分钟后再试`, {
          retryAfterSeconds: taken.retryAfterSeconds,
        });
      }
    }
    const answer = await this.dataSource.transaction(async (m) => {
      await this.idempotency.lock(m, s.tenantId, scope, key);
      const prior = await this.idempotency.find(m, s.tenantId, scope, key);
      if (prior) {
        if (prior.requestHash !== requestHash) {
          throw new CaseError(
            'IDEMPOTENCY_KEY_REUSED',
            '这个 Idempotency-Key 已用于另一个请求，请换一个新的',
          );
        }
        return prior.response as SubscriberCase;
      }
      const c = await this.repo.findForNumber(s.tenantId, numberId, caseId, m, true);
      if (!c) throw new CaseError('CASE_NOT_FOUND', NOT_FOUND);
      const event = c.state === 'needs_resubmission' ? 'resubmit' : 'submit';
      const next = transitionCase(c.state, event);
      if (!next.ok) throw new CaseError('CASE_NOT_EDITABLE', next.message);
      const { tenant, policy, capturePolicy } = await this.policyOf(s.tenantId, m);
      const number = await this.repo.number(s.tenantId, numberId, m);
      if (!number) throw new CaseError('NUMBER_NOT_FOUND', '没有找到这个号码，请重新验证');
      this.checkNumberCanRegister(number, tenant);

      const documents = await this.documentsIn(m, c);
      const status = caseDocumentStatus(c, documents);
      if (status.missing.length > 0) {
        throw new CaseError(
          'DOCUMENTS_MISSING',
          `还缺少：${status.missing.map(documentLabel).join('、')}`,
          { missing: status.missing },
        );
      }
      this.checkPhotoQuality(c, documents, status.staleIds, capturePolicy);
      const applicant = this.applicantOf(c);
      if (
        !applicant ||
        (c.applicantType === 'proxy' && !applicant.proxyIdNumber) ||
        (c.applicantType === 'enterprise' && !applicant.enterpriseName)
      ) {
        throw new CaseError('APPLICANT_MISSING', '请先填写机主姓名和身份证号码');
      }
      if (!c.consentVersion)
        throw new CaseError('CONSENT_MISSING', '请先阅读并同意《身份证照片处理单独同意书》');
      if (c.consentVersion !== tenant.consentVersion) {
        throw new CaseError('CONSENT_MISSING', '同意书已更新，请重新阅读并同意后再提交', {
          currentVersion: tenant.consentVersion,
        });
      }
      const parsed = parseIdNumber(applicant.idNumber);
      if (!parsed.ok) throw new CaseError('APPLICANT_MISSING', parsed.message);
      const age = checkApplicantAge(parsed.value, policy, new Date());
      if (!age.ok) throw new CaseError(age.code, age.message);
      const quota = await this.identityQuota(c, policy, m);
      if (!quota.ok) {
        const q = checkIdentityQuota(quota.count, policy);
        throw new CaseError('IDENTITY_QUOTA_EXCEEDED', q.ok ? '' : q.message, {
          count: quota.count,
          limit: quota.limit,
        });
      }

      const now = new Date();
      const updated = await this.repo.update(m, s.tenantId, c.id, {
        state: next.value,
        submittedAt: now,
        queuedAt: now,
        leaseAgentId: null,
        leaseExpiresAt: null,
      });
      await this.audit.append(m, {
        ...this.actor(s),
        action: `case.${event}`,
        targetType: 'case',
        targetId: c.id,
        detail: { from: c.state, to: next.value },
      });
      const response = await this.subscriberView(updated, m);
      await this.idempotency.insert(m, s.tenantId, scope, key, requestHash, response);
      return response;
    });
    // Tests only (SHIMING_FAULT): committed, but the answer never leaves.
    faultPoint(this.config.fault, 'after-submit-commit');
    return answer;
  }

  /**
   * Under a tenant whose capture policy blocks, a required photo in force whose capture checks
   * failed stops the submission: 422 PHOTO_QUALITY_FAILED naming each photo and its failed checks.
   */
  private checkPhotoQuality(
    c: CaseRecord,
    documents: DocumentRecord[],
    staleIds: Set<string>,
    capturePolicy: CapturePolicy,
  ): void {
    const required = new Set<string>(requiredDocuments(c.applicantType));
    const failing = documents.filter(
      (d) =>
        required.has(d.kind) &&
        !staleIds.has(d.id) &&
        qualityBlocksSubmission(d.quality, capturePolicy),
    );
    if (failing.length === 0) return;
    throw new CaseError(
      'PHOTO_QUALITY_FAILED',
      `${failing.map((d) => documentLabel(d.kind)).join('、')}不合格，请按提示重拍后再提交`,
      {
        documents: failing.map((d) => ({
          kind: d.kind,
          checks: (d.quality?.checks ?? []).filter((k) => k.verdict === 'fail').map((k) => k.code),
        })),
      },
    );
  }

  async withdraw(s: SubscriberPrincipal, caseId: string): Promise<SubscriberCase> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.repo.findForNumber(s.tenantId, this.numberIdOf(s), caseId, m, true);
      if (!c) throw new CaseError('CASE_NOT_FOUND', NOT_FOUND);
      const next = transitionCase(c.state, 'withdraw');
      if (!next.ok) throw new CaseError('ILLEGAL_TRANSITION', next.message);
      const updated = await this.repo.update(m, s.tenantId, c.id, {
        state: next.value,
        leaseAgentId: null,
        leaseExpiresAt: null,
      });
      await this.audit.append(m, {
        ...this.actor(s),
        action: 'case.withdraw',
        targetType: 'case',
        targetId: c.id,
        detail: { from: c.state },
      });
      return this.subscriberView(updated, m);
    });
  }
}
