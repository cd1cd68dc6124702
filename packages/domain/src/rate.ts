/** The national targets (2016-09-23 notice): 96% by the end of October, 100% by the end of the year. */
export const TARGETS = { byOctoberEnd: 0.96, byYearEnd: 1 } as const;

export interface NumberCounts {
  registered: number;
  singleStop: number;
  doubleStop: number;
  cancelled: number;
}

/**
 * Real-name rate: registered numbers over numbers still in service
 * (registered + single stop + double stop). Cancelled numbers have left the
 * base and count on neither side. With no numbers at all the rate is 1:
 * nothing is unregistered.
 */
export function realNameRate(counts: NumberCounts): number {
  const inService = counts.registered + counts.singleStop + counts.doubleStop;
  return inService === 0 ? 1 : counts.registered / inService;
}
