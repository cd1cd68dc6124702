import { defineErrors } from '../../common/errors/app-error';

export const TenantError = defineErrors('tenants', {
  TENANT_NOT_FOUND: 404,
  INVALID_POLICY: 400,
  INVALID_CAPTURE_POLICY: 400,
  INVALID_BRANDING: 400,
  CONSENT_VERSION_UNCHANGED: 409,
  /** A stored policy the domain refuses: a data fault, never the caller's. */
  STORED_POLICY_INVALID: 500,
});
