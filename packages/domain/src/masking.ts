/**
 * Masking for every screen and log. When a value does not have the expected
 * shape, every character is hidden: a mask never leaks by falling through.
 */
const MASK = '*';

function hideAll(value: string): string {
  return MASK.repeat(Array.from(value).length);
}

/** '522301199001011234' → '5223**********1234'. */
export function maskIdNumber(v: string): string {
  if (!/^\d{17}[\dXx]$/.test(v)) return hideAll(v);
  return v.slice(0, 4) + MASK.repeat(10) + v.slice(14);
}

/** '张三' → '张*', '阿依古丽·买买提' → '阿***·***': the first character stays, dots and spaces stay. */
export function maskName(v: string): string {
  const [first = '', ...rest] = Array.from(v);
  if (rest.length === 0) return hideAll(first);
  return first + rest.map((char) => (char === '\u00B7' || char === ' ' ? char : MASK)).join('');
}

/** '13800138000' → '138****8000'; '0859-3221234' → '0859-***1234'. */
export function maskPhone(v: string): string {
  if (/^1\d{10}$/.test(v)) return `${v.slice(0, 3)}****${v.slice(7)}`;
  if (!/^0\d{2,3}-\d{7,8}$/.test(v)) return hideAll(v);
  const local = v.slice(v.indexOf('-') + 1);
  return v.slice(0, v.length - local.length) + MASK.repeat(local.length - 4) + local.slice(-4);
}

/** An 18-character ID number or an 11-digit mobile number standing alone in text (not inside a longer run of digits). */
const SENSITIVE_RUN = /(^|\D)(\d{17}[\dXx]|1\d{10})(?!\d)/g;

/**
 * For logs and free text: hides every ID-number-like and mobile-number-like run.
 * Numbers broken up by spaces or written in full-width digits are not found.
 */
export function maskFreeText(text: string): string {
  return text.replace(
    SENSITIVE_RUN,
    (_match, before: string, run: string) =>
      before + (run.length === 18 ? maskIdNumber(run) : maskPhone(run)),
  );
}
