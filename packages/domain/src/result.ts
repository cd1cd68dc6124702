/**
 * The outcome of a rule check. A failure carries a machine code for the API's
 * error filter and a message in plain Chinese that a subscriber understands.
 */
export type Result<T, C extends string = string> =
  { ok: true; value: T } | { ok: false; code: C; message: string };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends string>(
  code: C,
  message: string,
): { ok: false; code: C; message: string } {
  return { ok: false, code, message };
}
