import { OTHER_OPERATOR_SEGMENTS, carrierOfMobile, type Carrier } from './carrier';
import { toAsciiDigits } from './characters';
import { fail, ok, type Result } from './result';

export type LineType = 'mobile' | 'fixed';
export type PhoneErrorCode = 'EMPTY' | 'FORMAT' | 'UNKNOWN_PREFIX' | 'AREA_CODE';

export interface ParsedPhone {
  /** Canonical: 11-digit mobile, or a fixed line as area code + '-' + local number ('0859-3221234'). */
  value: string;
  lineType: LineType;
  /** Mobile numbers of the three carriers only. */
  carrier?: Carrier;
  areaCode?: string;
}

const SEPARATORS = /[\s\-()（）\u2010-\u2015\uFF0D]+/;
const COUNTRY_CODE = /^[(（]?(?:\+|00)86[)）]?/;
/** Beijing 010 and the 02x cities have three-digit area codes; all others have four. */
const THREE_DIGIT_AREA = /^0(?:10|2\d)/;
const FOUR_DIGIT_AREA = /^0[3-9]\d\d$/;
const LOCAL_NUMBER = /^[2-9]\d{6,7}$/;

const MESSAGES: Record<PhoneErrorCode, string> = {
  EMPTY: '请填写电话号码。',
  FORMAT: '电话号码格式不对：手机号是1开头的11位数字，座机号请写成“区号-号码”，如 0859-3221234。',
  UNKNOWN_PREFIX: '这个手机号的号段不存在，请核对号码。',
  AREA_CODE: '座机号码请带上区号，写成“区号-号码”，如 0859-3221234。',
};

function reject(code: PhoneErrorCode): Result<ParsedPhone, PhoneErrorCode> {
  return fail(code, MESSAGES[code]);
}

function parseMobile(digits: string): Result<ParsedPhone, PhoneErrorCode> {
  const carrier = carrierOfMobile(digits);
  if (carrier) return ok({ value: digits, lineType: 'mobile', carrier });
  return OTHER_OPERATOR_SEGMENTS.has(digits.slice(0, 3))
    ? ok({ value: digits, lineType: 'mobile' })
    : reject('UNKNOWN_PREFIX');
}

function parseFixed(areaCode: string, local: string): Result<ParsedPhone, PhoneErrorCode> {
  const areaOk = THREE_DIGIT_AREA.test(areaCode)
    ? areaCode.length === 3
    : FOUR_DIGIT_AREA.test(areaCode);
  if (!areaOk) return reject('AREA_CODE');
  if (!LOCAL_NUMBER.test(local)) return reject('FORMAT');
  return ok({ value: `${areaCode}-${local}`, lineType: 'fixed', areaCode });
}

/**
 * A mainland mobile or fixed-line number, as people type it: +86 or 0086 in
 * front, spaces, dashes, brackets and full-width digits are all fine. A fixed
 * line needs its area code: split off by a separator ('0859-3221234',
 * '(0859) 3221234'), or else recognised by its length (010 and 02x: three
 * digits, all others four).
 */
export function parsePhoneNumber(input: string): Result<ParsedPhone, PhoneErrorCode> {
  const text = toAsciiDigits(input).trim();
  if (text === '') return reject('EMPTY');
  const national = text.replace(COUNTRY_CODE, '');
  const groups = national.split(SEPARATORS).filter((group) => group !== '');
  const digits = groups.join('');
  if (!/^\d+$/.test(digits)) return reject('FORMAT');
  if (/^1\d{10}$/.test(digits)) return parseMobile(digits);

  // After +86 a fixed line drops the trunk 0 of its area code: +86 859 3221234.
  const trunk = national !== text && /^[2-9]/.test(digits) ? '0' : '';
  const number = trunk + digits;
  if (LOCAL_NUMBER.test(number)) return reject('AREA_CODE');
  if (!number.startsWith('0')) return reject('FORMAT');
  const explicitLocal = groups.slice(1).join('');
  const areaLength =
    groups.length === 2
      ? number.length - explicitLocal.length
      : THREE_DIGIT_AREA.test(number)
        ? 3
        : 4;
  return parseFixed(number.slice(0, areaLength), number.slice(areaLength));
}
