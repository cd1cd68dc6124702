import { toAsciiDigits } from './characters';
import { chinaDate, parseCalendarDate } from './dates';
import { normalizeIdNumber, parseIdNumber } from './id-number';
import { MIDDLE_DOT, validateName } from './name';
import type { ResubmissionReason } from './review';

/**
 * What OCR read on a resident identity card, and how it compares with what the subscriber
 * typed. OCR is never trusted alone: a name is kept only if it is a valid name, a number only if
 * it passes every check of parseIdNumber, dates only if they are real days.
 */

/** 'read': a number that passes the checks; 'invalid': 18 characters that fail them; 'unreadable': none. */
export type CardNumberReading = 'read' | 'invalid' | 'unreadable';

/** 人像面. */
export interface IdCardFrontReading {
  /** Normalised as validateName does; absent when no valid name was read. */
  name?: string;
  /** 18 characters, passes parseIdNumber; absent unless `number` is 'read'. */
  idNumber?: string;
  number: CardNumberReading;
}

/** 国徽面: 有效期限. */
export interface IdCardBackReading {
  /** YYYY-MM-DD */
  validFrom?: string;
  /** YYYY-MM-DD, or '长期' for a card valid for life. */
  validUntil?: string;
}

export const VALID_FOR_LIFE = '长期';

const LABEL_LINE = /^(姓\s*名|性\s*别|民\s*族|出\s*生|住\s*址|公民身份号码)/;
const NAME_LINE = /^姓\s*名\s*[:：]?\s*(.*)$/;
/** 性别 男 民族 汉, with or without its label (lost, or misread as 生别, 性制…). */
const SEX_LINE = /^([^\s男女]{1,2}\s*)?[男女]\s*民\s*族/;
/** 姓名 misread by one character (维名, 姓各): a label, not part of the name. */
const MISREAD_NAME_LABEL = /^(姓.|.名)$/u;
/** Letters OCR puts for digits inside a number; anything it turns into a valid number is checked again. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  I: '1',
  l: '1',
  '|': '1',
};
/** Dots OCR reads for the middle dot of a name such as 阿依古丽·买买提. */
const NAME_DOTS = /(?<=\p{Script=Han})[.．。•・‧∙⋅･-](?=\p{Script=Han})/gu;

function cleanName(raw: string): string | undefined {
  const text = raw.replace(/[\s\u3000]+/g, '').replace(NAME_DOTS, MIDDLE_DOT);
  const valid = validateName(text);
  return valid.ok ? valid.value : undefined;
}

function readName(lines: readonly string[]): string | undefined {
  for (let i = 0; i < lines.length; i++) {
    const match = NAME_LINE.exec((lines[i] as string).trim());
    if (!match) continue;
    const rest = (match[1] as string).trim();
    if (rest !== '') return cleanName(rest);
    // The label and the name read as two boxes: the name is the next line, unless that is a label.
    const next = lines[i + 1]?.trim();
    return next && !LABEL_LINE.test(next) ? cleanName(next) : undefined;
  }
  // The light-blue labels lost or misread (blur, over-exposure): the name is the line above 性别/民族.
  const sexLine = lines.findIndex((l) => SEX_LINE.test(l.trim()));
  if (sexLine < 1) return undefined;
  const above = (lines[sexLine - 1] as string).trim();
  const [first, second, ...more] = above.split(/[\s\u3000]+/);
  return cleanName(
    second && more.length === 0 && MISREAD_NAME_LABEL.test(first as string) ? second : above,
  );
}

/** Runs of 15+ digit-like characters, look-alike letters turned into digits. */
function numberRuns(line: string): string[] {
  const text = normalizeIdNumber(line).replace(/[OoDIl|]/g, (c) => DIGIT_LOOKALIKES[c] as string);
  return text.match(/[\dX]{15,}/g) ?? [];
}

function readNumber(
  lines: readonly string[],
  today: Date,
): Pick<IdCardFrontReading, 'idNumber' | 'number'> {
  const valid = new Set<string>();
  let sawCandidate = false;
  for (const run of lines.flatMap(numberRuns)) {
    sawCandidate = true;
    // A longer run (a stray character read next to the number): any 18 that pass the checks.
    for (let start = 0; start + 18 <= run.length; start++) {
      const parsed = parseIdNumber(run.slice(start, start + 18), { today });
      if (parsed.ok) valid.add(parsed.value.value);
    }
  }
  const [first] = valid;
  if (first && valid.size === 1) return { idNumber: first, number: 'read' };
  // Two different valid numbers on one card cannot both be right: neither is offered.
  return { number: sawCandidate ? 'invalid' : 'unreadable' };
}

/** Name and number from the lines OCR read on the front, in reading order. */
export function readIdCardFront(
  lines: readonly string[],
  opts: { today?: Date } = {},
): IdCardFrontReading {
  const name = readName(lines);
  const number = readNumber(lines, opts.today ?? new Date());
  return { ...(name ? { name } : {}), ...number };
}

const DATE = String.raw`(\d{4})[.．。,，·](\d{1,2})[.．。,，·](\d{1,2})`;
const VALIDITY = new RegExp(`${DATE}[-—–~－至]+(?:${DATE}|(${VALID_FOR_LIFE}))`);

function isoDate(year: string, month: string, day: string): string | undefined {
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return parseCalendarDate(iso) ? iso : undefined;
}

/** 有效期限 from the lines OCR read on the back ('2010.05.12-2020.05.12' or '2012.06.18-长期'). */
export function readIdCardBack(lines: readonly string[]): IdCardBackReading {
  for (const line of lines) {
    const m = VALIDITY.exec(toAsciiDigits(line).replace(/[\s\u3000]+/g, ''));
    if (!m) continue;
    const [, fy, fm, fd, uy, um, ud, life] = m as unknown as string[];
    const validFrom = isoDate(fy as string, fm as string, fd as string);
    if (!validFrom) continue;
    if (life) return { validFrom, validUntil: VALID_FOR_LIFE };
    const validUntil = isoDate(uy as string, um as string, ud as string);
    if (validUntil && validUntil > validFrom) return { validFrom, validUntil };
  }
  return {};
}

/** Whether a card whose 有效期限 ends `validUntil` has expired by `today` (China's date): valid through its last day. */
export function isCardExpired(validUntil: string, today: Date): boolean {
  return validUntil !== VALID_FOR_LIFE && validUntil < chinaDate(today);
}

export type CardCheckCode =
  'OCR_NAME_MISMATCH' | 'OCR_NUMBER_MISMATCH' | 'OCR_NUMBER_UNREADABLE' | 'CARD_EXPIRED';

export interface CardCheckFinding {
  code: CardCheckCode;
  severity: 'warning' | 'critical';
  /** Which photo it is about. */
  side: 'front' | 'back';
  /** For the agent, in Chinese; no personal data. */
  message: string;
  /** The resubmission reason an agent would pick for it. */
  suggestedReason?: ResubmissionReason;
}

function sameName(typed: string, read: string): boolean {
  const t = validateName(typed);
  // The middle dot is what OCR most often drops or misreads: not a difference of identity.
  const fold = (s: string): string => s.replace(/[ \-\u00B7]/g, '').toLowerCase();
  return t.ok && fold(t.value) === fold(read);
}

/**
 * Compares what the subscriber typed with what OCR read. Pass only the sides OCR has finished;
 * a side not read, or an applicant not typed yet, gives no finding about it.
 */
export function crossCheckIdCard(input: {
  typed: { name: string; idNumber: string } | null;
  front?: IdCardFrontReading;
  back?: IdCardBackReading;
  today: Date;
}): CardCheckFinding[] {
  const findings: CardCheckFinding[] = [];
  const { typed, front, back } = input;
  if (front && front.number !== 'read') {
    findings.push({
      code: 'OCR_NUMBER_UNREADABLE',
      severity: 'warning',
      side: 'front',
      message:
        front.number === 'invalid'
          ? '人像面识别出的号码未通过校验，请人工核对证件号码'
          : '人像面未能识别出身份证号码，请人工核对',
    });
  }
  if (typed && front?.idNumber && normalizeIdNumber(typed.idNumber) !== front.idNumber) {
    findings.push({
      code: 'OCR_NUMBER_MISMATCH',
      severity: 'critical',
      side: 'front',
      message: '填写的身份证号码与人像面识别结果不一致',
      suggestedReason: 'name_id_mismatch',
    });
  }
  if (typed && front?.name && !sameName(typed.name, front.name)) {
    findings.push({
      code: 'OCR_NAME_MISMATCH',
      severity: 'critical',
      side: 'front',
      message: '填写的姓名与人像面识别结果不一致',
      suggestedReason: 'name_id_mismatch',
    });
  }
  if (back?.validUntil && isCardExpired(back.validUntil, input.today)) {
    findings.push({
      code: 'CARD_EXPIRED',
      severity: 'critical',
      side: 'back',
      message: `身份证已过有效期（有效期至${back.validUntil.replace(/-/g, '.')}）`,
      suggestedReason: 'document_expired',
    });
  }
  return findings;
}
