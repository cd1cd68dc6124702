import {
  DEFAULT_CAPTURE_POLICY,
  maskIdNumber,
  maskName,
  maskPhone,
  REJECTION_REASONS,
  requiredDocuments,
  RESUBMISSION_REASONS,
  type ApplicantType,
  type CapturePolicy,
  type CaseState,
  type DocumentKind,
  type ServiceState,
  type TenantPolicy,
} from '@shiming/domain';
import { DocumentQualityView, qualityView } from '../documents/capture-check';
import type { DocumentRecord } from '../documents/document.entity';
import type { CaseApplicant, CaseRecord } from './case.entity';

/** docs/API.md SubscriberCase. */
export interface SubscriberCase {
  id: string;
  state: CaseState;
  applicantType: ApplicantType;
  phone: string;
  requiredDocuments: DocumentKind[];
  documents: Array<{
    id: string;
    kind: DocumentKind;
    uploadedAt: string;
    stale: boolean;
    /** Capture checks at upload (ID photos), `blocking` under the tenant's quality mode. */
    quality: DocumentQualityView | null;
  }>;
  applicant: { nameMasked: string; idNumberMasked: string } | null;
  consentVersion: string | null;
  resubmission: {
    items: Array<{ reason: string; label: string; document?: DocumentKind }>;
    message: string;
    redo: DocumentKind[];
  } | null;
  rejection: { reason: string; label: string; message: string; hotline: string } | null;
  numberState: ServiceState;
  resubmissionsLeft: number;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface DocumentStatus {
  /** Kinds the reviewer asked to redo (empty unless the case awaits resubmission). */
  redo: DocumentKind[];
  /** Ids of current documents that must be redone (uploaded before the resubmission request). */
  staleIds: Set<string>;
  /** Required kinds with no current, non-stale document: what blocks a submission. */
  missing: DocumentKind[];
}

/**
 * Which documents count. While a case awaits resubmission, a document of a kind to redo that
 * was uploaded before the request is stale; a re-upload after it is not.
 */
export function caseDocumentStatus(
  c: Pick<CaseRecord, 'state' | 'applicantType' | 'resubmission'>,
  documents: DocumentRecord[],
): DocumentStatus {
  const awaiting = c.state === 'needs_resubmission' && c.resubmission !== null;
  const redo = awaiting
    ? [...new Set(c.resubmission?.items.flatMap((i) => (i.document ? [i.document] : [])) ?? [])]
    : [];
  const requestedAt = c.resubmission ? new Date(c.resubmission.requestedAt).getTime() : Number.NaN;
  const staleIds = new Set(
    documents
      .filter((d) => redo.includes(d.kind) && !(d.createdAt.getTime() > requestedAt))
      .map((d) => d.id),
  );
  const present = new Set(documents.filter((d) => !staleIds.has(d.id)).map((d) => d.kind));
  const missing = requiredDocuments(c.applicantType).filter((k) => !present.has(k));
  return { redo, staleIds, missing };
}

export interface SubscriberCaseInput {
  record: CaseRecord;
  /** The case's current (not superseded) documents. */
  documents: DocumentRecord[];
  /** Decrypted by CasesService.applicantOf(); masked here. */
  applicant: CaseApplicant | null;
  number: { phone: string; state: ServiceState };
  policy: TenantPolicy;
  /** For each document's `quality.blocking`; defaults to the default capture policy. */
  capturePolicy?: Pick<CapturePolicy, 'qualityMode'>;
  hotline: string;
}

/**
 * The subscriber's view of a case: everything personal masked. `label` of resubmission items
 * and of a rejection is the SUBSCRIBER's text from @shiming/domain (subscriberText), never the
 * console's terse label ("疑似冒用" is not something to show the person it is about).
 */
export function toSubscriberCase(i: SubscriberCaseInput): SubscriberCase {
  const c = i.record;
  const status = caseDocumentStatus(c, i.documents);
  const required = requiredDocuments(c.applicantType);
  const awaiting = c.state === 'needs_resubmission' && c.resubmission !== null;
  return {
    id: c.id,
    state: c.state,
    applicantType: c.applicantType,
    phone: maskPhone(i.number.phone),
    requiredDocuments: required,
    documents: i.documents
      .filter((d) => (required as string[]).includes(d.kind))
      .map((d) => ({
        id: d.id,
        kind: d.kind,
        uploadedAt: d.createdAt.toISOString(),
        stale: status.staleIds.has(d.id),
        quality: qualityView(d.quality, i.capturePolicy ?? DEFAULT_CAPTURE_POLICY),
      })),
    applicant: i.applicant
      ? {
          nameMasked: maskName(i.applicant.name),
          idNumberMasked: maskIdNumber(i.applicant.idNumber),
        }
      : null,
    consentVersion: c.consentVersion,
    resubmission:
      awaiting && c.resubmission
        ? {
            items: c.resubmission.items.map((it) => ({
              reason: it.reason,
              label:
                RESUBMISSION_REASONS[it.reason]?.subscriberText ??
                RESUBMISSION_REASONS.other.subscriberText,
              ...(it.document ? { document: it.document } : {}),
            })),
            message: c.resubmission.message,
            redo: status.redo,
          }
        : null,
    rejection:
      c.state === 'rejected' && c.rejection
        ? {
            reason: c.rejection.reason,
            label:
              REJECTION_REASONS[c.rejection.reason]?.subscriberText ??
              REJECTION_REASONS.other.subscriberText,
            message: c.rejection.message,
            hotline: i.hotline,
          }
        : null,
    numberState: i.number.state,
    resubmissionsLeft: Math.max(0, i.policy.resubmissionCap - c.resubmissionCount),
    createdAt: c.createdAt.toISOString(),
    submittedAt: c.submittedAt?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
  };
}
