import { defineErrors } from '../errors/app-error';

export const AuthError = defineErrors('auth', {
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  NUMBER_NOT_PROVEN: 403,
  ROLE_REQUIRED: 403,
});
