import { defineErrors } from '../../common/errors/app-error';

/** Errors of the review console. Messages are for agents (Chinese). */
export const ReviewError = defineErrors('review', {
  CASE_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  LIFT_NOT_FOUND: 404,
  LEASE_NOT_HELD: 409,
  STALE_DECISION: 409,
  ILLEGAL_TRANSITION: 409,
  LIFT_NOT_DEAD: 409,
  APPLICANT_MISSING: 422,
  RESUBMISSION_CAP_REACHED: 422,
  IDENTITY_QUOTA_EXCEEDED: 422,
  URL_EXPIRED: 403,
  URL_INVALID: 403,
});

export const CASE_NOT_FOUND_MESSAGE = '申请不存在';
