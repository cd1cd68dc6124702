import { z } from 'zod';

export const statsSchema = z.object({
  queueDepth: z.number().int(),
  /** 0 when the queue is empty. */
  oldestWaitingSeconds: z.number().nullable(),
  perAgent: z.array(
    z.object({
      agent: z.object({
        id: z.string(),
        username: z.string().nullable(),
        displayName: z.string().nullable(),
      }),
      decisionsLastHour: z.number().int(),
      decisionsToday: z.number().int(),
    }),
  ),
  /** Shares (0..1) of today's decisions, China time; 0 when there were none. */
  rates: z.object({ approved: z.number(), resubmit: z.number(), rejected: z.number() }),
  /** The counts behind the rates. */
  decisionsToday: z.object({
    approved: z.number().int(),
    resubmit: z.number().int(),
    rejected: z.number().int(),
  }),
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
