import { applyTransition, type Transition } from './state-machine';
import type { Result } from './result';

/**
 * A number's service state. single_stop (单停): can receive calls only.
 * double_stop (双停): can neither call nor receive. cancelled (销号): the
 * number is gone and may be recycled. lift_pending: registration approved,
 * the carrier's provisioning system has been asked to restore service (复机).
 */
export type ServiceState = 'active' | 'single_stop' | 'double_stop' | 'cancelled' | 'lift_pending';
export type ServiceEvent =
  | 'suspend_single'
  | 'suspend_double'
  | 'escalate_to_double'
  | 'cancel'
  | 'request_lift'
  | 'confirm_lift'
  | 'lift_failed';

/**
 * The only moves a number's service state can make. lift_failed has two rows:
 * the number goes back to the stop it was in before the lift was requested.
 */
export const SERVICE_TRANSITIONS: ReadonlyArray<Transition<ServiceState, ServiceEvent>> = [
  { from: 'active', event: 'suspend_single', to: 'single_stop' },
  { from: 'active', event: 'suspend_double', to: 'double_stop' },
  { from: 'single_stop', event: 'escalate_to_double', to: 'double_stop' },
  { from: 'double_stop', event: 'cancel', to: 'cancelled' },
  { from: 'single_stop', event: 'request_lift', to: 'lift_pending' },
  { from: 'double_stop', event: 'request_lift', to: 'lift_pending' },
  { from: 'lift_pending', event: 'confirm_lift', to: 'active' },
  { from: 'lift_pending', event: 'lift_failed', to: 'single_stop' },
  { from: 'lift_pending', event: 'lift_failed', to: 'double_stop' },
];

const SERVICE_STATE_TITLES: Record<ServiceState, string> = {
  active: '正常使用',
  single_stop: '单向停机',
  double_stop: '双向停机',
  cancelled: '已销号',
  lift_pending: '正在恢复',
};

export interface ServiceTransitionContext {
  /** For lift_failed: the state the number was in before request_lift. Required then. */
  previous?: ServiceState;
}

/**
 * The state after `event`, or ILLEGAL_TRANSITION. lift_pending does not
 * remember where it came from, so lift_failed needs `ctx.previous` (the
 * caller keeps it in the number's history) and is refused without it.
 */
export function transitionService(
  from: ServiceState,
  event: ServiceEvent,
  ctx: ServiceTransitionContext = {},
): Result<ServiceState, 'ILLEGAL_TRANSITION'> {
  const refusal = `号码当前状态（${SERVICE_STATE_TITLES[from]}）不能进行此操作。`;
  return applyTransition(SERVICE_TRANSITIONS, from, event, refusal, (targets) =>
    targets.length > 1 ? targets.find((to) => to === ctx.previous) : targets[0],
  );
}

export interface ServiceStateDescription {
  title: string;
  canReceiveCalls: boolean;
  canCall: boolean;
  canSms: boolean;
  canData: boolean;
  /** Plain words for an elderly subscriber. */
  explanation: string;
}

const DESCRIPTIONS: Record<ServiceState, Omit<ServiceStateDescription, 'title'>> = {
  active: {
    canReceiveCalls: true,
    canCall: true,
    canSms: true,
    canData: true,
    explanation: '您的号码已经实名登记，可以正常打电话、发短信和上网。',
  },
  single_stop: {
    canReceiveCalls: true,
    canCall: false,
    canSms: false,
    canData: false,
    explanation:
      '因为号码还没有实名登记，现在只能接电话，不能打电话、发短信和上网。完成实名登记后会恢复正常。',
  },
  double_stop: {
    canReceiveCalls: false,
    canCall: false,
    canSms: false,
    canData: false,
    explanation:
      '因为号码还没有实名登记，现在既不能打电话也不能接电话。请尽快完成实名登记，逾期号码会被注销。',
  },
  cancelled: {
    canReceiveCalls: false,
    canCall: false,
    canSms: false,
    canData: false,
    explanation: '号码因长期未实名登记已被注销，不能再使用。如有疑问请拨打运营商客服热线。',
  },
  lift_pending: {
    canReceiveCalls: false,
    canCall: false,
    canSms: false,
    canData: false,
    explanation: '实名登记已通过，正在为您恢复通话，一般几分钟内完成，请稍候。',
  },
};

/**
 * What a state means for the subscriber. lift_pending is described as the
 * worst case (nothing works yet) because the previous stop still applies
 * until the carrier confirms.
 */
export function serviceStateDescription(state: ServiceState): ServiceStateDescription {
  return { title: SERVICE_STATE_TITLES[state], ...DESCRIPTIONS[state] };
}
