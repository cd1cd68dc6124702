import { fail, ok, type Result } from './result';

/**
 * Verification codes printed on the carrier's notices (SMS, call script, letter),
 * which a subscriber types into "is this notice real?". Six characters from an
 * alphabet without the look-alikes 0/O, 1/I/L and without U/V (read aloud the
 * same on a phone line): 29^6 ≈ 595 million codes.
 */
export const NOTICE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const NOTICE_CODE_LENGTH = 6;

const TYPED_SEPARATORS = /[\s\-_.·—–]+/g;

/**
 * Normalises what a subscriber typed: full-width characters, lower case,
 * spaces and dashes are tolerated. Look-alike letters that are not in the
 * alphabet are refused rather than guessed, so a mistyped code never matches
 * someone else's notice.
 */
export function normalizeNoticeCode(input: string): Result<string, 'EMPTY' | 'FORMAT'> {
  const text = input
    .replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(TYPED_SEPARATORS, '')
    .toUpperCase();
  if (text === '') return fail('EMPTY', '请输入通知上的验证码。');
  const valid =
    text.length === NOTICE_CODE_LENGTH &&
    [...text].every((char) => NOTICE_CODE_ALPHABET.includes(char));
  if (!valid) {
    return fail(
      'FORMAT',
      `验证码是 ${NOTICE_CODE_LENGTH} 位字母或数字（不含 0、1、O、I、L、U、V），请核对后再输入。`,
    );
  }
  return ok(text);
}

/**
 * A new code. `randomIndex(n)` must return a uniformly random integer in
 * [0, n) from a cryptographic source (node:crypto randomInt in the API).
 */
export function generateNoticeCode(randomIndex: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < NOTICE_CODE_LENGTH; i++) {
    code += NOTICE_CODE_ALPHABET.charAt(randomIndex(NOTICE_CODE_ALPHABET.length));
  }
  return code;
}
