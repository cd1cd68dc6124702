import { z } from 'zod';

/** POST /api/console/admin/imports: the counts and the first refused rows (numbers masked). */
export const importResultSchema = z.object({
  tenant: z.string(),
  read: z.number(),
  accepted: z.number(),
  /** New numbers. */
  inserted: z.number(),
  /** Numbers whose state, kind or region changed. */
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  stateChanges: z.number(),
  bytes: z.number(),
  rejectedSample: z.array(z.object({ line: z.number(), number: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;
export type RejectedRow = ImportResult['rejectedSample'][number];
