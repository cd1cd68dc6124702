import { defineErrors } from '../../common/errors/app-error';

export const NoticeError = defineErrors('notices', {
  QUERY_REQUIRED: 400,
  TENANT_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  BAD_FILE: 400,
  BAD_HEADER: 400,
});
