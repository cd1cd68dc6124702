import { defineErrors } from '../../common/errors/app-error';

export const SmsError = defineErrors('sms', {
  SMS_UNAVAILABLE: 503,
});
