/**
 * Characters that must never reach a record: they are invisible, reorder the
 * text around them, or are control codes. Rejected, never silently dropped, so
 * that what is stored is exactly what the person saw.
 */
export const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

// Each code point is matched on its own, which is the point: the combining ones
// (U+034F, variation selectors) are what an attacker would hide after a letter.
export const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class
  /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200D\u2060-\u2064\u206A-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E01EF}]/u;

// Matching control characters is the purpose of this pattern.
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

/**
 * A value quoted back to a person (a refusal's reason, a report cell): every hidden character
 * (control, invisible, bidi) written out as [U+XXXX], so they can see why text that looks right
 * was refused and nothing reorders the message around it; cut at `max` characters.
 */
export function showHidden(text: string, max = 40): string {
  const chars = Array.from(text);
  const shown = chars
    .slice(0, max)
    .map((c) =>
      CONTROL.test(c) || INVISIBLE.test(c) || BIDI_CONTROL.test(c)
        ? `[U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}]`
        : c,
    )
    .join('');
  return chars.length > max ? `${shown}…` : shown;
}

const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;

/** '１２３' → '123'; other characters are left alone. */
export function toAsciiDigits(text: string): string {
  return text.replace(FULL_WIDTH_DIGIT, (digit) =>
    String.fromCharCode(digit.charCodeAt(0) - 0xfee0),
  );
}

/** Length in Unicode code points, so '𠀋' counts as one character. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}
