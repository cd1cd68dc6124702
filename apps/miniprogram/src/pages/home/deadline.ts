import type { TenantPolicy } from '@shiming/domain';

/** The tenant's deadline and what happens after it, in plain words. */
export function deadlineText(policy: TenantPolicy, today: Date): string {
  const after = `停机后超过 ${policy.doubleToCancelGraceDays} 天仍未登记的号码会被注销，不能再用。`;
  if (!policy.singleToDoubleDate) {
    return `没有实名登记的号码会被停机：先是只能接电话，然后打、接电话都不行。${after}`;
  }
  const [y, m, d] = policy.singleToDoubleDate.split('-').map(Number);
  const date = `${y}年${m}月${d}日`;
  const passed = policy.singleToDoubleDate < today.toISOString().slice(0, 10);
  return passed
    ? `从${date}起，没有实名登记的号码已经不能打电话，也不能接电话。${after}请尽快办理。`
    : `请在${date}前办理。到期还没有实名登记的号码，将不能打电话，也不能接电话。${after}`;
}
