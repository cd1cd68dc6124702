import request from 'supertest';
import { freshMobile, seedNumber, seedTenant, SeededTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';

describe('subscriber auth (HTTP, emulator, real Postgres)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  const ds = () => t.db.dataSource;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const h5 = async (tenant: SeededTenant): Promise<string> =>
    (
      (await request(t.url).post('/api/auth/h5-login').send({ tenant: tenant.code }).expect(200))
        .body as { token: string }
    ).token;
  const latestCode = async (phone: string): Promise<string> => {
    const res = await request(t.url).get('/api/demo/sms-outbox').query({ phone }).expect(200);
    return (res.body as Array<{ code: string }>)[0]?.code ?? '';
  };

  it('should issue a session without a number when WeChat accepts the login code', async () => {
    const tenant = await seedTenant(ds());
    const res = await request(t.url)
      .post('/api/auth/wechat-login')
      .send({ tenant: tenant.code, code: 'demo-elder.1' })
      .expect(200);
    expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    const ids = await ds().query('SELECT openid, phone FROM wechat_identity WHERE tenant_id = $1', [
      tenant.id,
    ]);
    expect(ids).toEqual([{ openid: expect.stringMatching(/^o-/), phone: null }]);
    await request(t.url).get('/api/me/number').set(bearer(res.body.token)).expect(403);
    const audit = await ds().query(`SELECT action FROM audit_log WHERE tenant_id = $1`, [
      tenant.id,
    ]);
    expect(audit).toEqual([{ action: 'subscriber.login.wechat' }]);
  });

  it('should answer 400 WECHAT_CODE_INVALID when WeChat refuses the login code', async () => {
    const tenant = await seedTenant(ds());
    const res = await request(t.url)
      .post('/api/auth/wechat-login')
      .send({ tenant: tenant.code, code: 'garbage' })
      .expect(400);
    expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
  });

  it('should answer 404 TENANT_NOT_FOUND when the tenant code is unknown', async () => {
    const res = await request(t.url)
      .post('/api/auth/h5-login')
      .send({ tenant: 'nobody' })
      .expect(404);
    expect(res.body.error.code).toBe('TENANT_NOT_FOUND');
  });

  it('should prove the number and show its status when the code from the SMS is entered', async () => {
    const tenant = await seedTenant(ds());
    const n = await seedNumber(ds(), tenant.id, { state: 'single_stop' });
    const login = await request(t.url)
      .post('/api/auth/wechat-login')
      .send({ tenant: tenant.code, code: 'demo-sms-user' })
      .expect(200);
    const sent = await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(login.body.token))
      .send({ phone: `+86 ${n.phone}` })
      .expect(200);
    expect(sent.body).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    const code = await latestCode(n.phone);
    expect(code).toMatch(/^\d{6}$/);
    const otp: Array<{ code_hash: Buffer }> = await ds().query(
      'SELECT code_hash FROM otp_code WHERE tenant_id = $1',
      [tenant.id],
    );
    expect(otp[0]?.code_hash.toString('utf8')).not.toContain(code);

    const verified = await request(t.url)
      .post('/api/auth/sms/verify')
      .set(bearer(login.body.token))
      .send({ phone: n.phone, code })
      .expect(200);
    const status = await request(t.url)
      .get('/api/me/number')
      .set(bearer(verified.body.token))
      .expect(200);
    expect(status.body).toMatchObject({
      state: 'single_stop',
      phone: `${n.phone.slice(0, 3)}****${n.phone.slice(7)}`,
    });
    const ids = await ds().query('SELECT phone FROM wechat_identity WHERE tenant_id = $1', [
      tenant.id,
    ]);
    expect(ids).toEqual([{ phone: n.phone }]);
    const audit: Array<{ action: string; detail: unknown }> = await ds().query(
      `SELECT action, detail FROM audit_log WHERE tenant_id = $1 ORDER BY seq`,
      [tenant.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'subscriber.login.wechat',
      'subscriber.login.sms',
    ]);
    expect(JSON.stringify(audit)).not.toContain(n.phone);
  });

  it('should record the number as active when it is ours but not on any list', async () => {
    const tenant = await seedTenant(ds(), { carrier: 'telecom' });
    const token = await h5(tenant);
    const phone = freshMobile('telecom');
    await request(t.url).post('/api/auth/sms/send').set(bearer(token)).send({ phone }).expect(200);
    const verified = await request(t.url)
      .post('/api/auth/sms/verify')
      .set(bearer(token))
      .send({ phone, code: await latestCode(phone) })
      .expect(200);
    const status = await request(t.url)
      .get('/api/me/number')
      .set(bearer(verified.body.token))
      .expect(200);
    expect(status.body).toMatchObject({
      state: 'active',
      registered: false,
      unregisteredKind: null,
      nextEscalation: null,
    });
  });

  it('should count down attemptsLeft and burn the code when wrong codes are entered', async () => {
    const tenant = await seedTenant(ds());
    const n = await seedNumber(ds(), tenant.id);
    const token = await h5(tenant);
    await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(token))
      .send({ phone: n.phone })
      .expect(200);
    const right = await latestCode(n.phone);
    const wrong = right === '000000' ? '111111' : '000000';
    const first = await request(t.url)
      .post('/api/auth/sms/verify')
      .set(bearer(token))
      .send({ phone: n.phone, code: wrong })
      .expect(400);
    expect(first.body.error).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 4 });
    for (const left of [3, 2, 1, 0]) {
      const r = await request(t.url)
        .post('/api/auth/sms/verify')
        .set(bearer(token))
        .send({ phone: n.phone, code: wrong })
        .expect(400);
      expect(r.body.error.attemptsLeft).toBe(left);
    }
    const after = await request(t.url)
      .post('/api/auth/sms/verify')
      .set(bearer(token))
      .send({ phone: n.phone, code: right })
      .expect(410);
    expect(after.body.error.code).toBe('CODE_EXPIRED');
  });

  it('should answer 410 CODE_EXPIRED when the code is older than five minutes', async () => {
    const tenant = await seedTenant(ds());
    const n = await seedNumber(ds(), tenant.id);
    const token = await h5(tenant);
    await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(token))
      .send({ phone: n.phone })
      .expect(200);
    await ds().query(
      `UPDATE otp_code SET expires_at = now() - interval '1 second' WHERE tenant_id = $1`,
      [tenant.id],
    );
    const res = await request(t.url)
      .post('/api/auth/sms/verify')
      .set(bearer(token))
      .send({ phone: n.phone, code: await latestCode(n.phone) })
      .expect(410);
    expect(res.body.error.code).toBe('CODE_EXPIRED');
  });

  it('should answer 429 RATE_LIMITED with retryAfterSeconds when a second code is asked for within a minute', async () => {
    const tenant = await seedTenant(ds());
    const n = await seedNumber(ds(), tenant.id);
    const token = await h5(tenant);
    await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(token))
      .send({ phone: n.phone })
      .expect(200);
    const res = await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(token))
      .send({ phone: n.phone })
      .expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.body.error.retryAfterSeconds).toBeGreaterThan(50);
    expect(res.body.error.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('should answer 429 after five codes in an hour when the minute spacing was respected', async () => {
    const tenant = await seedTenant(ds());
    const n = await seedNumber(ds(), tenant.id);
    const token = await h5(tenant);
    for (let i = 0; i < 5; i++) {
      await request(t.url)
        .post('/api/auth/sms/send')
        .set(bearer(token))
        .send({ phone: n.phone })
        .expect(200);
      await ds().query(
        `UPDATE otp_code SET created_at = created_at - interval '2 minutes' WHERE tenant_id = $1`,
        [tenant.id],
      );
    }
    const res = await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(token))
      .send({ phone: n.phone })
      .expect(429);
    expect(res.body.error.retryAfterSeconds).toBeGreaterThan(60 * 49);
  });

  it('should answer 429 when one client address asks for codes to many numbers', async () => {
    const tenant = await seedTenant(ds());
    const token = await h5(tenant);
    for (let i = 0; i < 10; i++) {
      await request(t.url)
        .post('/api/auth/sms/send')
        .set(bearer(token))
        .send({ phone: freshMobile('mobile') })
        .expect(200);
    }
    const res = await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(token))
      .send({ phone: freshMobile('mobile') })
      .expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
  });

  it('should answer 409 NUMBER_CANNOT_RECEIVE_SMS naming the store and hotline when the number is double-stopped', async () => {
    const tenant = await seedTenant(ds(), { carrier: 'unicom', displayName: '黔西南联通' });
    const n = await seedNumber(ds(), tenant.id, { state: 'double_stop' });
    const res = await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(await h5(tenant)))
      .send({ phone: n.phone })
      .expect(409);
    expect(res.body.error.code).toBe('NUMBER_CANNOT_RECEIVE_SMS');
    expect(res.body.error.remainingWays).toEqual([
      expect.stringContaining('黔西南联通营业厅'),
      expect.stringContaining('10010'),
    ]);
    expect(await ds().query('SELECT 1 FROM otp_code WHERE tenant_id = $1', [tenant.id])).toEqual(
      [],
    );
  });

  it("should answer 404 NUMBER_NOT_OURS when the number is another carrier's", async () => {
    const tenant = await seedTenant(ds(), { carrier: 'mobile' });
    const res = await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(await h5(tenant)))
      .send({ phone: freshMobile('unicom') })
      .expect(404);
    expect(res.body.error.code).toBe('NUMBER_NOT_OURS');
  });

  it('should answer 400 with the domain message in fields.phone when the number is malformed', async () => {
    const tenant = await seedTenant(ds());
    const res = await request(t.url)
      .post('/api/auth/sms/send')
      .set(bearer(await h5(tenant)))
      .send({ phone: '12345' })
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { phone: expect.any(String) },
    });
  });

  it("should bind the session to WeChat's verified number when the getPhoneNumber code is exchanged", async () => {
    const tenant = await seedTenant(ds());
    const n = await seedNumber(ds(), tenant.id, { state: 'double_stop' });
    const login = await request(t.url)
      .post('/api/auth/wechat-login')
      .send({ tenant: tenant.code, code: 'demo-phone-user' })
      .expect(200);
    const res = await request(t.url)
      .post('/api/auth/wechat-phone')
      .set(bearer(login.body.token))
      .send({ code: `phone-${n.phone}` })
      .expect(200);
    expect(res.body.phone).toBe(`${n.phone.slice(0, 3)}****${n.phone.slice(7)}`);
    const status = await request(t.url)
      .get('/api/me/number')
      .set(bearer(res.body.token))
      .expect(200);
    expect(status.body.state).toBe('double_stop');
  });

  it('should answer 403 WECHAT_LOGIN_REQUIRED when an H5 session asks for the WeChat phone number', async () => {
    const tenant = await seedTenant(ds());
    const res = await request(t.url)
      .post('/api/auth/wechat-phone')
      .set(bearer(await h5(tenant)))
      .send({ code: 'phone-13800138000' })
      .expect(403);
    expect(res.body.error.code).toBe('WECHAT_LOGIN_REQUIRED');
  });

  it('should answer 401 when sms/verify is called without a session', async () => {
    await request(t.url)
      .post('/api/auth/sms/verify')
      .send({ phone: '13800138000', code: '123456' })
      .expect(401);
  });
});
