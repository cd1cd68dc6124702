import { defineErrors } from '../../common/errors/app-error';

/** Answers to the SMS gateway (not to subscribers: they get an SMS reply). */
export const SmsChannelError = defineErrors('sms-channel', {
  SIGNATURE_INVALID: 401,
  MESSAGE_STALE: 401,
  TENANT_NOT_FOUND: 404,
  NOT_CONFIGURED: 503,
});
