import {
  applicantTypeAllowed,
  checkApplicantAge,
  checkIdentityQuota,
  checkNumberOpenForRegistration,
} from './eligibility';
import { parseIdNumber, type ParsedIdNumber } from './id-number';
import { DEFAULT_POLICY } from './policy';
import { makeIdNumber } from './testing/id-numbers';

const TODAY = new Date('2016-11-01T10:00:00+08:00');

function person(birthDate: string): ParsedIdNumber {
  const parsed = parseIdNumber(makeIdNumber('522301', birthDate, '001'), { today: TODAY });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('applicantTypeAllowed', () => {
  const unicom = { ...DEFAULT_POLICY, proxyAllowed: false, enterpriseAllowed: false };

  it('should allow the owner when any policy applies', () => {
    expect(applicantTypeAllowed('self', unicom)).toEqual({ ok: true, value: true });
  });

  it('should allow a proxy and an enterprise when the carrier accepts them', () => {
    expect(applicantTypeAllowed('proxy', DEFAULT_POLICY).ok).toBe(true);
    expect(applicantTypeAllowed('enterprise', DEFAULT_POLICY).ok).toBe(true);
  });

  it('should refuse a proxy and say what to do instead when the carrier records one identity only', () => {
    expect(applicantTypeAllowed('proxy', unicom, '黔西南联通')).toEqual({
      ok: false,
      code: 'PROXY_NOT_ALLOWED',
      message: expect.stringMatching(/^黔西南联通不支持他人代办.*营业厅/),
    });
  });

  it('should refuse an enterprise and name the papers for the store when the carrier does not take them online', () => {
    expect(applicantTypeAllowed('enterprise', unicom)).toEqual({
      ok: false,
      code: 'ENTERPRISE_NOT_ALLOWED',
      message: expect.stringMatching(/^本运营商.*营业执照/),
    });
  });
});

describe('checkIdentityQuota', () => {
  it('should allow a fifth number when the identity holds four', () => {
    expect(checkIdentityQuota(4, DEFAULT_POLICY)).toEqual({ ok: true, value: true });
  });

  it('should refuse a sixth number when the identity already holds five', () => {
    expect(checkIdentityQuota(5, DEFAULT_POLICY)).toEqual({
      ok: false,
      code: 'IDENTITY_QUOTA_EXCEEDED',
      message: expect.stringContaining('最多登记5个号码'),
    });
  });

  it('should follow a stricter carrier limit when the tenant sets one', () => {
    expect(checkIdentityQuota(2, { ...DEFAULT_POLICY, perIdentityLimit: 2 }).ok).toBe(false);
  });
});

describe('checkApplicantAge', () => {
  it('should accept the applicant when the sixteenth birthday is today', () => {
    expect(checkApplicantAge(person('2000-11-01'), DEFAULT_POLICY, TODAY)).toEqual({
      ok: true,
      value: true,
    });
  });

  it('should refuse the applicant and send a guardian to the store when the birthday is tomorrow', () => {
    expect(checkApplicantAge(person('2000-11-02'), DEFAULT_POLICY, TODAY)).toEqual({
      ok: false,
      code: 'UNDERAGE',
      message: expect.stringContaining('监护人'),
    });
  });
});

describe('checkNumberOpenForRegistration', () => {
  it('should refuse a cancelled number and name the hotline', () => {
    const r = checkNumberOpenForRegistration({ state: 'cancelled', registered: false }, '10086');
    expect(r).toEqual({
      ok: false,
      code: 'NUMBER_CANCELLED',
      message: expect.stringContaining('客服热线 10086'),
    });
  });

  it('should refuse a number that is registered already', () => {
    expect(
      checkNumberOpenForRegistration({ state: 'active', registered: true }, '10086'),
    ).toMatchObject({
      ok: false,
      code: 'NUMBER_ALREADY_REGISTERED',
    });
  });

  it('should accept a stopped or active unregistered number', () => {
    for (const state of ['active', 'single_stop', 'double_stop'] as const)
      expect(checkNumberOpenForRegistration({ state, registered: false }, '10086')).toEqual({
        ok: true,
        value: true,
      });
  });
});
