import type {
  ApplicantType,
  CaseState,
  DocumentKind,
  DocumentQuality,
  ServiceState,
} from '@shiming/domain';
import type { CaseFlag } from '../case-flags';

/** ConsoleCase of docs/API.md: what an agent sees of a case, masked. */
export interface ConsoleCase {
  id: string;
  version: number;
  state: CaseState;
  applicantType: ApplicantType;
  phone: string;
  numberState: ServiceState;
  numberHistory: Array<{ at: string; from: ServiceState | null; to: ServiceState; cause: string }>;
  applicant: {
    nameMasked: string;
    idNumberMasked: string;
    age: number | null;
    sex: 'male' | 'female' | null;
    region: string | null;
  } | null;
  checks: {
    idNumber: 'ok' | 'fail';
    age: 'ok' | 'fail';
    quota: { count: number; limit: number; ok: boolean };
  };
  documents: Array<{
    id: string;
    kind: DocumentKind;
    url: string;
    uploadedAt: string;
    flags: string[];
    /** Capture checks at upload (ID photos), null for other kinds. */
    quality: DocumentQuality | null;
  }>;
  /** What the console points out (quality, duplicates, OCR…), critical first. */
  flags: CaseFlag[];
  lease: { agentId: string; expiresAt: string } | null;
  resubmissionCount: number;
  submittedAt: string | null;
}

export interface RevealedApplicant {
  name: string;
  idNumber: string;
}
