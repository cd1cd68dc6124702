import { looksLikeFormula } from '../../lib/domain';
import type { RejectedRow } from './schemas';

const cell = (v: string): string => {
  // A spreadsheet must never run a cell as a formula.
  const safe = looksLikeFormula(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The refused rows the API answered, as CSV (with a BOM so Excel reads the Chinese). */
export function rejectedRowsCsv(rows: RejectedRow[]): string {
  const lines = [
    '行号,号码,原因',
    ...rows.map((r) => [String(r.line), r.number, r.reason].map(cell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
