import { DEFAULT_POLICY, NATIONAL_IDENTITY_LIMIT, validatePolicy } from './policy';

describe('validatePolicy', () => {
  it('should accept the default policy when nothing is changed', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY })).toEqual({ ok: true, value: DEFAULT_POLICY });
  });

  it('should accept a Unicom-like policy when proxies are off and a date is set', () => {
    const policy = {
      ...DEFAULT_POLICY,
      proxyAllowed: false,
      singleToDoubleDate: '2016-11-01',
      perIdentityLimit: 3,
    };
    expect(validatePolicy(policy)).toEqual({ ok: true, value: policy });
  });

  it.each([null, 'policy', 42, [DEFAULT_POLICY]])(
    'should reject %j when it is not an object',
    (input) => {
      expect(validatePolicy(input)).toEqual({
        ok: false,
        code: 'INVALID_POLICY',
        message: expect.any(String),
      });
    },
  );

  it('should name the field when one is missing', () => {
    const { minAge: _minAge, ...rest } = DEFAULT_POLICY;
    expect(validatePolicy(rest)).toMatchObject({
      ok: false,
      message: expect.stringContaining('minAge'),
    });
  });

  it('should name the field when an unknown key is present', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, proxyAlowed: true })).toMatchObject({
      ok: false,
      message: expect.stringContaining('proxyAlowed'),
    });
  });

  it.each([
    ['proxyAllowed', 'yes'],
    ['smsChannelEnabled', 1],
    ['singleToDoubleDate', '2016-02-30'],
    ['singleToDoubleDate', 20161101],
    ['doubleToCancelGraceDays', -1],
    ['doubleToCancelGraceDays', 1.5],
    ['perIdentityLimit', NATIONAL_IDENTITY_LIMIT + 1],
    ['perIdentityLimit', 0],
    ['minAge', 19],
    ['resubmissionCap', '3'],
    ['retentionDays', 0],
    ['retentionDays', Number.NaN],
  ])('should reject %s = %j when it is out of range', (field, value) => {
    expect(validatePolicy({ ...DEFAULT_POLICY, [field]: value })).toMatchObject({
      ok: false,
      code: 'INVALID_POLICY',
      message: expect.stringContaining(field),
    });
  });
});
