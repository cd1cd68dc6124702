import type {
  ApplicantType,
  Carrier,
  CaseState,
  DocumentKind,
  RejectionReason,
  ResubmissionReason,
} from '@shiming/domain';

/**
 * What a reviewer's "resubmit" decision writes into registration_case.resubmission (jsonb).
 * `requestedAt` (ISO time) separates the photos to redo (uploaded before it) from the redone ones.
 */
export interface StoredResubmission {
  items: Array<{ reason: ResubmissionReason; document?: DocumentKind }>;
  /** The agent's message to the subscriber (may be empty). */
  message: string;
  requestedAt: string;
}

/** What a reviewer's "reject" decision writes into registration_case.rejection (jsonb). */
export interface StoredRejection {
  reason: RejectionReason;
  message: string;
}

/**
 * A row of registration_case. Personal fields stay ciphertext here (aad `case:<tenant>:<case>:<field>`);
 * CasesService.applicantOf() opens them. (Types only: the repositories speak SQL.)
 */
export interface CaseRecord {
  tenantId: string;
  id: string;
  numberId: string;
  openid: string | null;
  applicantType: ApplicantType;
  state: CaseState;
  version: number;
  nameEnc: Buffer | null;
  idNumberEnc: Buffer | null;
  idHash: Buffer | null;
  proxyNameEnc: Buffer | null;
  proxyIdNumberEnc: Buffer | null;
  proxyIdHash: Buffer | null;
  enterpriseName: string | null;
  organizationCode: string | null;
  carrier: Carrier | null;
  idCarrierHash: Buffer | null;
  consentVersion: string | null;
  consentedAt: Date | null;
  resubmissionCount: number;
  resubmission: StoredResubmission | null;
  rejection: StoredRejection | null;
  leaseAgentId: string | null;
  leaseExpiresAt: Date | null;
  submittedAt: Date | null;
  queuedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  source: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The personal fields of a case, decrypted (never logged, never sent unmasked but by the audited reveal). */
export interface CaseApplicant {
  name: string;
  idNumber: string;
  proxyName: string | null;
  proxyIdNumber: string | null;
  enterpriseName: string | null;
  organizationCode: string | null;
}
