/**
 * The console's one door to @shiming/domain. The rules (reason codes and
 * their texts, the resubmission message, policy validation, targets) are the
 * domain's; this file only shapes them for the widgets.
 */
import {
  composeResubmissionMessage,
  DOCUMENT_KINDS,
  REJECTION_REASONS,
  RESUBMISSION_REASONS,
  type DocumentKind,
  type ResubmissionItem,
  type ResubmissionReason,
} from '@shiming/domain';

export { DEFAULT_POLICY, TARGETS, validatePolicy, type TenantPolicy } from '@shiming/domain';
export { DEFAULT_CAPTURE_POLICY, validateCapturePolicy, type CapturePolicy } from '@shiming/domain';
export {
  findRegion,
  looksLikeFormula,
  spreadsheetSafeCell,
  UNREGISTERED_KINDS,
  type UnregisteredKind,
} from '@shiming/domain';
export type { DocumentKind, ResubmissionItem, ResubmissionReason };

export interface ReasonOption<R extends string = string> {
  value: R;
  label: string;
  subscriberText: string;
}

const options = <R extends string>(
  r: Record<R, { label: string; subscriberText: string }>,
): ReasonOption<R>[] =>
  (Object.keys(r) as R[]).map((value) => ({
    value,
    label: r[value].label,
    subscriberText: r[value].subscriberText,
  }));

export const resubmissionReasonOptions = options(RESUBMISSION_REASONS);
export const rejectionReasonOptions = options(REJECTION_REASONS);

export function isDocumentKind(kind: string): kind is DocumentKind {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, kind);
}

/** The domain's label for a document kind; an unknown kind (a newer API) shows its code. */
export function documentKindLabel(kind: string): string {
  return isDocumentKind(kind) ? DOCUMENT_KINDS[kind].label : kind;
}

/** The message to the subscriber, or '' while nothing is picked. */
export function composeMessage(items: ResubmissionItem[]): string {
  return items.length === 0 ? '' : composeResubmissionMessage(items);
}

/**
 * Which resubmission reasons the form offers for a document (or, with null,
 * for the application as a whole). Offering "非本人手持" under the ID's back or
 * "照片模糊" for the form only slows the agent down. This is a choice of the
 * form, not a rule: the API accepts any reason with any document.
 */
const PHOTO_REASONS: ResubmissionReason[] = ['blurry', 'glare', 'cropped', 'wrong_document'];
export function resubmissionReasonsFor(
  kind: DocumentKind | null,
): ReasonOption<ResubmissionReason>[] {
  const allowed = (r: ResubmissionReason): boolean => {
    if (kind === null) return !PHOTO_REASONS.includes(r) && r !== 'not_the_holder';
    const info = DOCUMENT_KINDS[kind];
    switch (r) {
      case 'not_the_holder':
        return kind === 'id_handheld';
      case 'letter_missing_or_unsigned':
        return kind === 'authorization_letter';
      case 'document_expired':
      case 'name_id_mismatch':
        return info.isIdCard;
      default:
        return true;
    }
  };
  return resubmissionReasonOptions.filter((o) => allowed(o.value));
}
