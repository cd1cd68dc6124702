import { spreadsheetSafeCell } from '../../lib/domain';
import type { RejectedRow } from './schemas';

/** The refused rows the API answered, as CSV (with a BOM so Excel reads the Chinese). */
export function rejectedRowsCsv(rows: RejectedRow[]): string {
  const lines = [
    '行号,号码,原因',
    ...rows.map((r) => [String(r.line), r.number, r.reason].map(spreadsheetSafeCell).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
