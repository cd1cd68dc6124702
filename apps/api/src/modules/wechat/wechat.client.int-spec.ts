import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp, TestApp } from '../../test/test-app';
import { WeChatClient } from './wechat.client';
import { WeChatApiError } from './wechat.errors';

describe('WeChatClient against the built-in emulator', () => {
  let t: TestApp;
  let client: WeChatClient;
  beforeAll(async () => {
    t = await createTestApp();
    client = t.app.get(WeChatClient);
  });
  afterAll(() => t.teardown());

  it('should map a demo login code to a stable openid when code2Session is called twice', async () => {
    const a = await client.code2Session('demo-grandma.1');
    const b = await client.code2Session('demo-grandma.2');
    expect(a.openid).toBe(b.openid);
    expect(a.sessionKey).toEqual(expect.any(String));
  });

  it('should throw a typed error with the meaning when WeChat answers errcode 40029', async () => {
    const e = await client.code2Session('not-a-demo-code').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeChatApiError);
    expect(e).toMatchObject({
      errcode: 40029,
      meaning: 'invalid code',
      code: 'WECHAT_CODE_INVALID',
      status: 400,
    });
  });

  it('should reuse the cached access token when it has not expired', async () => {
    const first = await client.getAccessToken();
    expect(await client.getAccessToken()).toBe(first);
  });

  it('should refresh the token once and succeed when WeChat says the cached one is invalid', async () => {
    await client.getAccessToken();
    (client as unknown as { token: { value: string; expiresAt: number } }).token = {
      value: 'emu.1.forged',
      expiresAt: Date.now() + 3_600_000,
    };
    await expect(client.getPhoneNumber('phone-13800138000')).resolves.toMatchObject({
      purePhoneNumber: '13800138000',
      countryCode: '86',
    });
  });

  it('should record a subscription message in the demo inbox when it is sent', async () => {
    const { openid } = await client.code2Session('demo-subscriber');
    await client.sendSubscribeMessage({
      toOpenid: openid,
      templateId: 'tpl-decision',
      page: 'pages/case/index',
      data: { thing1: { value: '已通过' } },
    });
    const res = await request(t.url).get('/api/demo/wechat/inbox').query({ openid }).expect(200);
    expect(res.body).toEqual([
      {
        templateId: 'tpl-decision',
        page: 'pages/case/index',
        data: { thing1: { value: '已通过' } },
        at: expect.any(String),
      },
    ]);
  });

  it('should refuse the emulator token endpoint when the app secret is wrong', async () => {
    const res = await request(t.url)
      .get('/api/demo/wechat/cgi-bin/token')
      .query({ grant_type: 'client_credential', appid: t.config.wechat.appId, secret: 'x' });
    expect(res.body).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
  });

  describe('when WeChat does not answer', () => {
    let hang: Server;
    let base: string;
    beforeAll(async () => {
      hang = createServer(() => undefined);
      await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      hang.closeAllConnections();
      hang.close();
    });

    it('should give up with WECHAT_UNAVAILABLE when the timeout passes', async () => {
      const slow = new WeChatClient({ ...t.config, wechat: { ...t.config.wechat, apiBase: base } });
      slow.timeoutMs = 200;
      await expect(slow.code2Session('demo-x')).rejects.toMatchObject({
        code: 'WECHAT_UNAVAILABLE',
        status: 503,
      });
    });
  });
});
