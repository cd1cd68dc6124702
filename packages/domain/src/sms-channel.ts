import { toAsciiDigits } from './characters';
import { parseIdNumber, type ParseIdNumberOptions } from './id-number';
import { validateName } from './name';
import { fail, ok, type Result } from './result';

/** Telecom's SMS channel: the phone sends `40#机主姓名#身份证号码` to 10001. */
export type SmsParseErrorCode = 'NOT_REGISTRATION' | 'FORMAT' | 'NAME' | 'ID_NUMBER';

export const SMS_REGISTRATION_SERVICE_NUMBER = '10001';
const COMMAND = '40';
const EDGE_SPACES = /^[ \t\r\n\u00A0\u3000]+|[ \t\r\n\u00A0\u3000]+$/g;
const EXAMPLE = `请按“40#机主姓名#身份证号码”的格式发送到${SMS_REGISTRATION_SERVICE_NUMBER}，例如：40#张三#522301199001011234。`;

/**
 * Reads a registration text. Full-width ＃ and digits and spaces around the
 * parts are tolerated; the name and ID number are checked as in the form.
 */
export function parseSmsRegistration(
  text: string,
  opts: ParseIdNumberOptions = {},
): Result<{ name: string; idNumber: string }, SmsParseErrorCode> {
  const parts = toAsciiDigits(text)
    .replace(/＃/g, '#')
    .split('#')
    // Only ordinary spaces: String.prototype.trim also drops a BOM (U+FEFF), which would let an
    // invisible character past parseIdNumber, which refuses it in the form.
    .map((part) => part.replace(EDGE_SPACES, ''));
  const [command, nameText, idText, ...extra] = parts;
  if (command !== COMMAND) return fail('NOT_REGISTRATION', `这不是实名登记短信。${EXAMPLE}`);
  if (nameText === undefined || idText === undefined || extra.length > 0) {
    return fail('FORMAT', `短信格式不对。${EXAMPLE}`);
  }
  const name = validateName(nameText);
  if (!name.ok) return fail('NAME', name.message);
  const idNumber = parseIdNumber(idText, opts);
  if (!idNumber.ok) return fail('ID_NUMBER', idNumber.message);
  return ok({ name: name.value, idNumber: idNumber.value.value });
}
