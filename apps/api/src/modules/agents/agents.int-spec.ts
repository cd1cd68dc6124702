import request from 'supertest';
import { DEFAULT_CAPTURE_POLICY, DEFAULT_POLICY } from '@shiming/domain';
import { agentToken, seedAgent, seedTenant } from '../../test/factories';
import { createTestApp, TestApp } from '../../test/test-app';

describe('console login and agent administration (HTTP, real Postgres)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  const ds = () => t.db.dataSource;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const login = (username: string, password: string) =>
    request(t.url).post('/api/console/login').send({ username, password });

  it('should issue a token with the agent and tenant when the password is right', async () => {
    const tenant = await seedTenant(ds(), { carrier: 'unicom', displayName: '黔西南联通' });
    const a = await seedAgent(ds(), tenant.id, 'supervisor');
    const res = await login(a.username, a.password).expect(200);
    expect(res.body).toEqual({
      token: expect.any(String),
      expiresAt: expect.any(String),
      agent: {
        id: a.id,
        username: a.username,
        displayName: expect.any(String),
        role: 'supervisor',
        tenant: { code: tenant.code, displayName: '黔西南联通' },
      },
    });
    const me = await request(t.url).get('/api/console/me').set(bearer(res.body.token)).expect(200);
    expect(me.body.id).toBe(a.id);
    const audit = await ds().query(`SELECT action FROM audit_log WHERE tenant_id = $1`, [
      tenant.id,
    ]);
    expect(audit).toEqual([{ action: 'agent.login' }]);
  });

  it('should answer 401 BAD_CREDENTIALS when the password is wrong or the user unknown, with the same message', async () => {
    const tenant = await seedTenant(ds());
    const a = await seedAgent(ds(), tenant.id);
    const wrong = await login(a.username, 'not-the-password').expect(401);
    const unknown = await login('nobody-here', 'whatever-password').expect(401);
    expect(wrong.body.error).toEqual({ code: 'BAD_CREDENTIALS', message: '用户名或密码不正确' });
    expect(unknown.body.error).toEqual(wrong.body.error);
  });

  it('should refuse a disabled agent with the same 401 when the password is right', async () => {
    const tenant = await seedTenant(ds());
    const a = await seedAgent(ds(), tenant.id, 'agent', { disabled: true });
    const res = await login(a.username, a.password).expect(401);
    expect(res.body.error.code).toBe('BAD_CREDENTIALS');
  });

  it('should refuse the old token when the agent has logged out', async () => {
    const tenant = await seedTenant(ds());
    const a = await seedAgent(ds(), tenant.id);
    const { token } = (await login(a.username, a.password).expect(200)).body;
    await request(t.url).post('/api/console/logout').set(bearer(token)).expect(204);
    const res = await request(t.url).get('/api/console/me').set(bearer(token)).expect(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
    const fresh = (await login(a.username, a.password).expect(200)).body.token;
    await request(t.url).get('/api/console/me').set(bearer(fresh)).expect(200);
  });

  it('should answer 429 with retryAfterSeconds when five logins failed within 15 minutes, even with the right password', async () => {
    const tenant = await seedTenant(ds());
    const a = await seedAgent(ds(), tenant.id);
    for (let i = 0; i < 5; i++) await login(a.username, 'wrong-password').expect(401);
    const res = await login(a.username, a.password).expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.body.error.retryAfterSeconds).toBeGreaterThan(800);
  });

  it('should store passwords as argon2id hashes when agents are created', async () => {
    const tenant = await seedTenant(ds());
    const admin = await seedAgent(ds(), tenant.id, 'carrier_admin');
    const res = await request(t.url)
      .post('/api/console/admin/agents')
      .set(bearer(agentToken(t.config, admin)))
      .send({
        username: `new-${tenant.code}`,
        displayName: '王芳',
        role: 'agent',
        password: 'a-long-password',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      username: `new-${tenant.code}`,
      role: 'agent',
      disabled: false,
    });
    const [row] = await ds().query('SELECT password_hash FROM agent WHERE id = $1', [res.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    await login(`new-${tenant.code}`, 'a-long-password').expect(200);
    const again = await request(t.url)
      .post('/api/console/admin/agents')
      .set(bearer(agentToken(t.config, admin)))
      .send({
        username: `new-${tenant.code}`,
        displayName: '王芳',
        role: 'agent',
        password: 'a-long-password',
      })
      .expect(409);
    expect(again.body.error.code).toBe('USERNAME_TAKEN');
  });

  it("should answer 404 when a carrier admin edits another tenant's agent", async () => {
    const mine = await seedTenant(ds());
    const theirs = await seedTenant(ds());
    const admin = await seedAgent(ds(), mine.id, 'carrier_admin');
    const other = await seedAgent(ds(), theirs.id, 'agent');
    const res = await request(t.url)
      .patch(`/api/console/admin/agents/${other.id}`)
      .set(bearer(agentToken(t.config, admin)))
      .send({ disabled: true })
      .expect(404);
    expect(res.body.error.code).toBe('AGENT_NOT_FOUND');
    await request(t.url)
      .patch('/api/console/admin/agents/not-a-uuid')
      .set(bearer(agentToken(t.config, admin)))
      .send({ disabled: true })
      .expect(404);
    const [row] = await ds().query('SELECT disabled FROM agent WHERE id = $1', [other.id]);
    expect(row.disabled).toBe(false);
  });

  it("should end the agent's sessions when an admin disables the agent", async () => {
    const tenant = await seedTenant(ds());
    const admin = await seedAgent(ds(), tenant.id, 'carrier_admin');
    const a = await seedAgent(ds(), tenant.id, 'agent');
    const { token } = (await login(a.username, a.password).expect(200)).body;
    await request(t.url)
      .patch(`/api/console/admin/agents/${a.id}`)
      .set(bearer(agentToken(t.config, admin)))
      .send({ disabled: true })
      .expect(200);
    await request(t.url).get('/api/console/me').set(bearer(token)).expect(401);
    const audit = await ds().query(
      `SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'agent.update'`,
      [tenant.id],
    );
    expect(audit[0].detail).toMatchObject({
      before: { disabled: false },
      after: { disabled: true },
      sessionsEnded: true,
      passwordChanged: false,
    });
  });

  it('should refuse to let an admin disable themselves or hand out platform_admin', async () => {
    const tenant = await seedTenant(ds());
    const admin = await seedAgent(ds(), tenant.id, 'carrier_admin');
    const self = await request(t.url)
      .patch(`/api/console/admin/agents/${admin.id}`)
      .set(bearer(agentToken(t.config, admin)))
      .send({ disabled: true })
      .expect(409);
    expect(self.body.error.code).toBe('CANNOT_CHANGE_OWN_ACCESS');
    const a = await seedAgent(ds(), tenant.id, 'agent');
    const up = await request(t.url)
      .patch(`/api/console/admin/agents/${a.id}`)
      .set(bearer(agentToken(t.config, admin)))
      .send({ role: 'platform_admin' })
      .expect(403);
    expect(up.body.error.code).toBe('ROLE_NOT_ASSIGNABLE');
  });

  it('should answer 403 ROLE_REQUIRED when an agent opens the admin endpoints', async () => {
    const tenant = await seedTenant(ds());
    const a = await seedAgent(ds(), tenant.id, 'supervisor');
    const res = await request(t.url)
      .get('/api/console/admin/agents')
      .set(bearer(agentToken(t.config, a)))
      .expect(403);
    expect(res.body.error.code).toBe('ROLE_REQUIRED');
    await request(t.url)
      .put('/api/console/admin/policy')
      .set(bearer(agentToken(t.config, a)))
      .send(DEFAULT_POLICY)
      .expect(403);
  });

  it('should save the policy and audit before and after when a carrier admin edits it', async () => {
    const tenant = await seedTenant(ds());
    const admin = await seedAgent(ds(), tenant.id, 'carrier_admin');
    const next = {
      ...DEFAULT_POLICY,
      proxyAllowed: false,
      singleToDoubleDate: '2016-11-01',
      perIdentityLimit: 3,
    };
    const res = await request(t.url)
      .put('/api/console/admin/policy')
      .set(bearer(agentToken(t.config, admin)))
      .send(next)
      .expect(200);
    // The admin's answer carries the capture rules too (unchanged: this edit sent none).
    expect(res.body).toEqual({ ...next, capture: DEFAULT_CAPTURE_POLICY });
    const branding = await request(t.url).get(`/api/tenants/${tenant.code}/branding`).expect(200);
    expect(branding.body.policy).toEqual(next);
    const audit = await ds().query(
      `SELECT actor_id, detail FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.policy.update'`,
      [tenant.id],
    );
    expect(audit).toEqual([
      { actor_id: admin.id, detail: { before: DEFAULT_POLICY, after: next } },
    ]);
  });

  it('should answer 400 INVALID_POLICY naming the field when the domain refuses the policy', async () => {
    const tenant = await seedTenant(ds());
    const admin = await seedAgent(ds(), tenant.id, 'carrier_admin');
    const bad = await request(t.url)
      .put('/api/console/admin/policy')
      .set(bearer(agentToken(t.config, admin)))
      .send({ ...DEFAULT_POLICY, perIdentityLimit: 6 })
      .expect(400);
    expect(bad.body.error).toMatchObject({
      code: 'INVALID_POLICY',
      message: expect.stringContaining('perIdentityLimit'),
    });
    const unknown = await request(t.url)
      .put('/api/console/admin/policy')
      .set(bearer(agentToken(t.config, admin)))
      .send({ ...DEFAULT_POLICY, proxyAllowd: true })
      .expect(400);
    expect(unknown.body.error.message).toContain('proxyAllowd');
  });

  it('should save branding and refuse a changed consent text under the same version', async () => {
    const tenant = await seedTenant(ds());
    const admin = await seedAgent(ds(), tenant.id, 'carrier_admin');
    const current = (
      await request(t.url)
        .get('/api/console/admin/branding')
        .set(bearer(agentToken(t.config, admin)))
        .expect(200)
    ).body;
    const { code: _c, carrier: _k, policy: _p, ...editable } = current;
    const saved = await request(t.url)
      .put('/api/console/admin/branding')
      .set(bearer(agentToken(t.config, admin)))
      .send({ ...editable, hotline: '10086', primaryColor: '#0085d0' })
      .expect(200);
    expect(saved.body).toMatchObject({
      hotline: '10086',
      primaryColor: '#0085d0',
      code: tenant.code,
    });
    const refused = await request(t.url)
      .put('/api/console/admin/branding')
      .set(bearer(agentToken(t.config, admin)))
      .send({ ...editable, consent: { ...editable.consent, text: '新的同意书内容' } })
      .expect(409);
    expect(refused.body.error.code).toBe('CONSENT_VERSION_UNCHANGED');
    const audit = await ds().query(
      `SELECT detail FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.branding.update'`,
      [tenant.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].detail.after.hotline).toBe('10086');
  });
});
