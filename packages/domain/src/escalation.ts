import { addDays, chinaDate, daysBetween } from './dates';
import type { TenantPolicy } from './policy';
import type { ServiceState } from './service-state';

export interface Escalation {
  to: ServiceState;
  /** YYYY-MM-DD, the day it takes effect. */
  date: string;
  /** Whole days from today; 0 when the date is today or already past (the next run applies it). */
  daysLeft: number;
}

function escalation(to: ServiceState, date: string, today: Date): Escalation {
  return { to, date, daysLeft: Math.max(0, daysBetween(chinaDate(today), date)) };
}

/**
 * The next scheduled step for an unregistered number, or null when none is
 * scheduled: single stop moves to double stop on the tenant's date; double
 * stop is cancelled `doubleToCancelGraceDays` after the day it started
 * (`stoppedDoubleOn`, YYYY-MM-DD). Other states never escalate.
 */
export function nextEscalation(
  state: ServiceState,
  policy: TenantPolicy,
  stoppedDoubleOn: string | null,
  today: Date,
): Escalation | null {
  if (state === 'single_stop' && policy.singleToDoubleDate !== null) {
    return escalation('double_stop', policy.singleToDoubleDate, today);
  }
  if (state === 'double_stop' && stoppedDoubleOn !== null) {
    return escalation('cancelled', addDays(stoppedDoubleOn, policy.doubleToCancelGraceDays), today);
  }
  return null;
}
