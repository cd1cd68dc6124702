import { BIDI_CONTROL, CONTROL, INVISIBLE, codePointLength } from './characters';
import { fail, ok, type Result } from './result';

export type NameErrorCode =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'INVISIBLE_CHARACTER'
  | 'CONTROL_CHARACTER'
  | 'BIDI_CONTROL'
  | 'MIXED_SCRIPT'
  | 'INVALID_CHARACTER';

/** Long minority names written in Han with dots run past 20 characters; 100 leaves room. */
export const MAX_NAME_LENGTH = 100;

export const MIDDLE_DOT = '\u00B7';

/** ・ • ． ‧ ･ ∙ ⋅ typed for the middle dot of names such as 阿依古丽·买买提. */
const MIDDLE_DOT_VARIANTS = /[\u30FB\u2022\uFF0E\u2027\uFF65\u2219\u22C5]/g;
const EDGE_SPACES = /^[ \t\r\n\u3000]+|[ \t\r\n\u3000]+$/g;

type Script = 'han' | 'latin' | 'cyrillic' | 'greek';

/** Latin letters, with the accented ones of Latin-1 and Latin Extended-A/B (no × ÷). */
const LATIN_LETTER = '[A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F]';
const SEPARATORS = new Set([MIDDLE_DOT, ' ', '\u3000', '-']);

const SCRIPTS: ReadonlyArray<[Script, RegExp]> = [
  ['han', /^\p{Script=Han}$/u],
  ['latin', new RegExp(`^${LATIN_LETTER}$`, 'u')],
  ['cyrillic', /^\p{Script=Cyrillic}$/u],
  ['greek', /^\p{Script=Greek}$/u],
];

/** Han characters (any plane), single middle dots between parts. */
const HAN_NAME = /^\p{Script=Han}+(?:\u00B7\p{Script=Han}+)*$/u;
/** Latin letters as on a foreigner's permanent residence card, single spaces or hyphens between parts. */
const LATIN_NAME = new RegExp(`^${LATIN_LETTER}+(?:[ -]${LATIN_LETTER}+)*$`, 'u');

const MESSAGES: Record<NameErrorCode, string> = {
  EMPTY: '请填写姓名。',
  TOO_LONG: `姓名太长了，最多${MAX_NAME_LENGTH}个字，请按身份证填写。`,
  INVISIBLE_CHARACTER: '姓名里有看不见的特殊字符，请清空后手动重新输入，不要复制粘贴。',
  CONTROL_CHARACTER: '姓名里有换行等特殊字符，请清空后手动重新输入。',
  BIDI_CONTROL: '姓名里有改变文字方向的特殊字符，请清空后手动重新输入。',
  MIXED_SCRIPT: '姓名里混用了不同的文字（例如外形相似的外文字母），请按身份证重新输入。',
  INVALID_CHARACTER:
    '姓名只能包含汉字和间隔号“·”（外国人可用证件上的英文字母和空格），不能有数字或符号，请按身份证填写。',
};

function reject(code: NameErrorCode): Result<string, NameErrorCode> {
  return fail(code, MESSAGES[code]);
}

function scriptsOf(text: string): Set<Script | 'other'> {
  const found = new Set<Script | 'other'>();
  for (const char of text) {
    if (SEPARATORS.has(char)) continue;
    const script = SCRIPTS.find(([, pattern]) => pattern.test(char));
    found.add(script ? script[0] : 'other');
  }
  return found;
}

/**
 * A subscriber's name as on the identity document: Han characters (including
 * CJK Extension B and beyond, counted as one character each) with middle dots
 * between parts, or the Latin letters of a foreigner's name with single spaces.
 * Returns the name NFC-normalised, trimmed, with dot look-alikes turned into
 * U+00B7, and spaces inside a Han name removed. Hidden characters, mixed
 * scripts (Cyrillic А in "Аlice"), digits and symbols are refused; that also
 * keeps out SQL, HTML and spreadsheet formulas (=, +, -, @ first).
 */
export function validateName(input: string): Result<string, NameErrorCode> {
  const name = input
    .normalize('NFC')
    .replace(EDGE_SPACES, '')
    .replace(MIDDLE_DOT_VARIANTS, MIDDLE_DOT);
  if (name === '') return reject('EMPTY');
  if (BIDI_CONTROL.test(name)) return reject('BIDI_CONTROL');
  if (INVISIBLE.test(name)) return reject('INVISIBLE_CHARACTER');
  if (CONTROL.test(name)) return reject('CONTROL_CHARACTER');
  if (codePointLength(name) > MAX_NAME_LENGTH) return reject('TOO_LONG');

  const scripts = scriptsOf(name);
  if (scripts.has('other')) return reject('INVALID_CHARACTER');
  if (scripts.size > 1) return reject('MIXED_SCRIPT');
  if (scripts.has('han')) {
    const han = name.replace(/[ \u3000]+/g, '');
    return HAN_NAME.test(han) ? ok(han) : reject('INVALID_CHARACTER');
  }
  const latin = name.replace(/ +/g, ' ');
  return LATIN_NAME.test(latin) ? ok(latin) : reject('INVALID_CHARACTER');
}
