import { z } from 'zod';
import { roleSchema } from '../../api/session';
import {
  validateCapturePolicy,
  validatePolicy,
  type CapturePolicy,
  type TenantPolicy,
} from '../../lib/domain';

export const carrierSchema = z.enum(['mobile', 'unicom', 'telecom']);

/** The admin's policy answer: the tenant policy and, under `capture`, the capture rules (issue 8). */
export type AdminPolicy = TenantPolicy & { capture?: CapturePolicy };

/**
 * GET/PUT /api/console/admin/policy, checked at the edge by the domain's own rules, as the API
 * checks them: the tenant policy by validatePolicy, its `capture` by validateCapturePolicy
 * (absent from an API before issue 8).
 */
export const adminPolicySchema = z.unknown().transform((value, ctx): AdminPolicy => {
  const isRecord = typeof value === 'object' && value !== null && !Array.isArray(value);
  const { capture, ...rest } = isRecord ? (value as Record<string, unknown>) : {};
  const checked = validatePolicy(isRecord ? rest : value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  if (capture === undefined) return checked.value;
  const captureChecked = validateCapturePolicy(capture);
  if (!captureChecked.ok) {
    ctx.addIssue({ code: 'custom', message: captureChecked.message });
    return z.NEVER;
  }
  return { ...checked.value, capture: captureChecked.value };
});

export const brandingSchema = z.object({
  code: z.string(),
  carrier: carrierSchema,
  region: z.string(),
  displayName: z.string(),
  officialAccountName: z.string(),
  hotline: z.string(),
  logoUrl: z.string().nullable(),
  primaryColor: z.string(),
  accentColor: z.string(),
  /** Shown read-only here; edited on the policy page. */
  policy: z.unknown(),
  consent: z.object({ version: z.string(), title: z.string(), text: z.string() }),
});
export type Branding = z.infer<typeof brandingSchema>;
/** PUT body: Branding minus code, carrier and policy. A changed consent text needs a new version. */
export type BrandingInput = Pick<
  Branding,
  | 'displayName'
  | 'officialAccountName'
  | 'hotline'
  | 'logoUrl'
  | 'primaryColor'
  | 'accentColor'
  | 'region'
  | 'consent'
>;

export const consoleAgentSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type ConsoleAgent = z.infer<typeof consoleAgentSchema>;
export const agentListSchema = z.array(consoleAgentSchema);
export interface CreateAgentInput {
  username: string;
  displayName: string;
  role: ConsoleAgent['role'];
  password: string;
}
export interface UpdateAgentInput {
  displayName?: string;
  role?: ConsoleAgent['role'];
  password?: string;
  disabled?: boolean;
}

const countsSchema = z.object({
  registered: z.number(),
  singleStop: z.number(),
  doubleStop: z.number(),
  cancelled: z.number(),
});
export const dashboardSchema = z.object({
  current: countsSchema.extend({
    rate: z.number(),
    /** Active (or being lifted) but not registered: outside the rate, worth knowing. */
    unregisteredActive: z.number(),
    total: z.number(),
  }),
  series: z.array(countsSchema.extend({ date: z.string(), rate: z.number() })),
  targets: z.object({ byOctoberEnd: z.number(), byYearEnd: z.number() }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
