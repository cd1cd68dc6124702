import { applyTransition, type Transition } from './state-machine';
import type { Result } from './result';

/** A registration case, from the subscriber's draft to the agent's decision. */
export type CaseState =
  | 'draft'
  | 'submitted'
  | 'in_review'
  | 'needs_resubmission'
  | 'approved'
  | 'rejected'
  | 'withdrawn';
export type CaseEvent =
  | 'submit'
  | 'claim'
  | 'release'
  | 'lease_expired'
  | 'approve'
  | 'request_resubmission'
  | 'reject'
  | 'resubmit'
  | 'withdraw';

/**
 * The only moves a case can make. An agent claims a submitted case (a lease);
 * releasing it or letting the lease run out puts it back in the queue. The
 * subscriber may withdraw at any point before a decision, even while an agent
 * holds it. approved, rejected and withdrawn are final.
 */
export const CASE_TRANSITIONS: ReadonlyArray<Transition<CaseState, CaseEvent>> = [
  { from: 'draft', event: 'submit', to: 'submitted' },
  { from: 'draft', event: 'withdraw', to: 'withdrawn' },
  { from: 'submitted', event: 'claim', to: 'in_review' },
  { from: 'submitted', event: 'withdraw', to: 'withdrawn' },
  { from: 'in_review', event: 'release', to: 'submitted' },
  { from: 'in_review', event: 'lease_expired', to: 'submitted' },
  { from: 'in_review', event: 'approve', to: 'approved' },
  { from: 'in_review', event: 'request_resubmission', to: 'needs_resubmission' },
  { from: 'in_review', event: 'reject', to: 'rejected' },
  { from: 'in_review', event: 'withdraw', to: 'withdrawn' },
  { from: 'needs_resubmission', event: 'resubmit', to: 'submitted' },
  { from: 'needs_resubmission', event: 'withdraw', to: 'withdrawn' },
];

const CASE_STATE_TITLES: Record<CaseState, string> = {
  draft: '未提交',
  submitted: '等待审核',
  in_review: '审核中',
  needs_resubmission: '需要补交材料',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export function caseStateTitle(state: CaseState): string {
  return CASE_STATE_TITLES[state];
}

export function transitionCase(
  from: CaseState,
  event: CaseEvent,
): Result<CaseState, 'ILLEGAL_TRANSITION'> {
  return applyTransition(
    CASE_TRANSITIONS,
    from,
    event,
    `申请当前状态（${CASE_STATE_TITLES[from]}）不能进行此操作。`,
  );
}

const OPEN_STATES: ReadonlySet<CaseState> = new Set([
  'submitted',
  'in_review',
  'needs_resubmission',
]);

/**
 * An open case is a request the carrier is handling: it holds the number (no
 * second case for it) and counts toward the identity's quota. A draft is not
 * open: nothing has been asked yet, and abandoned drafts must block nothing.
 */
export function isCaseOpen(state: CaseState): boolean {
  return OPEN_STATES.has(state);
}
