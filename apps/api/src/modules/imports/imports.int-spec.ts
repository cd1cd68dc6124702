import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TokenService } from '../../common/auth/token.service';
import { importCommand } from '../../cli/commands/import';
import { createOperationsTestApp, OperationsTestApp } from '../../test/operations-app';
import {
  insertCase,
  insertNumber,
  insertTenant,
  TenantFixture,
} from '../../test/operations-fixtures';
import { ImportsModule } from './imports.module';
import { ImportsService } from './imports.service';

const HEADER = 'number,line_type,unregistered_kind,state';

describe('suspension-list import', () => {
  let t: OperationsTestApp;
  let svc: ImportsService;
  let dir: string;

  beforeAll(async () => {
    t = await createOperationsTestApp([ImportsModule]);
    svc = t.app.get(ImportsService);
    dir = mkdtempSync(join(tmpdir(), 'shiming-import-'));
  });
  afterAll(() => t.teardown());

  const source = (text: string | Buffer): Buffer[] => [
    Buffer.isBuffer(text) ? text : Buffer.from(text),
  ];
  const run = (tenant: TenantFixture, text: string | Buffer, reportPath?: string) =>
    svc.importCsv({
      tenant: { code: tenant.code },
      source: source(text),
      actor: { type: 'cli', id: 'test' },
      reportPath,
    });
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await t.db.dataSource.query(sql, params))[0].n);

  it('should import the good rows and report each bad row with its reason when the file mixes them', async () => {
    const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    const file = [
      `\uFEFF${HEADER},owner_name`,
      '18608590001,mobile,temporary_account,single_stop,',
      '"186 0859 0002",mobile,owner_differs,double_stop,"张三,经办"',
      '13800138000,mobile,temporary_account,single_stop,', // China Mobile number
      '=HYPERLINK("http://evil"),mobile,temporary_account,single_stop,',
      '18608590003,mobile,temporary_account,single_stop,=cmd|calc',
      '18608590004,mobile,,single_stop,', // kind missing
      '18608590005,mobile,temporary_account,lift_pending,',
      '18608590001,mobile,temporary_account,single_stop,', // duplicate of line 2
      '18608590006,mobile,temporary_account', // too few columns
      '0859-3221234,fixed,group_card,single_stop,某单位',
      '18608590007,mobile,,active,',
    ].join('\r\n');
    const report = join(dir, 'report-mixed.csv');
    const r = await run(tenant, file, report);
    expect(r).toMatchObject({
      read: 11,
      accepted: 4,
      inserted: 4,
      updated: 0,
      unchanged: 0,
      rejected: 7,
    });
    expect(r.rejectedSample.map((x) => x.line)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('line,number,line_type,unregistered_kind,state,reason');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toContain('中国移动');
    // The formula comes back neutralised (a leading apostrophe), never as a live formula.
    expect(lines[2]).toMatch(/^5,"'=HYPERLINK\(""http:\/\/evil""\)"/);
    expect(lines[6]).toContain('第 2 行');
    const rows: Array<{
      phone: string;
      state: string;
      registered: boolean;
      owner: boolean;
      double_stopped_on: string | null;
    }> = await t.db.dataSource.query(
      `SELECT phone, state, registered, owner_name_on_file_enc IS NOT NULL AS owner, double_stopped_on::text FROM phone_number WHERE tenant_id = $1 ORDER BY phone`,
      [tenant.id],
    );
    expect(rows.map((x) => [x.phone, x.state, x.registered, x.owner])).toEqual([
      ['0859-3221234', 'single_stop', false, true],
      ['18608590001', 'single_stop', false, false],
      ['18608590002', 'double_stop', false, true],
      ['18608590007', 'active', true, false],
    ]);
    expect(rows[2]?.double_stopped_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      await count(
        `SELECT count(*) AS n FROM number_history WHERE tenant_id = $1 AND cause = 'import'`,
        [tenant.id],
      ),
    ).toBe(4);
    const stages = await count(
      `SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'import_stage_%'`,
      [],
    );
    expect(stages).toBe(0);
  });

  it('should change nothing and report 0 changed when the same file is imported twice', async () => {
    const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    const file = `${HEADER},owner_name,region_code,stopped_on\n18608590101,mobile,temporary_account,single_stop,王五,522301,2016-10-20\n18608590102,mobile,group_card,double_stop,某公司,,\n`;
    const first = await run(tenant, file);
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    const before = await t.db.dataSource.query(
      `SELECT id, version, updated_at FROM phone_number WHERE tenant_id = $1 ORDER BY phone`,
      [tenant.id],
    );
    const second = await run(tenant, file);
    expect(second).toMatchObject({
      read: 2,
      accepted: 2,
      inserted: 0,
      updated: 0,
      unchanged: 2,
      rejected: 0,
      stateChanges: 0,
    });
    expect(
      await t.db.dataSource.query(
        `SELECT id, version, updated_at FROM phone_number WHERE tenant_id = $1 ORDER BY phone`,
        [tenant.id],
      ),
    ).toEqual(before);
    expect(
      await count(`SELECT count(*) AS n FROM number_history WHERE tenant_id = $1`, [tenant.id]),
    ).toBe(2);
  });

  it('should update changed rows and record the state change in history when the list moves on', async () => {
    const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    await run(
      tenant,
      `${HEADER}\n18608590201,mobile,temporary_account,single_stop\n18608590202,mobile,temporary_account,single_stop\n`,
    );
    const r = await run(
      tenant,
      `${HEADER}\n18608590201,mobile,temporary_account,double_stop\n18608590202,mobile,incomplete_data,single_stop\n`,
    );
    expect(r).toMatchObject({ inserted: 0, updated: 2, unchanged: 0, stateChanges: 1 });
    const hist = await t.db.dataSource.query(
      `SELECT h.from_state, h.to_state FROM number_history h JOIN phone_number p ON p.tenant_id = h.tenant_id AND p.id = h.number_id
        WHERE p.tenant_id = $1 AND p.phone = '18608590201' ORDER BY h.at, h.from_state NULLS FIRST`,
      [tenant.id],
    );
    expect(hist).toEqual([
      { from_state: null, to_state: 'single_stop' },
      { from_state: 'single_stop', to_state: 'double_stop' },
    ]);
    const [n] = await t.db.dataSource.query(
      `SELECT version, double_stopped_on IS NOT NULL AS dated FROM phone_number WHERE tenant_id = $1 AND phone = '18608590201'`,
      [tenant.id],
    );
    expect(n).toEqual({ version: 1, dated: true });
  });

  it('should give new numbers and state changes of one import distinct history ids', async () => {
    const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    await run(
      tenant,
      `${HEADER}\n18608590401,mobile,temporary_account,single_stop\n18608590402,mobile,temporary_account,single_stop\n`,
    );
    const r = await run(
      tenant,
      `${HEADER}\n18608590401,mobile,temporary_account,double_stop\n18608590402,mobile,temporary_account,cancelled\n18608590403,mobile,temporary_account,single_stop\n18608590404,mobile,group_card,double_stop\n`,
    );
    expect(r).toMatchObject({ inserted: 2, updated: 2, stateChanges: 2 });
    const [{ rows, ids }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM number_history WHERE tenant_id = $1`,
      [tenant.id],
    );
    expect({ rows, ids }).toEqual({ rows: 6, ids: 6 });
  });

  it('should leave a number alone and report it when it has an open case or a pending lift', async () => {
    const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    const withCase = await insertNumber(t.db.dataSource, tenant.id, {
      phone: '18608590301',
      state: 'single_stop',
    });
    await insertCase(t.db.dataSource, tenant.id, withCase, 'submitted');
    await insertNumber(t.db.dataSource, tenant.id, { phone: '18608590302', state: 'lift_pending' });
    const r = await run(
      tenant,
      `${HEADER}\n18608590301,mobile,temporary_account,double_stop\n18608590302,mobile,temporary_account,double_stop\n`,
    );
    expect(r).toMatchObject({ accepted: 0, rejected: 2, updated: 0 });
    expect(r.rejectedSample.map((x) => x.reason)).toEqual([
      expect.stringContaining('正在审核'),
      expect.stringContaining('复机'),
    ]);
    expect(
      await count(
        `SELECT count(*) AS n FROM phone_number WHERE tenant_id = $1 AND state = 'double_stop'`,
        [tenant.id],
      ),
    ).toBe(0);
  });

  it.each([
    [
      'a wrong header',
      'phone,type,kind,state\n18608590401,mobile,temporary_account,single_stop\n',
      'BAD_HEADER',
    ],
    ['an empty file', '', 'EMPTY_FILE'],
    [
      'GBK bytes',
      Buffer.concat([
        Buffer.from(`${HEADER},owner_name\n18608590401,mobile,temporary_account,single_stop,`),
        Buffer.from([0xd5, 0xc5, 0x0a]),
      ]),
      'BAD_FILE',
    ],
    [
      'an unterminated quote',
      `${HEADER}\n18608590401,mobile,temporary_account,single_stop\n"18608590402,mobile`,
      'BAD_FILE',
    ],
  ])('should write nothing and explain when the file has %s', async (_what, text, code) => {
    const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    await expect(run(tenant, text)).rejects.toMatchObject({ code });
    expect(
      await count(`SELECT count(*) AS n FROM phone_number WHERE tenant_id = $1`, [tenant.id]),
    ).toBe(0);
  });

  it('should refuse an unknown tenant when the code matches none', async () => {
    await expect(
      run({ id: randomUUID(), code: 'no-such', carrier: 'unicom' }, `${HEADER}\n`),
    ).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });

  describe('pnpm shiming import', () => {
    const cli = async (args: string[], flags: Record<string, string | true>) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await importCommand.run({
        args,
        flags,
        cwd: dir,
        config: t.config,
        app: t.app,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    it('should print the counts and write the report next to the file when rows are refused', async () => {
      const tenant = await insertTenant(t.db.dataSource, { carrier: 'telecom' });
      writeFileSync(
        join(dir, 'telecom.csv'),
        `${HEADER}\n18908590001,mobile,temporary_account,single_stop\n18608590001,mobile,temporary_account,single_stop\n`,
      );
      const r = await cli(['telecom.csv'], { tenant: tenant.code });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/read\s+2/);
      expect(r.out).toMatch(/inserted\s+1/);
      expect(r.out).toMatch(/rejected\s+1/);
      expect(readFileSync(join(dir, 'telecom.csv.rejected.csv'), 'utf8')).toContain('中国联通');
    });

    it('should exit 2 with a clear message when the tenant is unknown', async () => {
      writeFileSync(join(dir, 'x.csv'), `${HEADER}\n`);
      const r = await cli(['x.csv'], { tenant: 'nobody' });
      expect(r.code).toBe(2);
      expect(r.err).toContain('nobody');
    });

    it('should refuse a missing file as a usage error when the path does not exist', async () => {
      await expect(cli(['missing.csv'], { tenant: 'x' })).rejects.toThrow(/No such file/);
    });
  });

  describe('POST /api/console/admin/imports', () => {
    const tokenFor = async (tenantId: string, role: 'agent' | 'carrier_admin'): Promise<string> => {
      const agentId = randomUUID();
      await t.db.dataSource.query(
        `INSERT INTO agent (tenant_id, id, username, display_name, role, password_hash) VALUES ($1, $2, $3, 'x', $4, 'x')`,
        [tenantId, agentId, `u-${agentId}`, role],
      );
      return t.app
        .get(TokenService)
        .sign({ typ: 'agent', tenantId, agentId, role, tokenVersion: 0 }, 600).token;
    };

    it("should import into the admin's tenant and mask numbers when a carrier admin uploads", async () => {
      const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
      const token = await tokenFor(tenant.id, 'carrier_admin');
      const res = await request(t.url)
        .post('/api/console/admin/imports')
        .set('authorization', `Bearer ${token}`)
        .attach(
          'file',
          Buffer.from(
            `${HEADER}\n18608590501,mobile,temporary_account,single_stop\n13800138000,mobile,temporary_account,single_stop\n`,
          ),
          'list.csv',
        )
        .expect(200);
      expect(res.body).toMatchObject({ read: 2, inserted: 1, rejected: 1 });
      expect(res.body.rejectedSample[0]).toMatchObject({ line: 3, number: '138****8000' });
    });

    it('should refuse the upload when the agent is not a carrier admin', async () => {
      const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
      const token = await tokenFor(tenant.id, 'agent');
      await request(t.url)
        .post('/api/console/admin/imports')
        .set('authorization', `Bearer ${token}`)
        .attach('file', Buffer.from(HEADER), 'x.csv')
        .expect(403);
    });

    it('should answer 400 with the reason when the header is wrong', async () => {
      const tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
      const token = await tokenFor(tenant.id, 'carrier_admin');
      const res = await request(t.url)
        .post('/api/console/admin/imports')
        .set('authorization', `Bearer ${token}`)
        .attach('file', Buffer.from('a,b\n1,2\n'), 'x.csv')
        .expect(400);
      expect(res.body.error.code).toBe('BAD_HEADER');
    });
  });
});
