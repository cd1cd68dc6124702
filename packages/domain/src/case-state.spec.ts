import {
  CASE_TRANSITIONS,
  caseStateTitle,
  isCaseOpen,
  transitionCase,
  type CaseEvent,
  type CaseState,
} from './case-state';

const STATES: CaseState[] = [
  'draft',
  'submitted',
  'in_review',
  'needs_resubmission',
  'approved',
  'rejected',
  'withdrawn',
];
const EVENTS: CaseEvent[] = [
  'submit',
  'claim',
  'release',
  'lease_expired',
  'approve',
  'request_resubmission',
  'reject',
  'resubmit',
  'withdraw',
];

describe('transitionCase', () => {
  it.each(CASE_TRANSITIONS.map((t) => [t.from, t.event, t.to]))(
    'should move %s on %s to %s when the table allows it',
    (from, event, to) => {
      expect(transitionCase(from, event)).toEqual({ ok: true, value: to });
    },
  );

  it('should go round the resubmission loop when an agent asks for a better photo', () => {
    let state: CaseState = 'draft';
    for (const event of [
      'submit',
      'claim',
      'request_resubmission',
      'resubmit',
      'claim',
      'approve',
    ] as const) {
      const next = transitionCase(state, event);
      if (!next.ok) throw new Error(next.message);
      state = next.value;
    }
    expect(state).toBe('approved');
  });

  it('should refuse every move not in the table when tried from any state', () => {
    const inTable = new Set(CASE_TRANSITIONS.map((t) => `${t.from}/${t.event}`));
    for (const from of STATES) {
      for (const event of EVENTS.filter((e) => !inTable.has(`${from}/${e}`))) {
        expect(transitionCase(from, event)).toEqual({
          ok: false,
          code: 'ILLEGAL_TRANSITION',
          message: expect.stringContaining(caseStateTitle(from)),
        });
      }
    }
  });

  it.each(['approved', 'rejected', 'withdrawn'] as const)(
    'should keep %s final when any event arrives',
    (state) => {
      for (const event of EVENTS) expect(transitionCase(state, event).ok).toBe(false);
    },
  );

  it('should refuse a second approval when two agents race on the same case', () => {
    expect(transitionCase('approved', 'approve').ok).toBe(false);
    expect(transitionCase('submitted', 'approve').ok).toBe(false);
  });
});

describe('isCaseOpen', () => {
  it.each([
    ['draft', false],
    ['submitted', true],
    ['in_review', true],
    ['needs_resubmission', true],
    ['approved', false],
    ['rejected', false],
    ['withdrawn', false],
  ] as const)('should say %s is open: %s', (state, open) => {
    expect(isCaseOpen(state)).toBe(open);
  });
});
