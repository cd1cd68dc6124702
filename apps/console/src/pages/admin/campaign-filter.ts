import {
  SELECTABLE_STATES,
  type CampaignFilterInput,
  type CampaignReport,
} from '../../domains/campaigns/schemas';
import { UNREGISTERED_KINDS } from '../../lib/domain';
import { SERVICE_STATE_LABELS } from '../../lib/labels';
import { regionLabel } from '../../lib/region-label';

/** The state's word in a campaign: an active one is active but not registered. */
export const CAMPAIGN_STATE_LABELS: Record<string, string> = {
  active: '正常使用（未实名）',
  single_stop: SERVICE_STATE_LABELS['single_stop']?.text ?? '单停',
  double_stop: SERVICE_STATE_LABELS['double_stop']?.text ?? '双停',
};

export const kindLabel = (k: string): string =>
  k in UNREGISTERED_KINDS ? UNREGISTERED_KINDS[k as keyof typeof UNREGISTERED_KINDS].label : k;

const ORDER: readonly string[] = SELECTABLE_STATES;

/** The filter in one line: "单停、双停 · 临时账户 · 兴义市（522301） · 7 天内将升级". */
export function describeFilter(f: CampaignReport['filter']): string {
  const parts = [
    [...f.states]
      .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))
      .map((s) => CAMPAIGN_STATE_LABELS[s] ?? s)
      .join('、'),
    f.kinds ? f.kinds.map(kindLabel).join('、') : '全部未实名类型',
    f.regionCodes ? f.regionCodes.map(regionLabel).join('、') : '全部地区',
  ];
  if (f.maxDaysToEscalation !== null) parts.push(`${f.maxDaysToEscalation} 天内将升级停机`);
  return parts.join(' · ');
}

/** The same filter always makes the same object (and query key): empty means "any", arrays sorted. */
export function canonicalFilter(v: {
  states?: string[];
  kinds?: string[];
  regionCodes?: string[];
  maxDaysToEscalation?: number | null;
}): CampaignFilterInput {
  const f: CampaignFilterInput = {};
  if (v.states?.length) f.states = [...v.states].sort() as CampaignFilterInput['states'];
  if (v.kinds?.length) f.kinds = [...v.kinds].sort() as CampaignFilterInput['kinds'];
  if (v.regionCodes?.length) f.regionCodes = [...v.regionCodes].sort();
  if (typeof v.maxDaysToEscalation === 'number') f.maxDaysToEscalation = v.maxDaysToEscalation;
  return f;
}
