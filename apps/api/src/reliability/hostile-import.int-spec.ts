import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { importCommand } from '../cli/commands/import';
import { TokenService } from '../common/auth/token.service';
import { CryptoService } from '../common/crypto/crypto.service';
import { readCsv } from '../modules/imports/csv-reader';
import { ImportsModule } from '../modules/imports/imports.module';
import { createOperationsTestApp, OperationsTestApp } from '../test/operations-app';
import { insertTenant, TenantFixture } from '../test/operations-fixtures';
import { hostileNames } from './hostile-corpus';

/** Control, zero-width, soft hyphen, BOM and bidi characters: never in a reason a person reads. */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;
const HEADER = 'number,line_type,unregistered_kind,state,owner_name,region_code,stopped_on';
const TENANT_REGION = '522300';
const STOP = '2016-10-20';

/** One data row of the file: seven cells (CSV-encoded here) or a raw line written as is. */
type Row = { label: string; cells: string[] } | { label: string; raw: string };

/** What a row that is imported must leave in phone_number. */
interface Expected {
  phone: string;
  line_type: string;
  state: string;
  kind: string | null;
  registered: boolean;
  region_code: string;
  owner: string | null;
  stopped: string | null;
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const line = (r: Row): string => ('raw' in r ? r.raw : r.cells.map(csvCell).join(','));
const mobile = (block: number, i: number): string =>
  `186${String(block).padStart(4, '0')}${String(i).padStart(4, '0')}`;
const stopColumn = (state: string): string | null =>
  state === 'single_stop' || state === 'double_stop' || state === 'cancelled' ? STOP : '';

function expectedOf(
  phone: string,
  c: string[],
  owner: string | null = c[4]!.trim() || null,
): Expected {
  const state = c[3]!.trim().toLowerCase();
  const kind = c[2]!.trim().toLowerCase() || null;
  return {
    phone,
    line_type: c[1]!.trim().toLowerCase(),
    state,
    kind,
    registered: kind === null && state === 'active',
    region_code: c[5] || TENANT_REGION,
    owner,
    stopped: c[6] || null,
  };
}

/** Valid rows of every shape a billing export carries: each must be imported as written. */

/**
 * Owner names are what the billing system shows, not held to the form's name rule: text that
 * would be an attack elsewhere is inert data here, stored encrypted exactly as written.
 */
const INERT_OWNER_NAMES = new Set([
  'digits',
  'Han and digit',
  'Cyrillic look-alike in Latin',
  'mixed Han and Latin',
  'SQL',
  'HTML script',
  'HTML img',
  'emoji',
]);

function validRows(): Array<{ row: Row; expected: Expected }> {
  const states = ['single_stop', 'double_stop', 'cancelled', 'active', 'active'];
  const kinds = ['temporary_account', 'incomplete_data', 'owner_differs', 'group_card'];
  const owners = [
    '张三',
    '阿依古丽·买买提',
    '王𠀋',
    '某单位,经办人',
    '临时账户',
    'O\'Brien "Jr"',
    '',
    '欧阳娜娜',
  ];
  const out: Array<{ row: Row; expected: Expected }> = [];
  for (let i = 0; i < 32; i++) {
    const state = states[i % states.length]!;
    const kind = state === 'active' && i % 2 === 0 ? '' : kinds[i % kinds.length]!;
    const cells = [
      mobile(859, i),
      'mobile',
      kind,
      state,
      owners[i % owners.length]!,
      i % 3 === 0 ? '522301' : '',
      stopColumn(state)!,
    ];
    out.push({ row: { label: `valid ${i}`, cells }, expected: expectedOf(cells[0]!, cells) });
  }
  for (const [i, phone] of ['0859-3221234', '0859-3221235', '010-62345678'].entries()) {
    const cells = [phone, 'fixed', 'group_card', 'single_stop', '某公司', '', STOP];
    out.push({ row: { label: `valid fixed ${i}`, cells }, expected: expectedOf(phone, cells) });
  }
  let n = 0;
  for (const e of hostileNames().filter((x) => INERT_OWNER_NAMES.has(x.label))) {
    const cells = [
      mobile(860, n++),
      'mobile',
      'temporary_account',
      'single_stop',
      e.name,
      '',
      STOP,
    ];
    out.push({
      row: { label: `owner as data: ${e.label}`, cells },
      expected: expectedOf(cells[0]!, cells),
    });
  }
  // People's ways of writing a number, which the domain reads as the same number.
  const normalised: Array<[string, string]> = [
    ['+86 prefix and spaces', '+86 186 0861 0001'],
    ['full-width digits', '１８６０８６１０００２'],
    ['dashes', '186-0861-0003'],
    ['padded with spaces', '  18608610004 '],
  ];
  for (const [i, [label, written]] of normalised.entries()) {
    const canonical = mobile(861, i + 1);
    const cells = [written, 'MOBILE', ' Temporary_Account ', 'Single_Stop', '', '', STOP];
    out.push({
      row: { label: `normalised: ${label}`, cells },
      expected: expectedOf(canonical, cells, null),
    });
  }
  return out;
}

/**
 * Hostile rows: each is a valid row with one thing wrong (one cell, or the row's shape), under
 * a number of its own, so a row let through shows up in the table.
 */
function hostileRows(): Row[] {
  let n = 0;
  const next = (): string => mobile(862, n++);
  const base = (phone: string): string[] => [
    phone,
    'mobile',
    'temporary_account',
    'single_stop',
    '张三',
    '',
    STOP,
  ];
  const rows: Row[] = [];
  const cell = (label: string, index: number, value: (phone: string) => string): void => {
    const c = base(next());
    c[index] = value(c[0]!);
    rows.push({ label, cells: c });
  };
  const at = (s: string, i: number, insert: string): string => s.slice(0, i) + insert + s.slice(i);
  // The number.
  const phones: Array<[string, (p: string) => string]> = [
    ['zero-width space inside', (p) => at(p, 5, '\u200b')],
    ['zero-width joiner at end', (p) => p + '\u200d'],
    ['soft hyphen', (p) => at(p, 3, '\u00ad')],
    ['bidi override RLO', (p) => '\u202e' + p],
    ['bidi isolate', (p) => '\u2067' + p + '\u2069'],
    ['NUL inside', (p) => at(p, 5, '\u0000')],
    ['Arabic-Indic digits', (p) => p.replace(/\d/g, (d) => String.fromCharCode(0x660 + +d))],
    ['letter O for 0', (p) => p.replace('0', 'O')],
    ['letter l for 1', (p) => p.replace('1', 'l')],
    ['10 digits', (p) => p.slice(0, 10)],
    ['12 digits', (p) => p + '1'],
    ['exponent', () => '1.8608620e10'],
    ['China Mobile number', () => '13800138000'],
    ['unknown segment', () => '10012345678'],
    ['fixed line without area code', () => '3221234'],
    ['SQL tautology', () => "186' OR '1'='1"],
    ['SQL stacked', (p) => `${p}'; DROP TABLE phone_number;--`],
    ['HTML script', () => '<script>alert(1)</script>'],
    ['HTML in a number', (p) => at(p, 5, '<b>')],
    ['formula HYPERLINK', () => '=HYPERLINK("http://evil.example","点我")'],
    ['formula with number', (p) => `=${p}`],
    ['at formula', (p) => `@SUM(${p})`],
    ['DDE minus', () => "-2+3+cmd|' /C calc'!A0"],
    ['DDE plus', () => "+1+cmd|' /C calc'!A0"],
    ['tab in front', (p) => '\t' + p],
    ['CR in front', (p) => '\r' + p],
    ['empty', () => ''],
    ['spaces only', () => '   '],
    ['very long', (p) => p.repeat(500)],
  ];
  for (const [label, f] of phones) cell(`number: ${label}`, 0, f);
  // Line type, kind, state.
  const lineTypes = [
    '=HYPERLINK("http://evil.example","x")',
    'mobile\u200b',
    'mob\u0456le',
    '\u202emobile',
    'mob\u0000ile',
    'fixed',
    '<script>alert(1)</script>',
    "mobile'; DROP TABLE phone_number;--",
    '',
    'mobile'.repeat(2000),
  ];
  for (const v of lineTypes) cell(`line_type: ${JSON.stringify(v).slice(0, 40)}`, 1, () => v);
  const kinds = [
    'temporary_account\u200b',
    '=1+1',
    '@SUM(A1)',
    '-1+1',
    'temporary\u2010account',
    'vip',
    '<b>group_card</b>',
    "group_card'); DELETE FROM phone_number;--",
    'group_card\u0000',
    'ｔｅｍｐｏｒａｒｙ_account',
  ];
  for (const v of kinds) cell(`kind: ${JSON.stringify(v)}`, 2, () => v);
  const states = [
    'lift_pending',
    'single_stop\u200d',
    '=single_stop',
    '+single_stop',
    'single stop',
    'si\u0578gle_stop',
    'registered',
    "active'); DELETE FROM phone_number;--",
    'single_stop\u0000',
    '',
  ];
  for (const v of states) cell(`state: ${JSON.stringify(v)}`, 3, () => v);
  {
    const c = base(next());
    c[2] = '';
    rows.push({ label: 'state: stopped without a kind', cells: c });
  }
  // Owner names that must be refused (the inert ones are valid rows); the enormous one is a
  // file-level case (over the record limit).
  for (const e of hostileNames())
    if (!INERT_OWNER_NAMES.has(e.label) && !['empty', 'spaces only', 'enormous'].includes(e.label))
      cell(`owner: ${e.label}`, 4, () => e.name);
  cell('owner: CR LF inside quotes', 4, () => '张\r\n三');
  cell('owner: tab in front', 4, () => '\t张三');
  cell('owner: DDE', 4, () => "-2+3+cmd|' /C calc'!A0");
  // Region and stop date.
  for (const v of ['999999', '5223O1', '=522301', '522301\u200b'])
    cell(`region: ${JSON.stringify(v)}`, 5, () => v);
  for (const v of ['2016-02-30', '2016/10/20', '=TODAY()', '20161020', '2016-10-20\u200b'])
    cell(`stopped_on: ${JSON.stringify(v)}`, 6, () => v);
  // The row's shape.
  rows.push({ label: 'shape: too few columns', raw: `${next()},mobile,temporary_account` });
  rows.push({
    label: 'shape: too many columns (unquoted comma in a name)',
    raw: `${next()},mobile,temporary_account,single_stop,某单位,经办人,,${STOP}`,
  });
  rows.push({ label: 'shape: only commas', raw: ',,,,,,' });
  rows.push({
    label: 'shape: quote in the middle of a number',
    raw: `${at(next(), 4, '"')},mobile,temporary_account,single_stop,,,${STOP}`,
  });
  rows.push({
    label: 'shape: text after a closing quote',
    raw: `"${next()}"x,mobile,temporary_account,single_stop,,,${STOP}`,
  });
  rows.push({
    label: 'shape: a second header (files pasted together, BOM and all)',
    raw: `\ufeff${HEADER}`,
  });
  rows.push({
    label: 'shape: a duplicate of a valid row',
    raw: `${mobile(859, 0)},mobile,temporary_account,double_stop,,,${STOP}`,
  });
  return rows;
}

/** The file: header, then valid and hostile rows interleaved; the line each row starts on. */
function buildFile(
  valid: Row[],
  hostile: Row[],
): { text: string; lines: Map<number, string>; hostileLines: Set<number> } {
  const ordered: Array<{ row: Row; hostile: boolean }> = [];
  const h = [...hostile];
  for (const [i, row] of valid.entries()) {
    ordered.push({ row, hostile: false });
    for (let k = 0; k < 3 && h.length > 0 && i > 0; k++)
      ordered.push({ row: h.shift()!, hostile: true });
  }
  for (const row of h) ordered.push({ row, hostile: true });
  let text = `\ufeff${HEADER}\r\n`;
  let at = 2;
  const lines = new Map<number, string>();
  const hostileLines = new Set<number>();
  for (const o of ordered) {
    const l = line(o.row);
    lines.set(at, o.row.label);
    if (o.hostile) hostileLines.add(at);
    text += `${l}\r\n`;
    at += (l.match(/\n/g) ?? []).length + 1;
  }
  return { text, lines, hostileLines };
}

/** A reason a person can act on: Chinese words, short, nothing hidden or reordering the text. */
function unreadable(reason: string): string | null {
  if (!/[\u4e00-\u9fff]/.test(reason)) return 'no Chinese words';
  if (reason.length > 300) return `${reason.length} characters long`;
  if (HIDDEN.test(reason)) return 'hidden characters';
  if (/error|exception|undefined|null|syntax|relation|column/i.test(reason.replace(/[“”]/g, '')))
    return 'internal wording';
  return null;
}

describe('hostile rows in the suspension-list import (console upload and pnpm shiming import)', () => {
  let t: OperationsTestApp;
  let dir: string;
  const valid = validRows();
  const hostile = hostileRows();
  const file = buildFile(
    valid.map((v) => v.row),
    hostile,
  );
  const expected = valid.map((v) => v.expected).sort((a, b) => a.phone.localeCompare(b.phone));

  beforeAll(async () => {
    t = await createOperationsTestApp([ImportsModule]);
    dir = mkdtempSync(join(tmpdir(), 'shiming-hostile-import-'));
  });
  afterAll(() => t.teardown());

  const adminToken = async (tenantId: string): Promise<string> => {
    const agentId = randomUUID();
    await t.db.dataSource.query(
      `INSERT INTO agent (tenant_id, id, username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x', 'carrier_admin', 'x')`,
      [tenantId, agentId, `u-${agentId}`],
    );
    return t.app.get(TokenService).sign(
      {
        typ: 'agent',
        tenantId,
        agentId,
        role: 'carrier_admin',
        tokenVersion: 0,
      },
      600,
    ).token;
  };

  const upload = (token: string, bytes: Buffer): request.Test =>
    request(t.url)
      .post('/api/console/admin/imports')
      .set('authorization', `Bearer ${token}`)
      .attach('file', bytes, { filename: 'list.csv', contentType: 'text/csv' });

  const cli = async (
    tenant: TenantFixture,
    name: string,
    bytes: Buffer,
  ): Promise<{ code: number; out: string; err: string; report: string }> => {
    writeFileSync(join(dir, name), bytes);
    const out: string[] = [];
    const err: string[] = [];
    const code = await importCommand.run({
      args: [name],
      flags: { tenant: tenant.code },
      cwd: dir,
      config: t.config,
      app: t.app,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return {
      code,
      out: out.join('\n'),
      err: err.join('\n'),
      report: join(dir, `${name}.rejected.csv`),
    };
  };

  /** phone_number of a tenant, owner names decrypted: what the import left, compared exactly. */
  const contents = async (tenant: TenantFixture): Promise<Expected[]> => {
    const rows: Array<{
      phone: string;
      line_type: string;
      state: string;
      kind: string | null;
      registered: boolean;
      region_code: string;
      owner_enc: Buffer | null;
      single: string | null;
      double: string | null;
      cancelled: string | null;
    }> = await t.db.dataSource.query(
      `SELECT phone, line_type, state, unregistered_kind AS kind, registered, region_code, owner_name_on_file_enc AS owner_enc,
              single_stopped_on::text AS single, double_stopped_on::text AS double, cancelled_on::text AS cancelled
         FROM phone_number WHERE tenant_id = $1 ORDER BY phone COLLATE "C"`,
      [tenant.id],
    );
    const crypto = t.app.get(CryptoService);
    return rows
      .map((r) => ({
        phone: r.phone,
        line_type: r.line_type,
        state: r.state,
        kind: r.kind,
        registered: r.registered,
        region_code: r.region_code,
        owner:
          r.owner_enc === null
            ? null
            : crypto.decryptText(
                tenant.id,
                r.owner_enc,
                `phone_number:${r.phone}:owner_name_on_file`,
              ),
        stopped:
          r.state === 'single_stop'
            ? r.single
            : r.state === 'double_stop'
              ? r.double
              : r.state === 'cancelled'
                ? r.cancelled
                : null,
      }))
      .sort((a, b) => a.phone.localeCompare(b.phone));
  };

  /** Every cell of the report as a spreadsheet reads it: none may start a formula. */
  const reportProblems = async (
    text: string,
  ): Promise<{ rows: string[][]; problems: string[] }> => {
    const rows: string[][] = [];
    for await (const batch of readCsv([text])) for (const r of batch) rows.push(r.fields);
    const problems: string[] = [];
    for (const [i, r] of rows.entries())
      for (const c of r)
        if (/^[=+\-@\t\r]/.test(c))
          problems.push(`report row ${i + 1}: live cell ${JSON.stringify(c.slice(0, 40))}`);
    return { rows, problems };
  };

  /** The refused rows must be exactly the hostile ones, each with a reason a person understands. */
  const checkRefused = (refused: Array<{ line: number; reason: string }>): string[] => {
    const problems: string[] = [];
    const got = new Set(refused.map((r) => r.line));
    for (const l of file.hostileLines)
      if (!got.has(l)) problems.push(`line ${l} (${file.lines.get(l)}): not refused`);
    for (const r of refused) {
      if (!file.hostileLines.has(r.line))
        problems.push(`line ${r.line} (${file.lines.get(r.line)}): valid row refused: ${r.reason}`);
      const u = unreadable(r.reason);
      if (u)
        problems.push(
          `line ${r.line} (${file.lines.get(r.line)}): reason ${u}: ${JSON.stringify(r.reason.slice(0, 120))}`,
        );
    }
    return problems;
  };

  it('should import exactly the valid rows and refuse every hostile row with a readable reason on the console upload', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'unicom',
      regionCode: TENANT_REGION,
    });
    const token = await adminToken(tenant.id);
    const res = await upload(token, Buffer.from(file.text));
    expect(res.status).toBe(200);
    const body = res.body as {
      read: number;
      inserted: number;
      rejected: number;
      rejectedSample: Array<{ line: number; number: string; reason: string }>;
    };
    console.log(
      `hostile import (console): ${valid.length} valid and ${hostile.length} hostile rows; status ${res.status}; inserted ${body.inserted}, rejected ${body.rejected}`,
    );
    expect(checkRefused(body.rejectedSample)).toEqual([]);
    expect(body).toMatchObject({
      read: valid.length + hostile.length,
      inserted: valid.length,
      rejected: hostile.length,
    });
    expect(await contents(tenant)).toEqual(expected);

    const again = await upload(token, Buffer.from(file.text));
    expect(again.body).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: valid.length,
      rejected: hostile.length,
    });
    expect(await contents(tenant)).toEqual(expected);
  });

  it('should import exactly the valid rows and write a spreadsheet-safe report of every hostile row with pnpm shiming import', async () => {
    const tenant = await insertTenant(t.db.dataSource, {
      carrier: 'unicom',
      regionCode: TENANT_REGION,
    });
    const r = await cli(tenant, 'hostile.csv', Buffer.from(file.text));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`inserted\\s+${valid.length}\\b`));
    expect(r.out).toMatch(new RegExp(`rejected\\s+${hostile.length}\\b`));
    expect(await contents(tenant)).toEqual(expected);
    const { rows, problems } = await reportProblems(readFileSync(r.report, 'utf8'));
    expect(rows[0]).toEqual([
      'line',
      'number',
      'line_type',
      'unregistered_kind',
      'state',
      'reason',
    ]);
    const refused = rows.slice(1).map((f) => ({ line: Number(f[0]), reason: f[5] ?? '' }));
    console.log(
      `hostile import (CLI): ${hostile.length} hostile rows, ${refused.length} in the report, ${problems.length} live cells`,
    );
    expect([...checkRefused(refused), ...problems]).toEqual([]);

    const history = async (): Promise<unknown> =>
      (
        await t.db.dataSource.query(
          `SELECT count(*)::int AS n FROM number_history WHERE tenant_id = $1`,
          [tenant.id],
        )
      )[0];
    const before = await t.db.dataSource.query(
      `SELECT id, version, updated_at FROM phone_number WHERE tenant_id = $1 ORDER BY id`,
      [tenant.id],
    );
    const h = await history();
    const again = await cli(tenant, 'hostile.csv', Buffer.from(file.text));
    expect(again.out).toMatch(new RegExp(`unchanged\\s+${valid.length}\\b`));
    expect(
      await t.db.dataSource.query(
        `SELECT id, version, updated_at FROM phone_number WHERE tenant_id = $1 ORDER BY id`,
        [tenant.id],
      ),
    ).toEqual(before);
    expect(await history()).toEqual(h);
  });

  it('should refuse a broken file as a whole, change nothing and write no report, on both paths', async () => {
    const good = `\ufeff${HEADER}\r\n${mobile(863, 1)},mobile,temporary_account,single_stop,张三,,${STOP}\r\n${mobile(863, 2)},mobile,,active,,,\r\n`;
    const files: Array<[string, Buffer]> = [
      [
        'GBK bytes in a name',
        Buffer.concat([
          Buffer.from(good),
          Buffer.from(`${mobile(863, 3)},mobile,temporary_account,single_stop,`),
          Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
          Buffer.from(`,,${STOP}\r\n`),
        ]),
      ],
      [
        'a lone 0xFF byte',
        Buffer.concat([Buffer.from(good), Buffer.from([0xff]), Buffer.from('\r\n')]),
      ],
      [
        'UTF-16 with its BOM',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good.slice(1), 'utf16le')]),
      ],
      [
        'an Excel workbook renamed .csv',
        Buffer.concat([
          Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'),
          Buffer.from([0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0xa5, 0xd9]),
          Buffer.from('[Content_Types].xml'),
        ]),
      ],
      [
        'quote left open at the end',
        Buffer.from(
          `${good}${mobile(863, 3)},mobile,temporary_account,single_stop,"张三,,${STOP}\r\n`,
        ),
      ],
      [
        'quote left open in the middle',
        Buffer.from(
          `${good}"${mobile(863, 3)},mobile,temporary_account,single_stop,,,${STOP}\r\n${mobile(863, 4)},mobile,,active,,,\r\n`,
        ),
      ],
      [
        'an enormous name',
        Buffer.from(
          `${good}${mobile(863, 3)},mobile,temporary_account,single_stop,${'张'.repeat(100_000)},,${STOP}\r\n`,
        ),
      ],
      [
        'an enormous unquoted line',
        Buffer.from(
          `${good}${mobile(863, 3)},mobile,temporary_account,single_stop,${'x'.repeat(2_000_000)},,${STOP}\r\n`,
        ),
      ],
      [
        'a formula in the header',
        Buffer.from(good.replace('number,', '=HYPERLINK("http://evil.example","number"),')),
      ],
      ['bidi control in the header', Buffer.from(good.replace('number,', '\u202enumber,'))],
      ['header only with a BOM', Buffer.from(`\ufeff`)],
      ['empty file', Buffer.alloc(0)],
      ['NUL bytes only', Buffer.alloc(4096)],
    ];
    const failures: string[] = [];
    for (const [label, bytes] of files) {
      const a = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
      const b = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
      const res = await upload(await adminToken(a.id), bytes);
      const code = (res.body as { error?: { code?: string; message?: string } }).error?.code;
      const message = (res.body as { error?: { message?: string } }).error?.message ?? '';
      if (res.status !== 400 || !code)
        failures.push(`${label}: console ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      else if (unreadable(message))
        failures.push(`${label}: console message ${unreadable(message)}: ${message.slice(0, 120)}`);
      const name = `broken-${files.findIndex((f) => f[0] === label)}.csv`;
      let r: Awaited<ReturnType<typeof cli>> | undefined;
      try {
        r = await cli(b, name, bytes);
      } catch (e) {
        failures.push(`${label}: CLI threw ${(e as Error).message.slice(0, 200)}`);
      }
      if (r && r.code !== 2) failures.push(`${label}: CLI exit ${r.code}: ${r.out}`);
      if (r && !/nothing was changed/.test(r.err)) failures.push(`${label}: CLI said ${r.err}`);
      if (r && existsSync(r.report)) failures.push(`${label}: CLI wrote a report`);
      for (const tenant of [a, b])
        if ((await contents(tenant)).length > 0)
          failures.push(`${label}: rows written for ${tenant.code}`);
    }
    const stages = await t.db.dataSource.query(
      `SELECT relname FROM pg_class WHERE relname LIKE 'import_stage_%'`,
    );
    console.log(
      `hostile import (broken files): ${files.length} tried on both paths, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(stages).toEqual([]);
  });

  it('should refuse the whole upload and import nothing when one request carries two files', async () => {
    const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    const token = await adminToken(tenant.id);
    const one = Buffer.from(
      `${HEADER}\n${mobile(864, 1)},mobile,temporary_account,single_stop,,,${STOP}\n`,
    );
    const two = Buffer.from(
      `${HEADER}\n${mobile(864, 2)},mobile,temporary_account,single_stop,,,${STOP}\n`,
    );
    for (const second of ['file', 'other']) {
      const res = await upload(token, one).attach(second, two, 'second.csv');
      expect(res.status).toBe(400);
      expect(typeof res.body.error?.code).toBe('string');
    }
    expect(await contents(tenant)).toEqual([]);
  });
});
