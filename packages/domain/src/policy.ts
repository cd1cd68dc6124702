import { parseCalendarDate } from './dates';
import { fail, ok, type Result } from './result';

/** The rules one carrier × region tenant sets for itself. */
export interface TenantPolicy {
  /** Unicom does not accept proxies ("the system records one identity"); Mobile and Telecom do. */
  proxyAllowed: boolean;
  enterpriseAllowed: boolean;
  /** Telecom's `40#姓名#身份证号码` to 10001. */
  smsChannelEnabled: boolean;
  /** YYYY-MM-DD when single-stopped numbers move to double stop; null: not scheduled. */
  singleToDoubleDate: string | null;
  /** Days a number stays double-stopped before it is cancelled. */
  doubleToCancelGraceDays: number;
  /** Numbers one identity may hold at this carrier; the national ceiling is 5. */
  perIdentityLimit: number;
  minAge: number;
  /** Resubmission requests per case before it must be decided. */
  resubmissionCap: number;
  /** Days ID photos are kept after a case is closed. */
  retentionDays: number;
}

export const NATIONAL_IDENTITY_LIMIT = 5;

export const DEFAULT_POLICY: TenantPolicy = {
  proxyAllowed: true,
  enterpriseAllowed: true,
  smsChannelEnabled: false,
  singleToDoubleDate: null,
  doubleToCancelGraceDays: 30,
  perIdentityLimit: NATIONAL_IDENTITY_LIMIT,
  minAge: 16,
  resubmissionCap: 3,
  retentionDays: 180,
};

type Check = (value: unknown) => boolean;

const isBoolean: Check = (value) => typeof value === 'boolean';
const integerIn =
  (min: number, max: number): Check =>
  (value) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const isDateOrNull: Check = (value) =>
  value === null || (typeof value === 'string' && parseCalendarDate(value) !== undefined);

const FIELDS: Record<keyof TenantPolicy, [Check, string]> = {
  proxyAllowed: [isBoolean, '必须是 true 或 false'],
  enterpriseAllowed: [isBoolean, '必须是 true 或 false'],
  smsChannelEnabled: [isBoolean, '必须是 true 或 false'],
  singleToDoubleDate: [isDateOrNull, '必须是 YYYY-MM-DD 格式的日期或 null'],
  doubleToCancelGraceDays: [integerIn(0, 3650), '必须是 0 到 3650 之间的整数'],
  perIdentityLimit: [
    integerIn(1, NATIONAL_IDENTITY_LIMIT),
    `必须是 1 到 ${NATIONAL_IDENTITY_LIMIT} 之间的整数`,
  ],
  minAge: [integerIn(0, 18), '必须是 0 到 18 之间的整数'],
  resubmissionCap: [integerIn(0, 20), '必须是 0 到 20 之间的整数'],
  retentionDays: [integerIn(1, 3650), '必须是 1 到 3650 之间的整数'],
};

/**
 * Checks a policy read from configuration or an admin form: every field
 * present with a sensible value, and no unknown field (a misspelt key must not
 * silently fall back to a default). The message names the field, for admins.
 */
export function validatePolicy(input: unknown): Result<TenantPolicy, 'INVALID_POLICY'> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('INVALID_POLICY', '运营商策略必须是一个对象。');
  }
  const record = input as Record<string, unknown>;
  const unknownField = Object.keys(record).find((key) => !(key in FIELDS));
  if (unknownField !== undefined)
    return fail('INVALID_POLICY', `运营商策略中有未知字段 ${unknownField}。`);
  for (const [field, [check, rule]] of Object.entries(FIELDS)) {
    if (!(field in record)) return fail('INVALID_POLICY', `运营商策略缺少字段 ${field}。`);
    if (!check(record[field])) return fail('INVALID_POLICY', `运营商策略字段 ${field} ${rule}。`);
  }
  return ok(record as unknown as TenantPolicy);
}
