import { showHidden } from './characters';
import {
  checkSuspensionListHeader,
  looksLikeFormula,
  parseSuspensionListRow,
  SUSPENSION_LIST_COLUMNS,
  SUSPENSION_LIST_OPTIONAL_COLUMNS,
  spreadsheetSafeCell,
  type SuspensionListRowInput,
} from './suspension-list';

const row = (over: Partial<SuspensionListRowInput> = {}): SuspensionListRowInput => ({
  number: '18608590001',
  lineType: 'mobile',
  unregisteredKind: 'temporary_account',
  state: 'single_stop',
  ...over,
});

describe('checkSuspensionListHeader', () => {
  it('should accept the four required columns when nothing follows', () => {
    expect(checkSuspensionListHeader([...SUSPENSION_LIST_COLUMNS])).toEqual({
      ok: true,
      value: {},
    });
    expect(SUSPENSION_LIST_OPTIONAL_COLUMNS).toContain('owner_name');
  });

  it('should locate optional columns when they follow in any order, trimmed and in any case', () => {
    expect(
      checkSuspensionListHeader([
        ' Number',
        'LINE_TYPE',
        'unregistered_kind ',
        'state',
        'stopped_on',
        'owner_name',
        'region_code',
      ]),
    ).toEqual({ ok: true, value: { stopped_on: 4, owner_name: 5, region_code: 6 } });
  });

  it.each([
    [['phone', 'line_type', 'unregistered_kind', 'state']],
    [['number', 'state', 'line_type', 'unregistered_kind']],
    [['number', 'line_type', 'unregistered_kind']],
  ])('should refuse %j when the required columns are missing or out of order', (header) => {
    expect(checkSuspensionListHeader(header)).toMatchObject({ ok: false, code: 'HEADER' });
  });

  it('should name an unknown column when one follows the required ones', () => {
    const r = checkSuspensionListHeader([
      'number',
      'line_type',
      'unregistered_kind',
      'state',
      'imsi',
    ]);
    expect(r).toMatchObject({ ok: false, code: 'HEADER' });
    expect(!r.ok && r.message).toContain('imsi');
  });

  it('should refuse an optional column when it appears twice', () => {
    expect(
      checkSuspensionListHeader([
        'number',
        'line_type',
        'unregistered_kind',
        'state',
        'owner_name',
        'owner_name',
      ]),
    ).toMatchObject({
      ok: false,
      code: 'HEADER',
    });
  });
});

describe('looksLikeFormula', () => {
  it.each(['=1+1', '@SUM(A1)', '+A1', '-A1', '\t=x', '\rx', '+', '-'])(
    'should flag %j when a spreadsheet would run it',
    (cell) => {
      expect(looksLikeFormula(cell)).toBe(true);
    },
  );

  it.each(['+86 138 0013 8000', '+8613800138000', '-1', '+(86)', '张三', ''])(
    'should leave %j alone when it is data',
    (cell) => {
      expect(looksLikeFormula(cell)).toBe(false);
    },
  );
});

describe('spreadsheetSafeCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ['\t=1', "'\t=1"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
  ])('should neutralise %j when a spreadsheet would run it', (cell, safe) => {
    expect(spreadsheetSafeCell(cell)).toBe(safe);
  });

  it.each([
    ['张三', '张三'],
    ['18608590001', '18608590001'],
    ['a,b', '"a,b"'],
    ['a;=1+1', '"a;=1+1"'],
    ['张\n三', '"张\n三"'],
  ])('should keep %j as text when it is data', (cell, safe) => {
    expect(spreadsheetSafeCell(cell)).toBe(safe);
  });
});

describe('showHidden', () => {
  it('should write out hidden characters when text that looks right is quoted back', () => {
    expect(showHidden('mobile\u200b')).toBe('mobile[U+200B]');
    expect(showHidden('\u202emobile')).toBe('[U+202E]mobile');
    expect(showHidden('a\u0000b\r\n')).toBe('a[U+0000]b[U+000D][U+000A]');
    expect(showHidden('张三𠀋')).toBe('张三𠀋');
  });

  it('should cut a long value when it is quoted back', () => {
    expect(showHidden('x'.repeat(50), 40)).toBe(`${'x'.repeat(40)}…`);
  });
});

describe('parseSuspensionListRow', () => {
  it('should refuse an owner name that starts a formula when it begins with a sign and a digit', () => {
    const r = parseSuspensionListRow(row({ ownerName: "-2+3+cmd|' /C calc'!A0" }), 'unicom');
    expect(r).toMatchObject({ ok: false, code: 'FORMULA' });
  });

  it('should show hidden characters in the reason when a cell looks right but is not', () => {
    const r = parseSuspensionListRow(row({ state: 'single_stop\u200d' }), 'unicom');
    expect(!r.ok && r.message).toContain('single_stop[U+200D]');
    const long = parseSuspensionListRow(row({ lineType: 'mobile'.repeat(2000) }), 'unicom');
    expect(!long.ok && long.message.length).toBeLessThan(200);
  });

  it('should read a single-stopped Unicom mobile when the tenant is Unicom', () => {
    expect(parseSuspensionListRow(row(), 'unicom')).toEqual({
      ok: true,
      value: {
        phone: '18608590001',
        lineType: 'mobile',
        state: 'single_stop',
        unregisteredKind: 'temporary_account',
        registered: false,
        ownerName: null,
        regionCode: null,
        stoppedOn: null,
      },
    });
  });

  it('should normalise the number, enums, owner name, region and date when all are given', () => {
    const r = parseSuspensionListRow(
      row({
        number: '+86 186 0859 0001',
        lineType: ' Mobile ',
        unregisteredKind: 'GROUP_CARD',
        state: 'Double_Stop',
        ownerName: ' 贵州某某有限公司（经办人） ',
        regionCode: '522301',
        stoppedOn: '2016-11-01',
      }),
      'unicom',
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        phone: '18608590001',
        state: 'double_stop',
        unregisteredKind: 'group_card',
        ownerName: '贵州某某有限公司（经办人）',
        regionCode: '522301',
        stoppedOn: '2016-11-01',
      },
    });
  });

  it('should mark the number registered when it is active with no unregistered kind', () => {
    expect(
      parseSuspensionListRow(row({ state: 'active', unregisteredKind: '' }), 'unicom'),
    ).toMatchObject({
      ok: true,
      value: { registered: true, unregisteredKind: null },
    });
  });

  it('should accept a cancelled number without a kind and keep it unregistered', () => {
    expect(
      parseSuspensionListRow(row({ state: 'cancelled', unregisteredKind: '' }), 'unicom'),
    ).toMatchObject({
      ok: true,
      value: { registered: false, state: 'cancelled' },
    });
  });

  it('should accept a fixed line for any carrier when the line type says fixed', () => {
    expect(
      parseSuspensionListRow(row({ number: '0859-3221234', lineType: 'fixed' }), 'telecom'),
    ).toMatchObject({
      ok: true,
      value: { phone: '0859-3221234', lineType: 'fixed' },
    });
  });

  it.each<[Partial<SuspensionListRowInput>, string]>([
    [{ number: '=HYPERLINK("http://x")' }, 'FORMULA'],
    [{ ownerName: '=cmd|calc' }, 'FORMULA'],
    [{ ownerName: '\t@x' }, 'FORMULA'],
    [{ lineType: 'landline' }, 'LINE_TYPE'],
    [{ number: '12345' }, 'NUMBER'],
    [{ number: '0859-3221234' }, 'LINE_TYPE'],
    [{ number: '18608590001', lineType: 'fixed' }, 'LINE_TYPE'],
    [{ number: '13800138000' }, 'NOT_OUR_NUMBER'],
    [{ number: '19212345678' }, 'NOT_OUR_NUMBER'],
    [{ state: 'lift_pending' }, 'STATE'],
    [{ state: '单停' }, 'STATE'],
    [{ unregisteredKind: 'unknown' }, 'KIND'],
    [{ unregisteredKind: '' }, 'KIND_REQUIRED'],
    [{ unregisteredKind: '', state: 'double_stop' }, 'KIND_REQUIRED'],
    [{ ownerName: '张\u200B三' }, 'OWNER_NAME'],
    [{ ownerName: '张\u0007三' }, 'OWNER_NAME'],
    [{ ownerName: '\u202E张三' }, 'OWNER_NAME'],
    [{ ownerName: '张'.repeat(101) }, 'OWNER_NAME'],
    [{ regionCode: '999999' }, 'REGION'],
    [{ regionCode: '5223' }, 'REGION'],
    [{ stoppedOn: '2016-02-30' }, 'STOPPED_ON'],
  ])('should refuse %j with %s when the row breaks that rule', (over, code) => {
    const r = parseSuspensionListRow(row(over), 'unicom');
    expect(r).toMatchObject({ ok: false, code });
    expect(!r.ok && r.message.length).toBeGreaterThan(5);
  });

  it('should name the carrier a mobile belongs to when it is not the tenant carrier', () => {
    const r = parseSuspensionListRow(row({ number: '13800138000' }), 'telecom');
    expect(!r.ok && r.message).toContain('中国移动');
  });
});

describe('parseSuspensionListRow shortcuts', () => {
  it.each(['18608590001', '+86 186 0859 0001', '１８６０８５９０００１', '186-0859-0001'])(
    'should read %j the same way as parsePhoneNumber when the number is written plainly or not',
    (number) => {
      expect(parseSuspensionListRow(row({ number }), 'unicom')).toMatchObject({
        ok: true,
        value: { phone: '18608590001' },
      });
    },
  );

  it('should fall back to the full parser when an 11-digit number has an unknown segment', () => {
    expect(parseSuspensionListRow(row({ number: '12345678901' }), 'unicom')).toMatchObject({
      ok: false,
      code: 'NUMBER',
    });
  });

  it.each(['\tabc', ' =1', 'Ａ'])(
    'should check %j against the formula rule when it does not start plainly',
    (ownerName) => {
      const r = parseSuspensionListRow(row({ ownerName }), 'unicom');
      expect(r.ok ? 'ok' : r.code).toBe(ownerName === 'Ａ' ? 'ok' : 'FORMULA');
    },
  );
});
