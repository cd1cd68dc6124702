import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { agentToken, seedAgent, seedTenant, SeededTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';
import { OfficialAccountService } from './official-account.service';

const SECRET = 'console-secret-0123456789';
const TOKEN = 'consoleToken7';
const AES_KEY_TEXT = randomBytes(32).toString('base64').slice(0, 43);

/** The console's official-account form: secrets are write-only, so a save without them keeps them. */
describe('official account from the console (carrier admin)', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let auth: { Authorization: string };
  let appId: string;

  const put = (body: object) =>
    request(t.url).put('/api/console/admin/wechat/account').set(auth).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await seedTenant(t.db.dataSource, { carrier: 'unicom' });
    const admin = await seedAgent(t.db.dataSource, tenant.id, 'carrier_admin');
    auth = { Authorization: `Bearer ${agentToken(t.config, admin)}` };
    appId = `wx${randomBytes(8).toString('hex')}`;
  });
  afterAll(() => t.teardown());

  it('should answer 204 before anything is set and ask for the secrets on the first save', async () => {
    // A fresh tenant opening the page is no error (a 4xx would be one in the browser's console).
    await request(t.url).get('/api/console/admin/wechat/account').set(auth).expect(204);
    const res = await put({ appId }).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { appSecret: '首次配置需要填写 AppSecret', token: '首次配置需要填写 Token' },
    });
  });

  it('should answer the message-server URL and never a secret when the account is saved', async () => {
    const res = await put({
      appId,
      appSecret: SECRET,
      token: TOKEN,
      encodingAesKey: AES_KEY_TEXT,
      campaignTemplateId: 'tpl-1',
    }).expect(200);
    expect(res.body).toMatchObject({
      appId,
      safeMode: true,
      secretSet: true,
      campaignTemplateId: 'tpl-1',
      callbackUrl: `${t.config.publicBaseUrl.replace(/\/$/, '')}/api/wechat/callback/${tenant.code}`,
    });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(JSON.stringify(res.body)).not.toContain(AES_KEY_TEXT);
  });

  it('should keep the stored secret, token and AES key when a save leaves them out', async () => {
    const res = await put({ appId, campaignTemplateId: 'tpl-2' }).expect(200);
    expect(res.body).toMatchObject({ safeMode: true, campaignTemplateId: 'tpl-2' });
    const stored = await t.app.get(OfficialAccountService).get(tenant.id);
    expect(stored).toMatchObject({ appSecret: SECRET, token: TOKEN, campaignTemplateId: 'tpl-2' });
    expect(stored.aesKey).not.toBeNull();
    // The kept secret still opens WeChat: the emulator hands out a token and takes the menu.
    const menu = await request(t.url).post('/api/console/admin/wechat/menu').set(auth).send({});
    expect(menu.status).toBe(200);
    expect(menu.body.published).toBe(true);
  });

  it('should turn safe mode off when the AES key is sent as null, and audit names but no values', async () => {
    const res = await put({ appId, token: 'newToken99', encodingAesKey: null }).expect(200);
    expect(res.body.safeMode).toBe(false);
    const stored = await t.app.get(OfficialAccountService).get(tenant.id);
    expect(stored).toMatchObject({ appSecret: SECRET, token: 'newToken99', aesKey: null });
    const rows: Array<{ detail: unknown }> = await t.db.dataSource.query(
      `SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'official_account.configure' ORDER BY seq`,
      [tenant.id],
    );
    expect(rows.map((r) => (r.detail as { secretsChanged: string[] }).secretsChanged)).toEqual([
      ['appSecret', 'token', 'encodingAesKey'],
      [],
      ['token', 'encodingAesKey'],
    ]);
    const all = JSON.stringify(rows);
    for (const secret of [SECRET, TOKEN, 'newToken99', AES_KEY_TEXT])
      expect(all).not.toContain(secret);
  });

  it("should answer WeChat's errcode and meaning when WeChat refuses the menu", async () => {
    // A linked mini-program id WeChat does not accept (written around the service's check).
    await t.db.dataSource.query(
      `UPDATE official_account SET miniprogram_app_id = 'gh_not_an_appid' WHERE tenant_id = $1`,
      [tenant.id],
    );
    const res = await request(t.url)
      .post('/api/console/admin/wechat/menu')
      .set(auth)
      .send({})
      .expect(502);
    expect(res.body.error).toMatchObject({
      code: 'MENU_REJECTED',
      wechatErrcode: 40166,
      meaning: 'invalid mini-program app id (not linked to this official account)',
    });
  });
});
