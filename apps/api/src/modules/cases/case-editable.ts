import { transitionCase, type CaseState } from '@shiming/domain';

/**
 * A case takes new documents, applicant data and consent exactly when the subscriber can
 * (re)submit it next: draft (submit) or needs_resubmission (resubmit). Derived from the
 * domain's state machine, not a second list.
 */
export function isCaseEditable(state: CaseState): boolean {
  return transitionCase(state, 'submit').ok || transitionCase(state, 'resubmit').ok;
}
