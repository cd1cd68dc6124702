import {
  SERVICE_TRANSITIONS,
  serviceStateDescription,
  transitionService,
  type ServiceEvent,
  type ServiceState,
} from './service-state';

const STATES: ServiceState[] = [
  'active',
  'single_stop',
  'double_stop',
  'cancelled',
  'lift_pending',
];
const EVENTS: ServiceEvent[] = [
  'suspend_single',
  'suspend_double',
  'escalate_to_double',
  'cancel',
  'request_lift',
  'confirm_lift',
  'lift_failed',
];

describe('transitionService', () => {
  it.each([
    ['active', 'suspend_single', 'single_stop'],
    ['active', 'suspend_double', 'double_stop'],
    ['single_stop', 'escalate_to_double', 'double_stop'],
    ['double_stop', 'cancel', 'cancelled'],
    ['single_stop', 'request_lift', 'lift_pending'],
    ['double_stop', 'request_lift', 'lift_pending'],
    ['lift_pending', 'confirm_lift', 'active'],
  ] as const)('should move %s on %s to %s when the table allows it', (from, event, to) => {
    expect(transitionService(from, event)).toEqual({ ok: true, value: to });
  });

  it.each(['single_stop', 'double_stop'] as const)(
    'should return to %s on lift_failed when that was the state before the lift',
    (previous) => {
      expect(transitionService('lift_pending', 'lift_failed', { previous })).toEqual({
        ok: true,
        value: previous,
      });
    },
  );

  it('should refuse lift_failed when the caller does not say where the number came from', () => {
    expect(transitionService('lift_pending', 'lift_failed')).toMatchObject({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
    });
    expect(transitionService('lift_pending', 'lift_failed', { previous: 'active' })).toMatchObject({
      ok: false,
    });
  });

  it('should refuse every move not in the table when tried from any state', () => {
    const inTable = new Set(SERVICE_TRANSITIONS.map((t) => `${t.from}/${t.event}`));
    for (const from of STATES) {
      for (const event of EVENTS.filter((e) => !inTable.has(`${from}/${e}`))) {
        expect(transitionService(from, event, { previous: 'single_stop' })).toEqual({
          ok: false,
          code: 'ILLEGAL_TRANSITION',
          message: expect.stringContaining('不能进行此操作'),
        });
      }
    }
  });

  it('should never leave cancelled when any event arrives', () => {
    for (const event of EVENTS) expect(transitionService('cancelled', event).ok).toBe(false);
  });
});

describe('serviceStateDescription', () => {
  it('should say a single-stopped number can still receive calls when suspended one way', () => {
    expect(serviceStateDescription('single_stop')).toMatchObject({
      title: '单向停机',
      canReceiveCalls: true,
      canCall: false,
      canSms: false,
      canData: false,
    });
  });

  it('should say a double-stopped number can do nothing when suspended both ways', () => {
    expect(serviceStateDescription('double_stop')).toMatchObject({
      canReceiveCalls: false,
      canCall: false,
    });
  });

  it.each(STATES)('should explain %s in Chinese when asked', (state) => {
    const description = serviceStateDescription(state);
    expect(description.title).toMatch(/\p{Script=Han}/u);
    expect(description.explanation).toMatch(/\p{Script=Han}/u);
  });

  it('should allow everything when the number is active', () => {
    expect(serviceStateDescription('active')).toMatchObject({
      canReceiveCalls: true,
      canCall: true,
      canSms: true,
      canData: true,
    });
  });
});
