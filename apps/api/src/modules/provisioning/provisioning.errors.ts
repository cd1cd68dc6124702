import { defineErrors } from '../../common/errors/app-error';

export const ProvisioningError = defineErrors('provisioning', {
  SIGNATURE_INVALID: 401,
  IDEMPOTENCY_KEY_MISSING: 400,
  TENANT_UNKNOWN: 404,
});
