import request from 'supertest';
import { TokenService } from '../common/auth/token.service';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  subscriberToken,
  type SeededTenant,
} from '../test/factories';
import { consoleLogin } from '../test/flow';
import { seedSubmittedCase } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

/** Every bad session token and every bad signed document URL is refused; none answers 2xx or 5xx. */
describe('tokens: sessions and signed document URLs', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  beforeAll(async () => {
    t = await createTestApp();
    tenant = await seedTenant(t.db.dataSource);
  });
  afterAll(() => t.teardown());

  const tamper = (token: string): string[] => {
    const [body, mac] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const forged = (p: Record<string, unknown>): string =>
      `${Buffer.from(JSON.stringify(p)).toString('base64url')}.${mac}`;
    return [
      `${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
      forged({ ...payload, role: 'carrier_admin' }),
      forged({ ...payload, exp: (payload['exp'] as number) + 86_400 * 365 }),
      `${body}.`,
      body,
      'not-a-token',
      '',
      `${body}.${mac}.extra`,
    ];
  };

  it('should refuse expired, tampered, logged-out and disabled-agent session tokens with 401', async () => {
    const ds = t.db.dataSource;
    const tokens = t.app.get(TokenService);
    const number = await seedNumber(ds, tenant.id);
    const agent = await seedAgent(ds, tenant.id, 'supervisor');
    const sub = subscriberToken(t.config, tenant, number);
    const expiredSub = tokens.sign(
      {
        typ: 'sub',
        tenantId: tenant.id,
        tenantCode: tenant.code,
        phone: number.phone,
        numberId: number.id,
      },
      60,
      Date.now() - 3_600_000,
    ).token;
    const expiredAgent = tokens.sign(
      { typ: 'agent', tenantId: tenant.id, agentId: agent.id, role: 'supervisor', tokenVersion: 0 },
      60,
      Date.now() - 3_600_000,
    ).token;
    const bad: Array<[string, string, string]> = [
      ['expired subscriber', '/api/me/number', expiredSub],
      ['expired agent', '/api/console/me', expiredAgent],
      ...tamper(sub).map((x, i): [string, string, string] => [
        `tampered subscriber #${i}`,
        '/api/me/number',
        x,
      ]),
      ...tamper(agentToken(t.config, agent)).map((x, i): [string, string, string] => [
        `tampered agent #${i}`,
        '/api/console/me',
        x,
      ]),
    ];
    // After logout: the token the login gave no longer works.
    const loggedIn = await consoleLogin(t, await seedAgent(ds, tenant.id));
    await request(t.url).get('/api/console/me').set(loggedIn).expect(200);
    await request(t.url)
      .post('/api/console/logout')
      .set(loggedIn)
      .expect((r) => expect(r.status).toBeLessThan(300));
    bad.push(['after logout', '/api/console/me', loggedIn.Authorization.slice('Bearer '.length)]);
    // A disabled agent's token, issued before it was disabled.
    const disabled = await seedAgent(ds, tenant.id);
    const disabledToken = agentToken(t.config, disabled);
    await request(t.url)
      .get('/api/console/me')
      .set('Authorization', `Bearer ${disabledToken}`)
      .expect(200);
    await ds.query('UPDATE agent SET disabled = true WHERE id = $1', [disabled.id]);
    bad.push(['disabled agent', '/api/console/me', disabledToken]);
    // A subscriber token on the console, an agent token on the subscriber's routes.
    bad.push(['subscriber on the console', '/api/console/me', sub]);

    const failures: string[] = [];
    for (const [label, path, token] of bad) {
      const res = await request(t.url).get(path).set('Authorization', `Bearer ${token}`);
      if (res.status !== 401) failures.push(`${label}: ${res.status}`);
    }
    console.log(
      `tokens: ${bad.length} bad session tokens, ${failures.length} not refused with 401`,
    );
    expect(failures).toEqual([]);
    await request(t.url).get('/api/me/number').set('Authorization', `Bearer ${sub}`).expect(200);
  });

  it('should refuse a signed document URL that expired or was altered', async () => {
    const ds = t.db.dataSource;
    await seedSubmittedCase(t, tenant);
    const agent = agentToken(t.config, await seedAgent(ds, tenant.id));
    const other = agentToken(t.config, await seedAgent(ds, tenant.id, 'supervisor'));
    const claimed = await request(t.url)
      .post('/api/console/queue/next')
      .set('Authorization', `Bearer ${agent}`)
      .expect(200);
    const url = (claimed.body.documents as Array<{ url: string }>)[0]!.url;
    const get = (u: string, token: string | null = agent): request.Test => {
      const r = request(t.url).get(u);
      return token ? r.set('Authorization', `Bearer ${token}`) : r;
    };
    expect((await get(url)).status).toBe(200);

    const u = new URL(url, t.url);
    const sig = u.searchParams.get('sig')!;
    const exp = Number(u.searchParams.get('exp'));
    u.searchParams.delete('exp');
    u.searchParams.delete('sig');
    const path = `${u.pathname}${u.search}`;
    const pastExp = Math.floor(Date.now() / 1000) - 60;
    const bad: Array<[string, string, string | null]> = [
      [
        'expired (signed, exp in the past)',
        `${path}&exp=${pastExp}&sig=${t.app.get(TokenService).signUrl(path, pastExp)}`,
        agent,
      ],
      ['exp moved later', `${path}&exp=${exp + 3600}&sig=${sig}`, agent],
      [
        'sig altered',
        `${path}&exp=${exp}&sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
        agent,
      ],
      ['sig missing', `${path}&exp=${exp}`, agent],
      ['other document id', url.replace(/[0-9a-f]{8}-/, '00000000-'), agent],
    ];
    const failures: string[] = [];
    for (const [label, u2, token] of bad) {
      const res = await get(u2, token);
      if (res.status < 400 || res.status >= 500) failures.push(`${label}: ${res.status}`);
    }
    console.log(`signed URLs: ${bad.length} bad URLs, ${failures.length} served`);
    expect(failures).toEqual([]);
    // Not a figure, a fact recorded: whether the URL is bound to the agent it was made for.
    const byOther = await get(url, other);
    const anonymous = await get(url, null);
    console.log(
      `signed URL used by another agent of the tenant: ${byOther.status}; without a session: ${anonymous.status}`,
    );
  });
});
