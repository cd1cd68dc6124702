import type { ApplicantType } from './documents';
import { ageAt, type ParsedIdNumber } from './id-number';
import type { TenantPolicy } from './policy';
import { fail, ok, type Result } from './result';
import type { ServiceState } from './service-state';

/**
 * Whether this tenant accepts this way of registering. The message says why
 * not and what the subscriber can do instead; `carrierName` (e.g. '黔西南联通')
 * makes it read naturally.
 */
export function applicantTypeAllowed(
  type: ApplicantType,
  policy: TenantPolicy,
  carrierName = '本运营商',
): Result<true, 'PROXY_NOT_ALLOWED' | 'ENTERPRISE_NOT_ALLOWED'> {
  if (type === 'proxy' && !policy.proxyAllowed) {
    return fail(
      'PROXY_NOT_ALLOWED',
      `${carrierName}不支持他人代办实名登记，请机主本人在线办理，或机主本人带上身份证到营业厅办理。`,
    );
  }
  if (type === 'enterprise' && !policy.enterpriseAllowed) {
    return fail(
      'ENTERPRISE_NOT_ALLOWED',
      `${carrierName}暂不支持在线办理单位号码实名登记，请带上营业执照、单位介绍信和使用人身份证到营业厅办理。`,
    );
  }
  return ok(true);
}

/**
 * One identity may hold at most `policy.perIdentityLimit` numbers at a carrier.
 * `currentCount`: numbers this identity already holds or has an open case for
 * at this carrier, not counting the one being registered.
 */
export function checkIdentityQuota(
  currentCount: number,
  policy: TenantPolicy,
): Result<true, 'IDENTITY_QUOTA_EXCEEDED'> {
  if (currentCount < policy.perIdentityLimit) return ok(true);
  return fail(
    'IDENTITY_QUOTA_EXCEEDED',
    `按规定，同一张身份证在本运营商最多登记${policy.perIdentityLimit}个号码，您已登记${currentCount}个。请先注销不再使用的号码，或拨打客服热线咨询。`,
  );
}

/** The applicant must have reached `policy.minAge` on `today`. */
export function checkApplicantAge(
  parsed: ParsedIdNumber,
  policy: TenantPolicy,
  today: Date,
): Result<true, 'UNDERAGE'> {
  if (ageAt(parsed.birthDate, today) >= policy.minAge) return ok(true);
  return fail(
    'UNDERAGE',
    `未满${policy.minAge}周岁不能在线办理，请由监护人带上本人户口簿和身份证到营业厅办理。`,
  );
}

/**
 * Whether a number can still be registered online: a cancelled one cannot (the message names the
 * carrier's `hotline`), a registered one needs nothing more. Checked when a case is created or
 * submitted, and for a draft that outlived its number (escalation cancelled it, or the billing
 * export registered it since) before it takes any more ID photos or an ID number.
 */
export function checkNumberOpenForRegistration(
  number: { state: ServiceState; registered: boolean },
  hotline: string,
): Result<true, 'NUMBER_CANCELLED' | 'NUMBER_ALREADY_REGISTERED'> {
  if (number.state === 'cancelled') {
    return fail(
      'NUMBER_CANCELLED',
      `这个号码已经销号，不能在线办理实名登记。如有疑问请拨打客服热线 ${hotline}。`,
    );
  }
  if (number.registered) {
    return fail('NUMBER_ALREADY_REGISTERED', '这个号码已经完成实名登记，不需要再办理');
  }
  return ok(true);
}
