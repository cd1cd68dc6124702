import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TokenService } from '../../common/auth/token.service';
import { agentToken, seedAgent, seedNumber, seedTenant, SeededTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import { openidForApp } from '../wechat-emulator/wechat-emulator';
import {
  aesKeyFrom,
  buildWeChatXml,
  decryptMessage,
  encryptMessage,
  parseWeChatXml,
  sha1Signature,
} from './callback-crypto';
import type { CliContext } from '../../cli/command';
import { miniprogramUpload } from '../../cli/commands/miniprogram';
import { wechatMenuPublish } from '../../cli/commands/wechat';
import { OfficialAccountService } from './official-account.service';

const TOKEN = 'shimingToken42';
const AES_KEY_TEXT = randomBytes(32).toString('base64').slice(0, 43);

describe('the official account against the WeChat emulator', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let appId: string;
  let accounts: OfficialAccountService;

  beforeAll(async () => {
    t = await createTestApp();
    accounts = t.app.get(OfficialAccountService);
    tenant = await seedTenant(t.db.dataSource, {
      carrier: 'unicom',
      displayName: '黔西南联通',
      hotline: '10010',
    });
    appId = `wx${randomBytes(8).toString('hex')}`;
    await accounts.configure(
      tenant.id,
      {
        appId,
        appSecret: 'oa-secret-0123456789abcdef',
        token: TOKEN,
        encodingAesKey: AES_KEY_TEXT,
        originalId: 'gh_0123456789ab',
        campaignTemplateId: 'tpl-reminder',
      },
      { actorType: 'cli', actorId: 'test' },
    );
  });
  afterAll(() => t.teardown());

  function signed(extra: Record<string, string> = {}, at = Math.floor(Date.now() / 1000)) {
    const timestamp = String(at);
    const nonce = String(Math.floor(Math.random() * 1e10));
    return { timestamp, nonce, signature: sha1Signature([TOKEN, timestamp, nonce]), ...extra };
  }

  const event = (fields: Record<string, string | number>): string =>
    buildWeChatXml({
      ToUserName: 'gh_0123456789ab',
      FromUserName: 'o-follower',
      CreateTime: Math.floor(Date.now() / 1000),
      ...fields,
    });

  describe('menu', () => {
    it('should build the menu with the mini-program, its H5 fallback, 号码状态, 核实通知 and the hotline when dry-run', async () => {
      const { menu, published } = await accounts.publishMenu(tenant.id, {
        dryRun: true,
        actor: { actorType: 'cli', actorId: 'test' },
      });
      expect(published).toBe(false);
      const base = t.config.publicBaseUrl;
      const start = (page: string): string =>
        `${base}/api/auth/wechat-oauth/start?tenant=${tenant.code}&redirect=${encodeURIComponent(`/h5/?tenant=${tenant.code}#/${page}`)}`;
      expect(menu).toEqual({
        button: [
          {
            name: '我要办理',
            sub_button: [
              {
                type: 'miniprogram',
                name: '实名认证',
                url: start('pages/home/index'),
                appid: t.config.wechat.appId,
                pagepath: 'pages/home/index',
              },
              {
                type: 'miniprogram',
                name: '号码状态',
                url: start('number/status/index'),
                appid: t.config.wechat.appId,
                pagepath: 'number/status/index',
              },
            ],
          },
          {
            type: 'miniprogram',
            name: '核实通知',
            url: start('notice/verify/index'),
            appid: t.config.wechat.appId,
            pagepath: 'notice/verify/index',
          },
          { type: 'click', name: '客服热线', key: 'SHIMING_HOTLINE' },
        ],
      });
    });

    it('should publish the menu to WeChat when a carrier admin asks from the console', async () => {
      const admin = await seedAgent(t.db.dataSource, tenant.id, 'carrier_admin');
      const res = await request(t.url)
        .post('/api/console/admin/wechat/menu')
        .set('Authorization', `Bearer ${agentToken(t.config, admin)}`)
        .send({})
        .expect(200);
      expect(res.body.published).toBe(true);
      const seen = await request(t.url)
        .get('/api/demo/wechat/menu')
        .query({ appid: appId })
        .expect(200);
      expect(seen.body.menu).toEqual(res.body.menu);
    });

    it('should refuse the menu endpoint when the agent is not a carrier admin', async () => {
      const agent = await seedAgent(t.db.dataSource, tenant.id, 'supervisor');
      await request(t.url)
        .post('/api/console/admin/wechat/menu')
        .set('Authorization', `Bearer ${agentToken(t.config, agent)}`)
        .send({ dryRun: true })
        .expect(403);
    });

    it('should never answer the secrets when the account is read back', async () => {
      const admin = await seedAgent(t.db.dataSource, tenant.id, 'carrier_admin');
      const res = await request(t.url)
        .get('/api/console/admin/wechat/account')
        .set('Authorization', `Bearer ${agentToken(t.config, admin)}`)
        .expect(200);
      expect(res.body).toMatchObject({ appId, safeMode: true, secretSet: true });
      expect(JSON.stringify(res.body)).not.toMatch(/oa-secret|shimingToken|AES/);
      const [row] = await t.db.dataSource.query(
        'SELECT app_secret_enc, token_enc FROM official_account WHERE tenant_id = $1',
        [tenant.id],
      );
      expect(Buffer.from(row.app_secret_enc).toString('latin1')).not.toContain('oa-secret');
    });
  });

  describe('message server', () => {
    it('should echo when WeChat checks the URL with a good signature', async () => {
      const res = await request(t.url)
        .get(`/api/wechat/callback/${tenant.code}`)
        .query(signed({ echostr: 'echo-123' }))
        .expect(200);
      expect(res.text).toBe('echo-123');
    });

    it('should answer a follow event with the welcome and the mini-program card when the POST is signed', async () => {
      const res = await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query(signed())
        .set('Content-Type', 'text/xml')
        .send(event({ MsgType: 'event', Event: 'subscribe' }))
        .expect(200);
      const reply = parseWeChatXml(res.text);
      expect(reply).toMatchObject({
        ToUserName: 'o-follower',
        FromUserName: 'gh_0123456789ab',
        MsgType: 'text',
      });
      expect(reply?.['Content']).toContain(`data-miniprogram-appid="${t.config.wechat.appId}"`);
      expect(reply?.['Content']).toContain('data-miniprogram-path="pages/home/index"');
      expect(reply?.['Content']).toContain('/api/auth/wechat-oauth/start?tenant=');
      const [u] = await t.db.dataSource.query(
        'SELECT following FROM official_account_user WHERE tenant_id = $1 AND openid = $2',
        [tenant.id, 'o-follower'],
      );
      expect(u.following).toBe(true);
    });

    it('should refuse a POST when the signature is wrong', async () => {
      const q = { ...signed(), signature: sha1Signature(['not-the-token', '1', '2']) };
      const res = await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query(q)
        .set('Content-Type', 'text/xml')
        .send(event({ MsgType: 'text', Content: '实名' }))
        .expect(401);
      expect(res.body.error.code).toBe('SIGNATURE_INVALID');
    });

    it('should decrypt a safe-mode message and answer it encrypted when encrypt_type is aes', async () => {
      const key = aesKeyFrom(AES_KEY_TEXT) as Buffer;
      const inner = event({ MsgType: 'text', Content: '我的号码停机了怎么复机', MsgId: 1234567 });
      const encrypt = encryptMessage(key, appId, inner);
      const q = signed();
      const res = await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query({
          ...q,
          encrypt_type: 'aes',
          msg_signature: sha1Signature([TOKEN, q.timestamp, q.nonce, encrypt]),
        })
        .set('Content-Type', 'text/xml')
        .send(buildWeChatXml({ ToUserName: 'gh_0123456789ab', Encrypt: encrypt }))
        .expect(200);
      const envelope = parseWeChatXml(res.text) as Record<string, string>;
      expect(envelope['MsgSignature']).toBe(
        sha1Signature([
          TOKEN,
          envelope['TimeStamp'] ?? '',
          envelope['Nonce'] ?? '',
          envelope['Encrypt'] ?? '',
        ]),
      );
      const opened = decryptMessage(key, appId, envelope['Encrypt'] ?? '');
      expect(opened.ok).toBe(true);
      const reply = parseWeChatXml(opened.ok ? opened.message : '');
      expect(reply?.['Content']).toContain('复机');
      expect(reply?.['Content']).toContain('data-miniprogram-path="number/status/index"');
    });

    it('should refuse an encrypted message when msg_signature does not match', async () => {
      const key = aesKeyFrom(AES_KEY_TEXT) as Buffer;
      const encrypt = encryptMessage(key, appId, event({ MsgType: 'text', Content: '实名' }));
      await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query({ ...signed(), encrypt_type: 'aes', msg_signature: 'f'.repeat(40) })
        .set('Content-Type', 'text/xml')
        .send(buildWeChatXml({ Encrypt: encrypt }))
        .expect(401);
    });

    it('should refuse the same signed message when it is sent a second time', async () => {
      const q = signed();
      const body = event({ MsgType: 'text', Content: '补登' });
      await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query(q)
        .set('Content-Type', 'text/xml')
        .send(body)
        .expect(200);
      const res = await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query(q)
        .set('Content-Type', 'text/xml')
        .send(body)
        .expect(403);
      expect(res.body.error.code).toBe('CALLBACK_REPLAYED');
    });

    it('should refuse a signed message when its timestamp is older than five minutes', async () => {
      await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query(signed({}, Math.floor(Date.now() / 1000) - 301))
        .set('Content-Type', 'text/xml')
        .send(event({ MsgType: 'text', Content: '实名' }))
        .expect(403);
    });

    it('should answer the hotline when the 客服热线 menu button is clicked', async () => {
      const res = await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query(signed())
        .set('Content-Type', 'text/xml')
        .send(event({ MsgType: 'event', Event: 'CLICK', EventKey: 'SHIMING_HOTLINE' }))
        .expect(200);
      expect(parseWeChatXml(res.text)?.['Content']).toContain('10010');
    });

    it('should answer success and record the unfollow when the user unfollows', async () => {
      const res = await request(t.url)
        .post(`/api/wechat/callback/${tenant.code}`)
        .query(signed())
        .set('Content-Type', 'text/xml')
        .send(event({ MsgType: 'event', Event: 'unsubscribe', FromUserName: 'o-leaver' }))
        .expect(200);
      expect(res.text).toBe('success');
      const [u] = await t.db.dataSource.query(
        'SELECT following FROM official_account_user WHERE tenant_id = $1 AND openid = $2',
        [tenant.id, 'o-leaver'],
      );
      expect(u.following).toBe(false);
    });
  });

  describe('H5 inside WeChat (snsapi_base)', () => {
    async function roundTrip(
      user: string,
    ): Promise<{ location: string; fragment: URLSearchParams }> {
      const redirect = `/h5/?tenant=${tenant.code}#/pages/home/index`;
      const start = await request(t.url)
        .get('/api/auth/wechat-oauth/start')
        .query({ tenant: tenant.code, redirect })
        .expect(302);
      const authorize = new URL(start.headers['location'] as string);
      expect(authorize.pathname).toBe('/api/demo/wechat/connect/oauth2/authorize');
      expect(authorize.searchParams.get('scope')).toBe('snsapi_base');
      expect(authorize.searchParams.get('appid')).toBe(appId);
      expect(authorize.hash).toBe('#wechat_redirect');
      const cookie = (start.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] ?? '';
      authorize.searchParams.set('demo_user', user);
      const back = await request(t.url)
        .get(authorize.pathname + authorize.search)
        .expect(302);
      const callback = new URL(back.headers['location'] as string);
      const done = await request(t.url)
        .get(callback.pathname + callback.search)
        .set('Cookie', cookie)
        .expect(302);
      const location = done.headers['location'] as string;
      const hash = new URL(location).hash;
      return { location, fragment: new URLSearchParams(hash.slice(hash.indexOf('?') + 1)) };
    }

    it('should come back to the H5 page with a session bound to the openid when WeChat authorises', async () => {
      const { location, fragment } = await roundTrip('granny');
      expect(
        location.startsWith(
          `${t.config.publicBaseUrl}/h5/?tenant=${tenant.code}#/pages/home/index?`,
        ),
      ).toBe(true);
      const session = new TokenService(t.config).verify(fragment.get('wx_token') ?? '');
      const openid = openidForApp(appId, 'granny');
      expect(session).toMatchObject({
        typ: 'sub',
        tenantId: tenant.id,
        tenantCode: tenant.code,
        openid,
      });
      const rows = await t.db.dataSource.query(
        'SELECT openid FROM wechat_identity WHERE tenant_id = $1 AND openid = $2',
        [tenant.id, openid],
      );
      expect(rows).toHaveLength(1);

      // The same flow goes on: SMS proof binds the number to this official-account openid.
      const number = await seedNumber(t.db.dataSource, tenant.id);
      const auth = { Authorization: `Bearer ${fragment.get('wx_token')}` };
      await request(t.url)
        .post('/api/auth/sms/send')
        .set(auth)
        .send({ phone: number.phone })
        .expect(200);
      const [sms] = (
        await request(t.url).get('/api/demo/sms-outbox').query({ phone: number.phone })
      ).body as Array<{ code: string }>;
      await request(t.url)
        .post('/api/auth/sms/verify')
        .set(auth)
        .send({ phone: number.phone, code: sms?.code })
        .expect(200);
      const [bound] = await t.db.dataSource.query(
        'SELECT phone FROM wechat_identity WHERE tenant_id = $1 AND openid = $2',
        [tenant.id, openid],
      );
      expect(bound.phone).toBe(number.phone);
    });

    it('should refuse the callback when the state cookie of this browser is missing', async () => {
      const redirect = `/h5/?tenant=${tenant.code}#/pages/home/index`;
      const start = await request(t.url)
        .get('/api/auth/wechat-oauth/start')
        .query({ tenant: tenant.code, redirect })
        .expect(302);
      const authorize = new URL(start.headers['location'] as string);
      const back = await request(t.url)
        .get(authorize.pathname + authorize.search)
        .expect(302);
      const callback = new URL(back.headers['location'] as string);
      const res = await request(t.url)
        .get(callback.pathname + callback.search)
        .expect(400);
      expect(res.body.error.code).toBe('OAUTH_STATE_INVALID');
    });

    it('should refuse a redirect that leaves the H5 build when the start is asked for one', async () => {
      for (const redirect of ['https://evil.example/h5/', '//evil.example/h5/', '/api/console/me'])
        await request(t.url)
          .get('/api/auth/wechat-oauth/start')
          .query({ tenant: tenant.code, redirect })
          .expect(400);
    });
  });

  describe('CLI', () => {
    async function cli(
      cmd: { run(ctx: CliContext): Promise<number> },
      flags: Record<string, string | true>,
      config = t.config,
    ): Promise<{ code: number; out: string; err: string }> {
      const out: string[] = [];
      const err: string[] = [];
      const code = await cmd.run({
        args: [],
        cwd: process.cwd(),
        flags: { tenant: tenant.code, ...flags },
        config,
        app: t.app,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    it('should print the menu JSON and publish nothing when run with --dry-run', async () => {
      const before = (await request(t.url).get('/api/demo/wechat/menu').query({ appid: appId }))
        .body as { at?: string };
      const r = await cli(wechatMenuPublish, { 'dry-run': true });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({
        button: [{ name: '我要办理' }, { name: '核实通知' }, { name: '客服热线' }],
      });
      const after = (await request(t.url).get('/api/demo/wechat/menu').query({ appid: appId }))
        .body as { at?: string };
      expect(after.at).toBe(before.at);
    });

    it("should show WeChat's errcode and meaning when WeChat refuses the publish", async () => {
      const other = await seedTenant(t.db.dataSource);
      await accounts.configure(
        other.id,
        {
          appId: `wx${randomBytes(8).toString('hex')}`,
          appSecret: 'some-other-secret-0123',
          token: 'tok123',
        },
        { actorType: 'cli', actorId: 'test' },
      );
      // A linked mini-program id WeChat does not accept (written around the service's check).
      await t.db.dataSource.query(
        `UPDATE official_account SET miniprogram_app_id = 'gh_not_an_appid' WHERE tenant_id = $1`,
        [other.id],
      );
      const r = await cli(wechatMenuPublish, { tenant: other.code });
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        '微信拒绝了菜单：errcode 40166（invalid mini-program app id (not linked to this official account)）：invalid menu',
      );
    });

    it("should print miniprogram-ci's arguments for the tenant when upload runs with --dry-run", async () => {
      const r = await cli(
        miniprogramUpload,
        { version: '1.0.3', 'dry-run': true },
        {
          ...t.config,
          miniprogramCi: { privateKeyPath: '/keys/private.{appid}.key', robot: 2 },
        },
      );
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({
        project: {
          appid: t.config.wechat.appId,
          privateKeyPath: `/keys/private.${t.config.wechat.appId}.key`,
        },
        upload: { version: '1.0.3', robot: 2 },
      });
    });

    it('should refuse an upload key that is not a private key, before calling WeChat', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shiming-key-'));
      try {
        writeFileSync(join(dir, `private.${t.config.wechat.appId}.key`), 'not a key\n');
        const r = await cli(
          miniprogramUpload,
          { version: '1.0.3' },
          {
            ...t.config,
            miniprogramCi: { privateKeyPath: join(dir, 'private.{appid}.key'), robot: 1 },
          },
        );
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/is not a private key in PEM form \(MINIPROGRAM_UPLOAD_KEY\)/);
        expect(r.out).toBe('');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('should say the key is missing when upload runs without MINIPROGRAM_UPLOAD_KEY', async () => {
      const r = await cli(miniprogramUpload, { version: '1.0.3' });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/MINIPROGRAM_UPLOAD_KEY/);
    });
  });
});
