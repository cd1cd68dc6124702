import { z } from 'zod';
import type { UnregisteredKind } from '../../lib/domain';

/** The states a reminder can still help (a cancelled number cannot be registered any more). */
export const SELECTABLE_STATES = ['active', 'single_stop', 'double_stop'] as const;
export type SelectableState = (typeof SELECTABLE_STATES)[number];

export const campaignStatusSchema = z.enum(['ready', 'running', 'paused', 'done', 'cancelled']);
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;

const channelCounts = z.object({ sent: z.number(), failed: z.number(), unknown: z.number() });

/** docs/API.md CampaignReport: progress and the report in one. */
export const campaignReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: campaignStatusSchema,
  filter: z.object({
    states: z.array(z.string()),
    kinds: z.array(z.string()).nullable(),
    regionCodes: z.array(z.string()).nullable(),
    maxDaysToEscalation: z.number().nullable(),
  }),
  ratePerSecond: z.number(),
  total: z.number(),
  /** sent + failed + skipped + unknown */
  done: z.number(),
  counts: z.object({
    pending: z.number(),
    sending: z.number(),
    sent: z.number(),
    failed: z.number(),
    skipped: z.number(),
    unknown: z.number(),
  }),
  byChannel: z.object({ wechat: channelCounts, sms: channelCounts }),
  failedByReason: z.record(z.string(), z.number()),
  skippedByReason: z.record(z.string(), z.number()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type CampaignReport = z.infer<typeof campaignReportSchema>;
export const campaignListSchema = z.array(campaignReportSchema);

export const campaignPreviewSchema = z.object({
  total: z.number(),
  byState: z.object({ active: z.number(), single_stop: z.number(), double_stop: z.number() }),
  /** The same filter without its regions, per region code (null: none on file). */
  byRegion: z.array(z.object({ regionCode: z.string().nullable(), count: z.number() })),
});
export type CampaignPreview = z.infer<typeof campaignPreviewSchema>;

/** Which numbers: left out or empty means "any". */
export interface CampaignFilterInput {
  states?: SelectableState[];
  kinds?: UnregisteredKind[];
  regionCodes?: string[];
  maxDaysToEscalation?: number;
}
export interface CreateCampaignInput extends CampaignFilterInput {
  name: string;
  ratePerSecond?: number;
}
