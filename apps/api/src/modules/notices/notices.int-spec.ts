import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { noticesImportCommand } from '../../cli/commands/notices-import';
import { createOperationsTestApp, OperationsTestApp } from '../../test/operations-app';
import { insertTenant, TenantFixture } from '../../test/operations-fixtures';
import { NoticesModule } from './notices.module';
import { NoticesService } from './notices.service';

describe('notices', () => {
  let t: OperationsTestApp;
  let tenant: TenantFixture;
  let dir: string;

  beforeAll(async () => {
    // Behind a proxy on loopback (the test client), so each test can be its own client address.
    t = await createOperationsTestApp([NoticesModule], { TRUST_PROXY: 'loopback' });
    tenant = await insertTenant(t.db.dataSource, { carrier: 'unicom' });
    dir = mkdtempSync(join(tmpdir(), 'shiming-notices-'));
  });
  afterAll(() => t.teardown());

  // Each test uses its own client address (the rate limit is per address).
  let client = 0;
  const verify = (query: Record<string, string>) =>
    request(t.url)
      .get('/api/notices/verify')
      .set('x-forwarded-for', `10.0.0.${++client}`)
      .query({ tenant: tenant.code, ...query });

  const cli = async (args: string[], flags: Record<string, string | true>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await noticesImportCommand.run({
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

  it('should record a campaign and answer genuine for its codes when the notice is checked', async () => {
    writeFileSync(
      join(dir, 'campaign.csv'),
      'phone,channel,sent_at,campaign,sender,code\n18608590001,sms,2016-10-20,十月补登,10655010,\n18608590002,letter,2016-10-21T09:30:00+08:00,十月补登,,K7M2QP\n',
    );
    const r = await cli(['campaign.csv'], { tenant: tenant.code });
    expect(r).toMatchObject({ code: 0 });
    const codes = readFileSync(join(dir, 'campaign.csv.codes.csv'), 'utf8').trim().split('\n');
    expect(codes).toHaveLength(3);
    const drawn = codes[1]?.split(',')[2] as string;
    expect(drawn).toMatch(/^[2-9A-HJKMNP-TW-Z]{6}$/);

    const res = await verify({ code: drawn.toLowerCase() }).expect(200);
    expect(res.body).toMatchObject({
      genuine: true,
      hotline: '10010',
      channel: 'sms',
      sentAt: '2016-10-19T16:00:00.000Z',
    });
    const letter = await verify({ code: 'k7m-2qp' }).expect(200);
    expect(letter.body).toMatchObject({ genuine: true, channel: 'letter' });
    const bySender = await verify({ phone: '10655010' }).expect(200);
    expect(bySender.body.genuine).toBe(true);
  });

  it('should answer not ours with the hotline and scam advice when the code is unknown or malformed', async () => {
    const res = await verify({ code: 'ZZZZZZ' }).expect(200);
    expect(res.body).toEqual({
      genuine: false,
      hotline: '10010',
      advice: expect.stringContaining('10010'),
    });
    expect(res.body.advice).toContain('不要转账');
    const bad = await verify({ code: 'O0O0' }).expect(200);
    expect(bad.body.genuine).toBe(false);
    const caller = await verify({ phone: '+86 170 1234 5678' }).expect(200);
    expect(caller.body.genuine).toBe(false);
  });

  it('should answer genuine when the caller is the official hotline', async () => {
    const res = await verify({ phone: '10010' }).expect(200);
    expect(res.body.genuine).toBe(true);
  });

  it('should rate-limit a client address when it checks too often', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await request(t.url)
        .get('/api/notices/verify')
        .set('x-forwarded-for', '10.9.9.9')
        .query({ tenant: tenant.code, code: 'ZZZZZZ' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('should answer 400 when neither code nor phone is given, and 404 for an unknown tenant', async () => {
    await verify({}).expect(400);
    await request(t.url)
      .get('/api/notices/verify')
      .query({ tenant: 'nobody', code: 'K7M2QP' })
      .expect(404);
  });

  it('should write nothing and list the bad rows when a campaign file has errors', async () => {
    writeFileSync(
      join(dir, 'bad.csv'),
      'phone,channel,sent_at,campaign\n18608590003,fax,2016-10-20,x\n18608590004,sms,yesterday,x\n=1+1,sms,2016-10-20,x\n',
    );
    const r = await cli(['bad.csv'], { tenant: tenant.code });
    expect(r.code).toBe(2);
    expect(r.err).toContain('line 2');
    expect(r.err).toContain('line 4');
    const n = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM notice WHERE tenant_id = $1 AND phone IN ('18608590003', '18608590004')`,
      [tenant.id],
    );
    expect(n[0].n).toBe(0);
  });

  it('should refuse a code that is already in use when the file gives one', async () => {
    await expect(
      t.app.get(NoticesService).importCsv({
        tenant: tenant.code,
        source: [
          Buffer.from('phone,channel,sent_at,campaign,code\n18608590005,sms,2016-10-20,x,K7M2QP\n'),
        ],
        actor: { type: 'cli', id: 't' },
      }),
    ).rejects.toMatchObject({ code: 'BAD_FILE' });
  });
});
