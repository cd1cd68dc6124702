import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { LOGIN_LIMIT } from '../modules/agents/agents.service';
import { SUBMIT_LIMIT } from '../modules/cases/cases.service';
import { OTP } from '../modules/subscriber-auth/subscriber-auth.service';
import {
  seedAgent,
  seedNumber,
  seedTenant,
  subscriberToken,
  type SeededAgent,
  type SeededTenant,
} from '../test/factories';
import { makeJpeg } from '../test/images';
import { idNumberFor } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

/**
 * Rate limits on console login, SMS codes and submission key on the client's real address:
 * without a configured proxy a forged X-Forwarded-For changes nothing; behind a trusted proxy the
 * limit keys on the address the proxy saw, and a client that goes around the proxy is keyed on
 * its own address. Clients come from two real loopback addresses (127.0.0.1 and 127.0.0.2): the
 * kernel routes all of 127/8 to the server listening on 127.0.0.1.
 */

interface Answer {
  status: number;
  body: { error?: { code: string; retryAfterSeconds?: number } } & Record<string, unknown>;
}

/** One JSON request from a chosen local address, with any X-Forwarded-For. */
function call(
  base: string,
  path: string,
  o: { from: string; forwardedFor?: string; token?: string; body?: unknown; key?: string },
): Promise<Answer> {
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (o.forwardedFor) headers['x-forwarded-for'] = o.forwardedFor;
  if (o.token) headers['authorization'] = `Bearer ${o.token}`;
  if (o.key) headers['idempotency-key'] = o.key;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: 'POST', headers, localAddress: o.from, agent: false },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const PROXY = '127.0.0.1';
const OTHER = '127.0.0.2';
let forged = 0;
/** A different made-up address for every request: what a client dodging a limit would send. */
const forgedAddress = (): string => `198.51.100.${(forged++ % 250) + 1}`;

/** A draft case of a fresh number, with nothing in it: each submission attempt is refused 422. */
async function emptyDraft(
  t: TestApp,
  tenant: SeededTenant,
): Promise<{ id: string; token: string }> {
  const number = await seedNumber(t.db.dataSource, tenant.id);
  const token = subscriberToken(t.config, tenant, number);
  const res = await request(t.url)
    .post('/api/cases')
    .set('Authorization', `Bearer ${token}`)
    .send({ applicantType: 'self' })
    .expect(201);
  return { id: res.body.id as string, token };
}

/** A case ready to submit (three photos, applicant, consent), made through the API. */
async function readyCase(t: TestApp, tenant: SeededTenant): Promise<{ id: string; token: string }> {
  const c = await emptyDraft(t, tenant);
  const auth = { Authorization: `Bearer ${c.token}` };
  let seed = 0;
  for (const kind of ['id_front', 'id_back', 'id_handheld']) {
    await request(t.url)
      .post(`/api/cases/${c.id}/documents/${kind}`)
      .set(auth)
      .attach('file', await makeJpeg({ width: 320, height: 200, seed: seed++ }), 'p.jpg')
      .expect(201);
  }
  await request(t.url)
    .put(`/api/cases/${c.id}/applicant`)
    .set(auth)
    .send({ name: '杨光明', idNumber: idNumberFor('19750315') })
    .expect(200);
  await request(t.url)
    .post(`/api/cases/${c.id}/consent`)
    .set(auth)
    .send({ version: tenant.consentVersion })
    .expect((r) => expect([200, 201]).toContain(r.status));
  return c;
}

const statuses = (answers: Answer[]): string =>
  answers.map((a) => `${a.status}${a.body.error ? ` ${a.body.error.code}` : ''}`).join(', ');

describe('rate limits keyed by the real client address', () => {
  const figures: string[] = [];
  afterAll(() => console.log(`rate limits:\n  ${figures.join('\n  ')}`));

  describe('without a configured proxy (TRUST_PROXY unset): X-Forwarded-For is ignored', () => {
    let t: TestApp;
    let tenant: SeededTenant;
    let agent: SeededAgent;
    beforeAll(async () => {
      t = await createTestApp();
      tenant = await seedTenant(t.db.dataSource);
      agent = await seedAgent(t.db.dataSource, tenant.id);
    });
    afterAll(() => t.teardown());

    it('should stop console login after 5 failures from one address whatever X-Forwarded-For says', async () => {
      const login = (password: string, from = PROXY): Promise<Answer> =>
        call(t.url, '/api/console/login', {
          from,
          forwardedFor: forgedAddress(),
          body: { username: agent.username, password },
        });
      const failures: Answer[] = [];
      for (let i = 0; i < LOGIN_LIMIT.failures; i++) failures.push(await login('wrong-password'));
      expect(failures.map((a) => a.status)).toEqual(Array(LOGIN_LIMIT.failures).fill(401));
      const next = await login(agent.password);
      expect(next.status).toBe(429);
      expect(next.body.error).toMatchObject({ code: 'RATE_LIMITED' });
      expect(next.body.error?.retryAfterSeconds).toBeGreaterThan(0);
      // Another real address is another client.
      expect((await login(agent.password, OTHER)).status).toBe(200);
      figures.push(
        `no proxy, login: ${LOGIN_LIMIT.failures} failures with ${LOGIN_LIMIT.failures} forged X-Forwarded-For → next 429 (forged again); from ${OTHER}: 200`,
      );
    });

    it('should stop SMS codes after 10 per hour from one address whatever X-Forwarded-For says', async () => {
      const token = subscriberToken(t.config, tenant);
      const send = async (from = PROXY): Promise<Answer> =>
        call(t.url, '/api/auth/sms/send', {
          from,
          forwardedFor: forgedAddress(),
          token,
          body: { phone: (await seedNumber(t.db.dataSource, tenant.id)).phone },
        });
      const sent: Answer[] = [];
      for (let i = 0; i < OTP.perClient.perHour; i++) sent.push(await send());
      expect(statuses(sent)).toBe(Array(OTP.perClient.perHour).fill('200').join(', '));
      const next = await send();
      expect(next.status).toBe(429);
      expect(next.body.error).toMatchObject({ code: 'RATE_LIMITED' });
      expect((await send(OTHER)).status).toBe(200);
      figures.push(
        `no proxy, SMS codes: ${OTP.perClient.perHour} sent (10 numbers, 10 forged X-Forwarded-For) → next 429; from ${OTHER}: 200`,
      );
    });

    it('should stop submission attempts after 20 per hour from one address, but never a repeat of an answered one', async () => {
      const ready = await readyCase(t, tenant);
      const first = await call(t.url, `/api/cases/${ready.id}/submit`, {
        from: PROXY,
        forwardedFor: forgedAddress(),
        token: ready.token,
        key: `submit-${ready.id}`,
      });
      expect(first.status).toBe(200);
      expect(first.body['state']).toBe('submitted');
      const draft = await emptyDraft(t, tenant);
      const attempt = (from = PROXY, n = 0): Promise<Answer> =>
        call(t.url, `/api/cases/${draft.id}/submit`, {
          from,
          forwardedFor: forgedAddress(),
          token: draft.token,
          key: `attempt-${from}-${n}-${forged}`,
        });
      const refused: Answer[] = [];
      for (let i = 1; i < SUBMIT_LIMIT.attempts; i++) refused.push(await attempt(PROXY, i));
      expect(refused.every((a) => a.status === 422)).toBe(true);
      const next = await attempt(PROXY, SUBMIT_LIMIT.attempts);
      expect(next.status).toBe(429);
      expect(next.body.error).toMatchObject({ code: 'RATE_LIMITED' });
      // A retry of the answered submission (its response was lost) still gets its answer.
      const repeat = await call(t.url, `/api/cases/${ready.id}/submit`, {
        from: PROXY,
        token: ready.token,
        key: `submit-${ready.id}`,
      });
      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual(first.body);
      expect((await attempt(OTHER)).status).toBe(422);
      figures.push(
        `no proxy, submission: 1 submitted + ${SUBMIT_LIMIT.attempts - 1} refused attempts (forged X-Forwarded-For each) → next 429; the repeat of the submitted one's Idempotency-Key: 200, same answer; from ${OTHER}: 422 (not limited)`,
      );
    });
  });

  describe(`behind a trusted proxy (TRUST_PROXY=${PROXY}): the limit keys on the forwarded address`, () => {
    let t: TestApp;
    let tenant: SeededTenant;
    let agent: SeededAgent;
    beforeAll(async () => {
      t = await createTestApp({ TRUST_PROXY: PROXY });
      tenant = await seedTenant(t.db.dataSource);
      agent = await seedAgent(t.db.dataSource, tenant.id);
    });
    afterAll(() => t.teardown());

    const CLIENT = '203.0.113.10';
    const NEIGHBOUR = '203.0.113.11';
    /** What the proxy sends when the client wrote its own X-Forwarded-For: the proxy appends the address it saw. */
    const spoofedThroughProxy = (real: string): string => `${forgedAddress()}, ${real}`;

    it('should stop console login per forwarded client, not per proxy, and ignore what the client prepends', async () => {
      const login = (forwardedFor: string, password: string, from = PROXY): Promise<Answer> =>
        call(t.url, '/api/console/login', {
          from,
          forwardedFor,
          body: { username: agent.username, password },
        });
      for (let i = 0; i < LOGIN_LIMIT.failures; i++)
        expect((await login(spoofedThroughProxy(CLIENT), 'wrong-password')).status).toBe(401);
      expect((await login(CLIENT, agent.password)).status).toBe(429);
      expect((await login(spoofedThroughProxy(CLIENT), agent.password)).status).toBe(429);
      expect((await login(NEIGHBOUR, agent.password)).status).toBe(200);
      // Around the proxy: 127.0.0.2 is not the trusted proxy, its header is not believed.
      for (let i = 0; i < LOGIN_LIMIT.failures; i++)
        expect((await login(forgedAddress(), 'wrong-password', OTHER)).status).toBe(401);
      expect((await login(forgedAddress(), agent.password, OTHER)).status).toBe(429);
      figures.push(
        `proxy ${PROXY}, login: ${LOGIN_LIMIT.failures} failures of client ${CLIENT} (each with a client-written address before it) → 429 for ${CLIENT}, 200 for ${NEIGHBOUR} through the same proxy; around the proxy from ${OTHER} with forged headers: 429 after ${LOGIN_LIMIT.failures}`,
      );
    });

    it('should stop SMS codes per forwarded client', async () => {
      const token = subscriberToken(t.config, tenant);
      const send = async (forwardedFor: string, from = PROXY): Promise<Answer> =>
        call(t.url, '/api/auth/sms/send', {
          from,
          forwardedFor,
          token,
          body: { phone: (await seedNumber(t.db.dataSource, tenant.id)).phone },
        });
      for (let i = 0; i < OTP.perClient.perHour; i++)
        expect((await send(spoofedThroughProxy(CLIENT))).status).toBe(200);
      const limited = await send(CLIENT);
      expect(limited.status).toBe(429);
      expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED' });
      expect((await send(spoofedThroughProxy(CLIENT))).status).toBe(429);
      expect((await send(NEIGHBOUR)).status).toBe(200);
      figures.push(
        `proxy ${PROXY}, SMS codes: ${OTP.perClient.perHour} for ${CLIENT} → 429 (also with a client-written address before it); ${NEIGHBOUR}: 200`,
      );
    });

    it('should stop submission attempts per forwarded client', async () => {
      const draft = await emptyDraft(t, tenant);
      let n = 0;
      const attempt = (forwardedFor: string): Promise<Answer> =>
        call(t.url, `/api/cases/${draft.id}/submit`, {
          from: PROXY,
          forwardedFor,
          token: draft.token,
          key: `attempt-${n++}`,
        });
      for (let i = 0; i < SUBMIT_LIMIT.attempts; i++)
        expect((await attempt(spoofedThroughProxy(CLIENT))).status).toBe(422);
      expect((await attempt(CLIENT)).status).toBe(429);
      expect((await attempt(NEIGHBOUR)).status).toBe(422);
      figures.push(
        `proxy ${PROXY}, submission: ${SUBMIT_LIMIT.attempts} attempts of ${CLIENT} → 429; ${NEIGHBOUR}: 422 (not limited)`,
      );
    });
  });
});
