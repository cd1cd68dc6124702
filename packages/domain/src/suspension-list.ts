import { carrierOfMobile, type Carrier } from './carrier';
import { BIDI_CONTROL, CONTROL, INVISIBLE, codePointLength, showHidden } from './characters';
import { parseCalendarDate } from './dates';
import { parsePhoneNumber, type LineType } from './phone';
import { findRegion } from './regions';
import { fail, ok, type Result } from './result';
import type { ServiceState } from './service-state';
import { UNREGISTERED_KINDS, type UnregisteredKind } from './unregistered';

/**
 * The suspension list a carrier's billing system exports (停机/未实名号码清单), one row
 * per number. The first four columns are required in this order; the optional ones may
 * follow in any order.
 */
export const SUSPENSION_LIST_COLUMNS = [
  'number',
  'line_type',
  'unregistered_kind',
  'state',
] as const;
export const SUSPENSION_LIST_OPTIONAL_COLUMNS = [
  'owner_name',
  'region_code',
  'stopped_on',
] as const;
export type SuspensionListOptionalColumn = (typeof SUSPENSION_LIST_OPTIONAL_COLUMNS)[number];

/** States a billing export may carry. lift_pending exists only inside this system. */
export type ImportableState = Exclude<ServiceState, 'lift_pending'>;
const IMPORTABLE_STATES: ReadonlySet<string> = new Set([
  'active',
  'single_stop',
  'double_stop',
  'cancelled',
]);
const LINE_TYPES: ReadonlySet<string> = new Set(['mobile', 'fixed']);
const MAX_OWNER_NAME = 100;

const CARRIER_NAMES: Record<Carrier, string> = {
  mobile: '中国移动',
  unicom: '中国联通',
  telecom: '中国电信',
};

export type SuspensionListHeaderCode = 'HEADER';

/** Where each optional column sits (index into a row), for a header that passed. */
export type SuspensionListLayout = Partial<Record<SuspensionListOptionalColumn, number>>;

/**
 * Checks the header row: the four required columns first, in order (names are
 * trimmed and case-insensitive), then only known optional columns, each once.
 */
export function checkSuspensionListHeader(
  header: readonly string[],
): Result<SuspensionListLayout, SuspensionListHeaderCode> {
  const names = header.map((name) => name.trim().toLowerCase());
  const expected = SUSPENSION_LIST_COLUMNS.join(',');
  const allowed = `必需的列依次为 ${expected}，之后可选 ${SUSPENSION_LIST_OPTIONAL_COLUMNS.join('、')}。`;
  if (names.slice(0, SUSPENSION_LIST_COLUMNS.length).join(',') !== expected) {
    return fail('HEADER', `文件第一行（表头）不对：${allowed}`);
  }
  const layout: SuspensionListLayout = {};
  for (let index = SUSPENSION_LIST_COLUMNS.length; index < names.length; index++) {
    const name = names[index] as SuspensionListOptionalColumn;
    if (!(SUSPENSION_LIST_OPTIONAL_COLUMNS as readonly string[]).includes(name)) {
      return fail('HEADER', `表头中有未知的列“${header[index]}”：${allowed}`);
    }
    if (layout[name] !== undefined) return fail('HEADER', `表头中“${name}”列出现了两次。`);
    layout[name] = index;
  }
  return ok(layout);
}

export interface SuspensionListRowInput {
  number: string;
  lineType: string;
  unregisteredKind: string;
  state: string;
  ownerName?: string;
  regionCode?: string;
  stoppedOn?: string;
}

export interface SuspensionListRow {
  /** Canonical (parsePhoneNumber). */
  phone: string;
  lineType: LineType;
  state: ImportableState;
  unregisteredKind: UnregisteredKind | null;
  /** Active with no unregistered kind: the number carries a verified identity. */
  registered: boolean;
  ownerName: string | null;
  regionCode: string | null;
  /** YYYY-MM-DD the current stop began, when the export says. */
  stoppedOn: string | null;
}

export type SuspensionListRowCode =
  | 'FORMULA'
  | 'NUMBER'
  | 'NOT_OUR_NUMBER'
  | 'LINE_TYPE'
  | 'STATE'
  | 'KIND'
  | 'KIND_REQUIRED'
  | 'OWNER_NAME'
  | 'REGION'
  | 'STOPPED_ON';

/**
 * A cell a spreadsheet would run as a formula (=, @, or + and - not followed by a
 * digit, space or bracket, so '+86 138…' stays a phone number). Such a cell is
 * refused, never executed, never silently trimmed.
 */
export function looksLikeFormula(cell: string): boolean {
  return /^[=@\t\r]/.test(cell) || /^[+-](?![\d\s(（])/.test(cell);
}

/** What a spreadsheet may run, with no exemption for '+86 138…': where no number is expected. */
const STRICT_FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell of a CSV a person opens in a spreadsheet (the refused-rows reports). A cell that starts
 * with = + - @, a tab or a carriage return gets a leading apostrophe, so it is shown and never
 * run: stricter than looksLikeFormula, because '-2+3+cmd|…' (DDE) has a digit after its sign
 * and nothing in a report needs to compute. Quoted when it holds a quote, a comma, a semicolon
 * (the separator in some locales) or a line break.
 */
export function spreadsheetSafeCell(v: string): string {
  const safe = STRICT_FORMULA_START.test(v) ? `'${v}` : v;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Checks one row of the list against the tenant's carrier: the number must be
 * a valid mainland number of the declared line type, and a mobile must be on
 * this carrier's segments (a fixed line's carrier cannot be told from its
 * digits); state and unregistered kind must be known values, and a stopped
 * number must say why it is unregistered. Each refusal says what is wrong in
 * words an operator can act on.
 */
export function parseSuspensionListRow(
  input: SuspensionListRowInput,
  carrier: Carrier,
): Result<SuspensionListRow, SuspensionListRowCode> {
  const cells = [
    input.number,
    input.lineType,
    input.unregisteredKind,
    input.state,
    input.ownerName,
    input.regionCode,
    input.stoppedOn,
  ];
  if (cells.some(isFormulaCell) || isFormulaText(input.ownerName)) {
    return fail(
      'FORMULA',
      '单元格内容像电子表格公式（以 = + - @ 开头），为安全起见未导入，请改成纯文本。',
    );
  }
  const lineType = input.lineType.trim().toLowerCase();
  if (!LINE_TYPES.has(lineType)) {
    return fail(
      'LINE_TYPE',
      `line_type 必须是 mobile（手机）或 fixed（固话），而不是“${showHidden(input.lineType)}”。`,
    );
  }
  const phone = parsePhone(input.number);
  if (!phone.ok) return fail('NUMBER', phone.message);
  if (phone.value.lineType !== lineType) {
    return fail(
      'LINE_TYPE',
      `号码是${phone.value.lineType === 'mobile' ? '手机号' : '固话号码'}，与 line_type “${lineType}”不符。`,
    );
  }
  if (phone.value.lineType === 'mobile' && phone.value.carrier !== carrier) {
    const owner = phone.value.carrier
      ? CARRIER_NAMES[phone.value.carrier]
      : '其他运营商（如中国广电）';
    return fail(
      'NOT_OUR_NUMBER',
      `这个手机号的号段属于${owner}，不是${CARRIER_NAMES[carrier]}的号码。`,
    );
  }
  const state = input.state.trim().toLowerCase();
  if (!IMPORTABLE_STATES.has(state)) {
    return fail(
      'STATE',
      `state 必须是 active、single_stop、double_stop 或 cancelled 之一，而不是“${showHidden(input.state)}”。`,
    );
  }
  const kindText = input.unregisteredKind.trim().toLowerCase();
  if (kindText !== '' && !(kindText in UNREGISTERED_KINDS)) {
    return fail(
      'KIND',
      `unregistered_kind 必须为空或是 ${Object.keys(UNREGISTERED_KINDS).join('、')} 之一，而不是“${showHidden(input.unregisteredKind)}”。`,
    );
  }
  const kind = kindText === '' ? null : (kindText as UnregisteredKind);
  if (kind === null && (state === 'single_stop' || state === 'double_stop')) {
    return fail('KIND_REQUIRED', '停机号码必须注明未实名类型（unregistered_kind）。');
  }
  const owner = checkOwnerName(input.ownerName);
  if (!owner.ok) return owner;
  const regionRaw = input.regionCode ?? '';
  const regionCode = regionRaw.trim();
  if (regionCode !== '' && findRegion(regionCode) === undefined) {
    return fail('REGION', `region_code “${showHidden(regionRaw)}”不是有效的六位行政区划代码。`);
  }
  const stoppedRaw = input.stoppedOn ?? '';
  const stoppedOn = stoppedRaw.trim();
  if (stoppedOn !== '' && parseCalendarDate(stoppedOn) === undefined) {
    return fail('STOPPED_ON', `stopped_on “${showHidden(stoppedRaw)}”不是 YYYY-MM-DD 格式的日期。`);
  }
  return ok({
    phone: phone.value.value,
    lineType: phone.value.lineType,
    state: state as ImportableState,
    unregisteredKind: kind,
    registered: kind === null && state === 'active',
    ownerName: owner.value,
    regionCode: regionCode === '' ? null : regionCode,
    stoppedOn: stoppedOn === '' ? null : stoppedOn,
  });
}

/**
 * A text cell (a name) is held to the strict rule: no name starts with = + - @, so the
 * exemption for '+86 138…' does not apply ('-2+3+cmd|…' is a DDE payload, not a name).
 */
function isFormulaText(cell: string | undefined): boolean {
  return cell !== undefined && STRICT_FORMULA_START.test(cell.trim());
}

/** Cells are checked as given and trimmed; most cells start with a letter or digit and cost one comparison. */
function isFormulaCell(cell: string | undefined): boolean {
  if (cell === undefined || cell === '') return false;
  const first = cell.charCodeAt(0);
  const plain = (first >= 48 && first <= 57) || (first >= 97 && first <= 122) || first > 127;
  return !plain && (looksLikeFormula(cell) || looksLikeFormula(cell.trim()));
}

/**
 * parsePhoneNumber, with a shortcut for what billing exports almost always hold: 11 plain
 * digits of a known carrier segment, which parsePhoneNumber would read the same way.
 */
function parsePhone(number: string): ReturnType<typeof parsePhoneNumber> {
  if (number.length === 11 && /^1\d{10}$/.test(number)) {
    const carrier = carrierOfMobile(number);
    if (carrier) return ok({ value: number, lineType: 'mobile', carrier });
  }
  return parsePhoneNumber(number);
}

/**
 * The owner name on file is what the billing system shows (a person, 临时账户, or an
 * organisation for group cards), so it is not held to the form's name rule: only
 * hidden characters and over-long values are refused.
 */
function checkOwnerName(input: string | undefined): Result<string | null, 'OWNER_NAME'> {
  const name = (input ?? '').trim().normalize('NFC');
  if (name === '') return ok(null);
  if (CONTROL.test(name) || INVISIBLE.test(name) || BIDI_CONTROL.test(name)) {
    return fail('OWNER_NAME', 'owner_name 中有不可见字符或控制字符。');
  }
  if (codePointLength(name) > MAX_OWNER_NAME) {
    return fail('OWNER_NAME', `owner_name 超过 ${MAX_OWNER_NAME} 个字。`);
  }
  return ok(name);
}
