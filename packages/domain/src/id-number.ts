import { BIDI_CONTROL, CONTROL, INVISIBLE, toAsciiDigits } from './characters';
import { chinaDate, parseCalendarDate } from './dates';
import { findRegion, type Region } from './regions';
import { fail, ok, type Result } from './result';

/** Resident identity card numbers, GB 11643-1999. */
export type IdNumberErrorCode =
  | 'EMPTY'
  | 'INVISIBLE_CHARACTER'
  | 'LEGACY_15_DIGIT'
  | 'LENGTH'
  | 'FORMAT'
  | 'CHECKSUM'
  | 'BIRTH_DATE_INVALID'
  | 'BIRTH_DATE_FUTURE'
  | 'BIRTH_DATE_TOO_OLD'
  | 'REGION_UNKNOWN';

export interface ParsedIdNumber {
  /** Normalised: 18 characters, upper-case X. */
  value: string;
  regionCode: string;
  region: Region;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
}

export interface ParseIdNumberOptions {
  /** The day the number is checked against (birth date not after it); defaults to now. */
  today?: Date;
}

/** Nobody alive is older; an older birth date is a typo or a made-up number. */
export const MAX_AGE_YEARS = 130;

/**
 * Codes of a whole province are not county codes, so no identity card carries
 * them, except the residence permits of Hong Kong, Macao and Taiwan residents.
 */
const RESIDENCE_PERMIT_REGIONS = new Set(['810000', '820000', '830000']);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const ORDINARY_SPACES = /[ \u00A0\u3000]/g;

/**
 * Full-width digits and Ｘ become ASCII, lower-case x becomes X, spaces (ASCII,
 * no-break, ideographic) are removed. Invisible characters are kept, so that
 * parseIdNumber can refuse them.
 */
export function normalizeIdNumber(input: string): string {
  return toAsciiDigits(input)
    .replace(ORDINARY_SPACES, '')
    .replace(/[xＸｘ]/g, 'X');
}

/** ISO 7064 MOD 11-2 check character of the first 17 digits ('X' stands for 10). */
export function computeIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('computeIdCheckCharacter needs 17 digits');
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/** Completed years of age at `at` (China's calendar date); a 29 February birthday falls on 1 March. */
export function ageAt(birthDate: string, at: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const [atYear, atMonth, atDay] = chinaDate(at).split('-').map(Number) as [number, number, number];
  const hadBirthday = atMonth > month || (atMonth === month && atDay >= day);
  return atYear - year - (hadBirthday ? 0 : 1);
}

const MESSAGES: Record<IdNumberErrorCode, string> = {
  EMPTY: '请填写身份证号码。',
  INVISIBLE_CHARACTER: '身份证号码里有看不见的特殊字符，请清空后手动重新输入，不要复制粘贴。',
  LEGACY_15_DIGIT: '这是旧的15位身份证号码，请填写第二代身份证上的18位号码。',
  LENGTH: '身份证号码应为18位，请对照身份证核对位数。',
  FORMAT: '身份证号码只能是数字，最后一位可以是字母X，请核对。',
  CHECKSUM: '身份证号码不正确，请对照身份证逐位核对。',
  BIRTH_DATE_INVALID: '身份证号码中的出生日期不存在，请核对第7到14位。',
  BIRTH_DATE_FUTURE: '身份证号码中的出生日期晚于今天，请核对第7到14位。',
  BIRTH_DATE_TOO_OLD: '身份证号码中的出生年份过早，请核对第7到14位。',
  REGION_UNKNOWN: '身份证号码前6位的地区代码不存在，请核对。',
};

function reject(code: IdNumberErrorCode): Result<ParsedIdNumber, IdNumberErrorCode> {
  return fail(code, MESSAGES[code]);
}

function knownRegion(code: string): Region | undefined {
  const isProvince = code.endsWith('0000');
  return isProvince && !RESIDENCE_PERMIT_REGIONS.has(code) ? undefined : findRegion(code);
}

/**
 * Checks, in the order a subscriber can act on: something typed at all, no
 * hidden characters, only digits and X, 18 of them, the check character
 * (catches most typos), then a real birth date not in the future and a region
 * code that exists or existed.
 */
export function parseIdNumber(
  input: string,
  opts: ParseIdNumberOptions = {},
): Result<ParsedIdNumber, IdNumberErrorCode> {
  const value = normalizeIdNumber(input);
  if (value === '') return reject('EMPTY');
  if (INVISIBLE.test(value) || BIDI_CONTROL.test(value) || CONTROL.test(value)) {
    return reject('INVISIBLE_CHARACTER');
  }
  if (!/^[\dX]+$/.test(value)) return reject('FORMAT');
  if (/^\d{15}$/.test(value)) return reject('LEGACY_15_DIGIT');
  if (value.length !== 18) return reject('LENGTH');
  if (!/^\d{17}[\dX]$/.test(value)) return reject('FORMAT');
  if (computeIdCheckCharacter(value.slice(0, 17)) !== value.charAt(17)) return reject('CHECKSUM');

  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!parseCalendarDate(birthDate)) return reject('BIRTH_DATE_INVALID');
  const today = opts.today ?? new Date();
  if (birthDate > chinaDate(today)) return reject('BIRTH_DATE_FUTURE');
  if (ageAt(birthDate, today) > MAX_AGE_YEARS) return reject('BIRTH_DATE_TOO_OLD');

  const regionCode = value.slice(0, 6);
  const region = knownRegion(regionCode);
  if (!region) return reject('REGION_UNKNOWN');

  const sex = Number(value.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return ok({ value, regionCode, region, birthDate, sex });
}
