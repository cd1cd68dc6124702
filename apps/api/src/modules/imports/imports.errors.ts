import { defineErrors } from '../../common/errors/app-error';

/** Failures that stop a whole import (nothing is written). Row problems are not errors: they go to the report. */
export const ImportError = defineErrors('imports', {
  TENANT_NOT_FOUND: 404,
  EMPTY_FILE: 400,
  BAD_HEADER: 400,
  BAD_FILE: 400,
  FILE_MISSING: 400,
});
export type ImportError = InstanceType<typeof ImportError>;
