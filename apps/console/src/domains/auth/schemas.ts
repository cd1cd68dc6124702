import { z } from 'zod';
import { agentSchema } from '../../api/session';

export const loginResponseSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  agent: agentSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;
export { agentSchema };
