import { z } from 'zod';

export const statsSchema = z.object({
  queueDepth: z.number().int(),
  oldestWaitingSeconds: z.number().nullable(),
  perAgent: z.array(
    z.object({ agent: z.string(), decisionsLastHour: z.number(), decisionsToday: z.number() }),
  ),
  rates: z.object({ approved: z.number(), resubmit: z.number(), rejected: z.number() }),
  liftPending: z.number().int(),
  deadLetters: z.array(
    z.object({
      id: z.string(),
      phone: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type Stats = z.infer<typeof statsSchema>;
