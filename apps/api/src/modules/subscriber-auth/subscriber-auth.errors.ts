import { defineErrors } from '../../common/errors/app-error';

export const SubscriberAuthError = defineErrors('subscriber-auth', {
  NUMBER_NOT_OURS: 404,
  NUMBER_CANNOT_RECEIVE_SMS: 409,
  RATE_LIMITED: 429,
  CODE_INVALID: 400,
  CODE_EXPIRED: 410,
  WECHAT_LOGIN_REQUIRED: 403,
});
