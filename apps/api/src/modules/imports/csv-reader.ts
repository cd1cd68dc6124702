/**
 * A streaming RFC 4180 reader for the files carriers export: UTF-8 with or without a BOM,
 * LF or CRLF, quoted fields (commas, quotes doubled, line breaks inside quotes). Records come
 * out in batches, one batch per input chunk, so a million-row file never sits in memory.
 * Lines without a quote take a fast path (split on commas).
 */
export interface CsvRecord {
  /** Physical line number (1-based) where the record starts. */
  line: number;
  fields: string[];
}

export class CsvFormatError extends Error {
  constructor(
    readonly code: 'ENCODING' | 'UNTERMINATED_QUOTE' | 'FIELD_TOO_LONG' | 'NOT_CSV',
    message: string,
  ) {
    super(message);
  }
}

/** A record longer than this is not a suspension-list row: refuse rather than buffer it. */
const MAX_RECORD_CHARS = 64 * 1024;

/** Whether the record lies in one chunk or spans several, the same limit refuses it. */
const tooLong = (line: number): CsvFormatError =>
  new CsvFormatError(
    'FIELD_TOO_LONG',
    `第 ${line} 行太长（超过 ${MAX_RECORD_CHARS} 个字符），可能是引号没有成对。`,
  );

export async function* readCsv(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<CsvRecord[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let pending = '';
  let line = 1;
  const decode = (chunk: Buffer | string, stream: boolean): string => {
    if (typeof chunk === 'string') return chunk;
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      throw new CsvFormatError(
        'ENCODING',
        '文件不是 UTF-8 编码（Excel 导出的 CSV 常是 GBK）：请另存为“CSV UTF-8”后再导入。',
      );
    }
  };
  const take = (text: string, final: boolean): CsvRecord[] => {
    const out: CsvRecord[] = [];
    const consumed = parseRecords(text, final, line, out);
    line = consumed.line;
    pending = text.slice(consumed.offset);
    if (pending.length > MAX_RECORD_CHARS) throw tooLong(line);
    return out;
  };
  let first = true;
  for await (const chunk of source) {
    if (first && typeof chunk !== 'string') refuseWorkbook(chunk);
    let text = decode(chunk, true);
    if (first && text.length > 0) {
      // TextDecoder drops a BOM itself; strings passed in directly may still carry one.
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    const batch = take(pending + text, false);
    if (batch.length > 0) yield batch;
  }
  const last = take(pending + decode(Buffer.alloc(0), false), true);
  if (pending.length > 0)
    throw new CsvFormatError('UNTERMINATED_QUOTE', `第 ${line} 行的引号没有成对，文件不完整。`);
  if (last.length > 0) yield last;
}

/**
 * The most common wrong file is the workbook itself, saved as .xlsx (a ZIP) or .xls (an OLE
 * compound file) and renamed or picked by mistake: say so instead of blaming the encoding.
 */
function refuseWorkbook(head: Buffer): void {
  const starts = (sig: number[]): boolean =>
    head.length >= sig.length && sig.every((b, i) => head[i] === b);
  if (starts([0x50, 0x4b, 0x03, 0x04]) || starts([0xd0, 0xcf, 0x11, 0xe0])) {
    throw new CsvFormatError(
      'NOT_CSV',
      '这是 Excel 工作簿（.xlsx / .xls），不是 CSV：请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入。',
    );
  }
}

/**
 * Parses whole records from `text` into `out`. Stops before an incomplete record unless
 * `final`; returns where it stopped and the physical line number reached.
 */
function parseRecords(
  text: string,
  final: boolean,
  startLine: number,
  out: CsvRecord[],
): { offset: number; line: number } {
  let pos = 0;
  let line = startLine;
  const n = text.length;
  // The next quote at or after pos, found once and reused: searching afresh on every line
  // would scan to the end of the chunk each time when a file has no quotes at all.
  let quote = text.indexOf('"', pos);
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) {
      if (!final) break;
      nl = n;
    }
    if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
    if (quote === -1 || quote > nl) {
      // Fast path: no quote on this line.
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end - pos > MAX_RECORD_CHARS) throw tooLong(line);
      if (end > pos) out.push({ line, fields: text.slice(pos, end).split(',') });
      pos = nl + 1;
      line += 1;
      continue;
    }
    const rec = parseQuoted(text, pos, final);
    if (!rec) break;
    if (rec.next - pos > MAX_RECORD_CHARS + 2) throw tooLong(line);
    out.push({ line, fields: rec.fields });
    line += rec.lines;
    pos = rec.next;
  }
  return { offset: Math.min(pos, n), line };
}

/** One record that contains quotes, starting at `pos`; undefined when it runs past the text (not final). */
function parseQuoted(
  text: string,
  start: number,
  final: boolean,
): { fields: string[]; next: number; lines: number } | undefined {
  const fields: string[] = [];
  let field = '';
  let pos = start;
  let lines = 1;
  let quoted = false;
  const n = text.length;
  while (pos < n) {
    const c = text[pos] as string;
    if (quoted) {
      if (c === '"') {
        if (text[pos + 1] === '"') {
          field += '"';
          pos += 2;
          continue;
        }
        if (pos + 1 >= n && !final) return undefined;
        quoted = false;
      } else {
        if (c === '\n') lines += 1;
        field += c;
      }
      pos += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[pos + 1] === '\n')) {
      fields.push(field);
      return { fields, next: pos + (c === '\r' ? 2 : 1), lines };
    } else if (c === '\r' && pos + 1 >= n && !final) return undefined;
    else field += c;
    pos += 1;
  }
  if (!final || quoted) return undefined;
  fields.push(field);
  return { fields, next: n, lines };
}
