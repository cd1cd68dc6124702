import { randomBytes } from 'node:crypto';
import { DEFAULT_POLICY, nextEscalation } from '@shiming/domain';
import request from 'supertest';
import type { CliContext } from '../../cli/command';
import { campaignCreate, campaignRun, campaignStatus } from '../../cli/commands/campaign';
import { agentToken, seedAgent, seedTenant, SeededTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import { OfficialAccountService } from '../official-account/official-account.service';
import { SMS_SENDER, SmsSender } from '../sms/sms.sender';
import { CampaignRunner } from './campaign.runner';
import { CampaignReport, CampaignsService, selectionFor } from './campaigns.service';

const N = 10_000;

/**
 * 10,000 unregistered numbers of one tenant, in one statement: i = 1…N, phone 186 + i.
 *   i ≤ 200: a follower of the official account is bound to the number (i ≤ 100 double stop);
 *   i 201–210: bound, but the user unfollowed → SMS;
 *   i 211–260: double stop, no follower → skipped; i 261–300: fixed lines → skipped;
 *   the rest single stop (every 10th 'active' unregistered).
 * Plus registered and cancelled numbers that no campaign may select.
 */
async function seedNumbers(t: TestApp, tenant: SeededTenant): Promise<void> {
  const ds = t.db.dataSource;
  await ds.query(
    `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind, registered, region_code, single_stopped_on, double_stopped_on)
     SELECT $1, gen_random_uuid(),
            CASE WHEN i BETWEEN 261 AND 300 THEN '0859' || lpad(i::text, 7, '3') ELSE '186' || lpad(i::text, 8, '0') END,
            CASE WHEN i BETWEEN 261 AND 300 THEN 'fixed' ELSE 'mobile' END::line_type,
            CASE WHEN i <= 100 OR i BETWEEN 211 AND 260 THEN 'double_stop'
                 WHEN i % 10 = 0 AND i > 300 THEN 'active'
                 ELSE 'single_stop' END::service_state,
            (ARRAY['temporary_account','incomplete_data','owner_differs','group_card'])[1 + i % 4]::unregistered_kind,
            false, '522301', '2016-10-15', CASE WHEN i <= 100 OR i BETWEEN 211 AND 260 THEN DATE '2016-11-01' END
       FROM generate_series(1, $2::int) AS i`,
    [tenant.id, N],
  );
  await ds.query(
    `INSERT INTO phone_number (tenant_id, id, phone, line_type, state, registered)
     SELECT $1, gen_random_uuid(), '1869' || lpad(i::text, 7, '0'), 'mobile',
            CASE WHEN i % 2 = 0 THEN 'active' ELSE 'cancelled' END::service_state, i % 2 = 0
       FROM generate_series(1, 100) AS i`,
    [tenant.id],
  );
  await ds.query(
    `INSERT INTO wechat_identity (tenant_id, openid, phone)
     SELECT $1, 'o-follower-' || i, '186' || lpad(i::text, 8, '0') FROM generate_series(1, 210) AS i`,
    [tenant.id],
  );
  await ds.query(
    `INSERT INTO official_account_user (tenant_id, openid, following, followed_at)
     SELECT $1, 'o-follower-' || i, i <= 200, now() FROM generate_series(1, 210) AS i`,
    [tenant.id],
  );
}

describe('reminder campaigns', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '10' });
    tenant = await seedTenant(t.db.dataSource, {
      carrier: 'unicom',
      displayName: '黔西南联通',
      hotline: '10010',
      policy: { singleToDoubleDate: '2099-11-01', doubleToCancelGraceDays: 30 },
    });
    await t.app.get(OfficialAccountService).configure(
      tenant.id,
      {
        appId: `wx${randomBytes(8).toString('hex')}`,
        appSecret: 'campaign-secret-0123456789',
        token: 'campaignToken',
        campaignTemplateId: 'tpl-reminder',
      },
      { actorType: 'cli', actorId: 'test' },
    );
    const admin = await seedAgent(t.db.dataSource, tenant.id, 'carrier_admin');
    auth = { Authorization: `Bearer ${agentToken(t.config, admin)}` };
    await seedNumbers(t, tenant);
  });
  afterAll(() => t.teardown());

  it('should send 10,000 reminders once each when the run is killed half-way and resumed', async () => {
    const t0 = Date.now();
    const created = await request(t.url)
      .post('/api/console/admin/campaigns')
      .set(auth)
      .send({ name: '双停前提醒', ratePerSecond: 10000 })
      .expect(201);
    const c = created.body as CampaignReport;
    expect(c).toMatchObject({ status: 'ready', total: N });

    const runner = t.app.get(CampaignRunner);
    runner.options.batchSize = 200;
    runner.options.concurrency = 16;
    const sms = t.app.get<SmsSender>(SMS_SENDER);
    const realSend = sms.send.bind(sms);
    let calls = 0;
    // The kill: the 4,000th SMS goes out, then the process "dies" before recording it.
    sms.send = async (msg) => {
      const n = ++calls;
      await realSend(msg);
      if (n === 4000) throw new Error('simulated kill');
    };
    await expect(runner.run(tenant.id, c.id)).rejects.toThrow('simulated kill');
    const t1 = Date.now();
    const mid = (
      await request(t.url).get(`/api/console/admin/campaigns/${c.id}`).set(auth).expect(200)
    ).body as CampaignReport;
    expect(mid.status).toBe('running');
    expect(mid.counts.sending).toBeGreaterThanOrEqual(1);
    expect(mid.counts.sending).toBeLessThanOrEqual(16);
    expect(mid.counts.sent).toBeGreaterThan(3000);

    sms.send = realSend;
    const resumed = await runner.run(tenant.id, c.id);
    const t2 = Date.now();
    expect(resumed.status).toBe('done');
    expect(resumed.interrupted).toBe(mid.counts.sending);

    const r = (
      await request(t.url).get(`/api/console/admin/campaigns/${c.id}`).set(auth).expect(200)
    ).body as CampaignReport;
    expect(r.status).toBe('done');
    expect(r.counts).toEqual({
      pending: 0,
      sending: 0,
      sent: N - 90 - mid.counts.sending,
      failed: 0,
      skipped: 90,
      unknown: mid.counts.sending,
    });
    expect(r.skippedByReason).toEqual({ double_stop_no_follower: 50, fixed_line_no_follower: 40 });
    expect(r.byChannel.wechat.sent).toBe(200);

    // Nothing went out twice: one SMS per number, one template message per follower.
    const dupSms = await t.db.dataSource.query(
      `SELECT recipient FROM demo_inbox WHERE channel = 'sms' AND tenant_code = $1 GROUP BY recipient HAVING count(*) > 1`,
      [tenant.code],
    );
    expect(dupSms).toEqual([]);
    const [{ n: smsCount }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM demo_inbox WHERE channel = 'sms' AND tenant_code = $1`,
      [tenant.code],
    );
    expect(smsCount).toBeGreaterThanOrEqual(r.byChannel.sms.sent);
    expect(smsCount).toBeLessThanOrEqual(r.byChannel.sms.sent + r.counts.unknown);
    const templates: Array<{ recipient: string; n: number }> = await t.db.dataSource.query(
      `SELECT recipient, count(*)::int AS n FROM demo_inbox WHERE channel = 'wechat.template' AND recipient LIKE 'o-follower-%' GROUP BY recipient`,
    );
    expect(templates).toHaveLength(200);
    expect(templates.every((x) => x.n === 1)).toBe(true);
    expect(templates.some((x) => Number(x.recipient.slice(11)) > 200)).toBe(false);

    // Every message carries a code recorded as a notice: "is this notice real?" answers genuine.
    const [{ n: withNotice }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM campaign_item i JOIN notice n ON n.tenant_id = i.tenant_id AND n.code = i.code
        WHERE i.tenant_id = $1 AND i.campaign_id = $2 AND i.status IN ('sent', 'unknown')`,
      [tenant.id, c.id],
    );
    expect(withNotice).toBe(N - 90);
    const [last] = (
      await request(t.url).get('/api/demo/sms-outbox').query({ phone: '18600009999' })
    ).body as Array<{ text: string; code: string }>;
    expect(last?.text).toContain(`输入 ${last?.code}`);
    expect(last?.text).toContain('2099-11-01 起将双向停机');
    const verify = await request(t.url)
      .get('/api/notices/verify')
      .query({ tenant: tenant.code, code: last?.code })
      .expect(200);
    expect(verify.body).toMatchObject({ genuine: true, channel: 'sms' });
    const [tpl] = (
      await request(t.url).get('/api/demo/wechat/templates').query({ openid: 'o-follower-7' })
    ).body as Array<Record<string, unknown>>;
    expect(tpl).toMatchObject({
      templateId: 'tpl-reminder',
      miniprogram: { pagepath: 'pages/home/index' },
    });

    // Measured, not asserted (speed belongs to bench/): printed for the report.
    process.stdout.write(
      `campaign of ${N}: create + first run (killed at 4,000 SMS) ${t1 - t0} ms, resume ${t2 - t1} ms\n`,
    );
  }, 180_000);

  it('should refuse a second runner when the first one is alive', async () => {
    const c = await t.app
      .get(CampaignsService)
      .create(
        tenant.id,
        { name: 'busy', states: ['double_stop'], ratePerSecond: 1000 },
        { actorType: 'cli', actorId: 't' },
      );
    await t.db.dataSource.query(
      `UPDATE campaign SET runner_id = gen_random_uuid(), runner_seen_at = now(), status = 'running' WHERE tenant_id = $1 AND id = $2`,
      [tenant.id, c.id],
    );
    await expect(t.app.get(CampaignRunner).run(tenant.id, c.id)).rejects.toMatchObject({
      code: 'CAMPAIGN_BUSY',
    });
    // Its heartbeat stops: after the lease the campaign is taken over.
    await t.db.dataSource.query(
      `UPDATE campaign SET runner_seen_at = now() - interval '2 minutes' WHERE tenant_id = $1 AND id = $2`,
      [tenant.id, c.id],
    );
    await expect(t.app.get(CampaignRunner).run(tenant.id, c.id)).resolves.toMatchObject({
      status: 'done',
    });
  });

  it('should pause when a person stops the run and go on from there when started again', async () => {
    const c = await t.app
      .get(CampaignsService)
      .create(
        tenant.id,
        { name: 'pause', states: ['active'], ratePerSecond: 5000 },
        { actorType: 'cli', actorId: 't' },
      );
    const runner = t.app.get(CampaignRunner);
    runner.options.batchSize = 100;
    const stop = new AbortController();
    const first = await runner.run(tenant.id, c.id, {
      signal: stop.signal,
      pauseWhenStopped: true,
      onProgress: () => stop.abort(),
    });
    expect(first).toMatchObject({ status: 'paused', sent: 100 });
    const paused = await request(t.url)
      .get(`/api/console/admin/campaigns/${c.id}`)
      .set(auth)
      .expect(200);
    expect(paused.body).toMatchObject({
      status: 'paused',
      counts: { sent: 100, pending: c.total - 100 },
    });
    await request(t.url).post(`/api/console/admin/campaigns/${c.id}/start`).set(auth).expect(200);
    const second = await runner.run(tenant.id, c.id);
    expect(second).toMatchObject({ status: 'done', sent: c.total - 100, interrupted: 0 });
  });

  it('should select by kind, state and days to escalation when the CLI creates, runs and reports', async () => {
    const lines: string[] = [];
    const ctx = (args: string[], flags: Record<string, string | true>): CliContext => ({
      args,
      cwd: process.cwd(),
      flags: { tenant: tenant.code, ...flags },
      config: t.config,
      app: t.app,
      out: (l) => lines.push(l),
      err: () => undefined,
    });
    // Double stops began 2016-11-01, cancelled 30 days later: far in the past → 0 days left.
    expect(
      await campaignCreate.run(
        ctx([], {
          name: '集团卡',
          states: 'double_stop',
          kinds: 'group_card',
          'max-days': '7',
          rate: '5000',
        }),
      ),
    ).toBe(0);
    const id = lines.pop() as string;
    const report = await t.app.get(CampaignsService).report(tenant.id, id);
    const [{ n }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM phone_number WHERE tenant_id = $1 AND state = 'double_stop' AND unregistered_kind = 'group_card' AND NOT registered`,
      [tenant.id],
    );
    expect(report.total).toBe(n);
    expect(await campaignRun.run(ctx([id], {}))).toBe(0);
    lines.length = 0;
    expect(await campaignStatus.run(ctx([id], {}))).toBe(0);
    expect(lines.join('\n')).toMatch(/status\s+done/);
  });

  it('should follow the domain when days to escalation are turned into dates', () => {
    const policy = {
      ...DEFAULT_POLICY,
      singleToDoubleDate: '2016-11-10',
      doubleToCancelGraceDays: 30,
    };
    const today = new Date('2016-11-01T04:00:00Z');
    const s = selectionFor(
      {
        states: ['single_stop', 'double_stop'],
        kinds: null,
        regionCodes: null,
        maxDaysToEscalation: 9,
      },
      policy,
      today,
    );
    expect(s.singleStopAllowed).toBe(
      nextEscalation('single_stop', policy, null, today)!.daysLeft <= 9,
    );
    expect(s.singleStopAllowed).toBe(true);
    for (const dso of ['2016-10-10', '2016-10-11', '2016-10-12']) {
      const inDomain = nextEscalation('double_stop', policy, dso, today)!.daysLeft <= 9;
      expect(dso <= (s.doubleStoppedOnOrBefore as string)).toBe(inDomain);
    }
    expect(
      selectionFor(
        { states: ['single_stop'], kinds: null, regionCodes: null, maxDaysToEscalation: 8 },
        policy,
        today,
      ).singleStopAllowed,
    ).toBe(false);
  });
});
