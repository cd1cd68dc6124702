import { z } from 'zod';

export const serviceStateSchema = z.enum([
  'active',
  'single_stop',
  'double_stop',
  'cancelled',
  'lift_pending',
]);
export const caseStateSchema = z.enum([
  'draft',
  'submitted',
  'in_review',
  'needs_resubmission',
  'approved',
  'rejected',
  'withdrawn',
]);
export const applicantTypeSchema = z.enum(['self', 'proxy', 'enterprise']);
const checkSchema = z.enum(['ok', 'fail']);

export const qualityVerdictSchema = z.enum(['pass', 'warn', 'fail']);
/** The quality checks the API ran on a photo at upload (issue 8). Codes unknown to us still show. */
export const documentQualitySchema = z.object({
  verdict: qualityVerdictSchema,
  checks: z.array(
    z.object({
      code: z.string(),
      score: z.number(),
      threshold: z.number(),
      verdict: qualityVerdictSchema,
      message: z.string(),
    }),
  ),
});
export type DocumentQuality = z.infer<typeof documentQualitySchema>;

/** What the API found for the agent to look at: photo quality, duplicate photos, OCR against the typed values. */
export const caseFlagSchema = z.object({
  code: z.string(),
  severity: z.enum(['warning', 'critical']),
  documentId: z.string().optional(),
  message: z.string(),
  suggestedReason: z.string().optional(),
  relatedCaseIds: z.array(z.string()).optional(),
});
export type CaseFlag = z.infer<typeof caseFlagSchema>;

export const consoleCaseSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  state: caseStateSchema,
  applicantType: applicantTypeSchema,
  phone: z.string(),
  numberState: serviceStateSchema,
  numberHistory: z.array(
    z.object({ at: z.string(), from: z.string().nullable(), to: z.string(), cause: z.string() }),
  ),
  applicant: z
    .object({
      nameMasked: z.string(),
      idNumberMasked: z.string(),
      age: z.number().nullable(),
      sex: z.string().nullable(),
      region: z.string().nullable(),
    })
    .nullable(),
  checks: z.object({
    idNumber: checkSchema,
    age: checkSchema,
    quota: z.object({ count: z.number().int(), limit: z.number().int(), ok: z.boolean() }),
  }),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      url: z.string(),
      uploadedAt: z.string(),
      flags: z.array(z.string()),
      quality: documentQualitySchema.nullable().optional(),
    }),
  ),
  /** Absent from an API before issue 8. */
  flags: z.array(caseFlagSchema).default([]),
  lease: z.object({ agentId: z.string(), expiresAt: z.string() }).nullable(),
  resubmissionCount: z.number().int(),
  submittedAt: z.string().nullable(),
});
export type ConsoleCase = z.infer<typeof consoleCaseSchema>;
export type ConsoleDocument = ConsoleCase['documents'][number];

export const revealSchema = z.object({ name: z.string(), idNumber: z.string() });
export type Revealed = z.infer<typeof revealSchema>;

export const auditActorSchema = z.object({
  type: z.string(),
  /** Agent id, WeChat openid (subscriber), or the process for system/cli. */
  id: z.string(),
  /** The agent's username; null for everyone else. */
  username: z.string().nullable(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditEntrySchema = z.object({
  at: z.string(),
  actor: auditActorSchema,
  action: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable().optional(),
});
export const auditTrailSchema = z.array(auditEntrySchema);
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export type DecisionInput =
  | { decision: 'approve'; version: number }
  | {
      decision: 'resubmit';
      version: number;
      items: { reason: string; document?: string }[];
      message: string;
    }
  | { decision: 'reject'; version: number; rejectionReason: string; message?: string };
