import { apiCommand, apiRequest } from '../../api/client';
import { agentSchema, loginResponseSchema } from './schemas';

export interface LoginInput {
  username: string;
  password: string;
}

export const login = (input: LoginInput) =>
  apiRequest('/console/login', loginResponseSchema, {
    method: 'POST',
    body: input,
    anonymous: true,
  });

export const logout = () => apiCommand('/console/logout');

export const fetchMe = () => apiRequest('/console/me', agentSchema);
