import { defineErrors } from '../../common/errors/app-error';

export const AgentError = defineErrors('agents', {
  BAD_CREDENTIALS: 401,
  AGENT_NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  CANNOT_CHANGE_OWN_ACCESS: 409,
  ROLE_NOT_ASSIGNABLE: 403,
  RATE_LIMITED: 429,
});
