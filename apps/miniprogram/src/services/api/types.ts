/** Shapes that cross the wire, as docs/API.md states them. */
import type { ApplicantType, DocumentKind, TenantPolicy } from '@shiming/domain';

export type Carrier = 'mobile' | 'unicom' | 'telecom';

export interface Branding {
  code: string;
  carrier: Carrier;
  region: string;
  displayName: string;
  officialAccountName: string;
  hotline: string;
  logoUrl: string | null;
  primaryColor: string;
  accentColor: string;
  policy: TenantPolicy;
  consent: { version: string; title: string; text: string };
}

export interface TokenAnswer {
  token: string;
  expiresAt: string;
}

export interface SmsSent {
  resendAfterSeconds: number;
  expiresInSeconds: number;
}

export type NumberState = 'active' | 'single_stop' | 'double_stop' | 'cancelled' | 'lift_pending';

export interface NumberStatus {
  phone: string;
  lineType: 'mobile' | 'fixed';
  state: NumberState;
  description: {
    title: string;
    canReceiveCalls: boolean;
    canCall: boolean;
    canSms: boolean;
    canData: boolean;
    explanation: string;
  };
  unregisteredKind: 'temporary_account' | 'incomplete_data' | 'owner_differs' | 'group_card' | null;
  nextEscalation: { to: string; date: string; daysLeft: number } | null;
  registered: boolean;
}

export type CaseStateName =
  | 'draft'
  | 'submitted'
  | 'in_review'
  | 'needs_resubmission'
  | 'approved'
  | 'rejected'
  | 'withdrawn';

export type QualityVerdict = 'pass' | 'warn' | 'fail';
export type QualityCheckCode = 'blur' | 'glare' | 'framing' | 'resolution';

/** One check the API ran on a photo at upload (docs/API.md, issue 8). */
export interface QualityCheck {
  code: QualityCheckCode;
  score: number;
  threshold: number;
  verdict: QualityVerdict;
  /** In Chinese: what to do about it. */
  message: string;
}

/** The verdict on a photo: the worst of its checks. */
export interface PhotoQuality {
  verdict: QualityVerdict;
  checks: QualityCheck[];
  /** True when the tenant blocks submission on a failed photo (qualityMode 'block') and this one failed. */
  blocking?: boolean;
}

export interface CaseDocument {
  id: string;
  kind: DocumentKind;
  uploadedAt: string;
  stale: boolean;
  /** Absent for photos the API does not check (or checked before issue 8). */
  quality?: PhotoQuality | null;
}

export interface SubscriberCase {
  id: string;
  state: CaseStateName;
  applicantType: ApplicantType;
  phone: string;
  requiredDocuments: DocumentKind[];
  documents: CaseDocument[];
  applicant: { nameMasked: string; idNumberMasked: string } | null;
  consentVersion: string | null;
  resubmission: {
    items: { reason: string; label: string; document?: DocumentKind }[];
    message: string;
    redo: DocumentKind[];
  } | null;
  rejection: { reason: string; label: string; message: string; hotline: string } | null;
  numberState: NumberState;
  resubmissionsLeft: number;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface UploadedDocument {
  id: string;
  kind: DocumentKind;
  width: number;
  height: number;
  bytes: number;
  uploadedAt: string;
  quality?: PhotoQuality | null;
}

/** What the API read off the ID card (GET /api/cases/:id/ocr). Never logged, never stored. */
export interface OcrReading {
  status: 'disabled' | 'pending' | 'done' | 'failed';
  name?: string;
  /** Only present when it passed the domain's ID-number checks. */
  idNumber?: string;
  validFrom?: string;
  validUntil?: string;
}

export interface ApplicantInput {
  name: string;
  idNumber: string;
  proxyName?: string;
  proxyIdNumber?: string;
  enterpriseName?: string;
  organizationCode?: string;
}

export interface ApplicantSaved {
  nameMasked: string;
  idNumberMasked: string;
  age: number;
  sex: 'male' | 'female';
}

export interface NoticeCheck {
  genuine: boolean;
  hotline: string;
  channel?: 'sms' | 'call' | 'letter';
  sentAt?: string;
  advice: string;
}
