import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { CryptoService } from '../../common/crypto/crypto.service';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  type SeededTenant,
} from '../../test/factories';
import { seedSubmittedCase, type SeededCase } from '../../test/review-setup';
import { createTestApp, TestApp } from '../../test/test-app';
import { EscalationService } from '../escalation/escalation.service';
import { OutboxWorker } from './outbox.worker';
import { signBody, verifyBodySignature } from './signature';

const SECRET = 'carrier-shared-secret-0123456789';

/** A carrier endpoint that fails `failures` times with 500, then confirms; records what it got. */
function carrier(failures: number): {
  server: Server;
  calls: Array<{ headers: IncomingMessage['headers']; body: string }>;
  url: () => string;
} {
  const calls: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let left = failures;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.setHeader('content-type', 'application/json');
      if (left-- > 0) {
        res.statusCode = 500;
        res.end('{"status":"error"}');
      } else res.end('{"status":"done"}');
    });
  });
  return { server, calls, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('provisioning: outbox worker, lift handler, fake carrier endpoint', () => {
  let t: TestApp;
  let worker: OutboxWorker;
  beforeAll(async () => {
    t = await createTestApp();
    worker = t.app.get(OutboxWorker);
  });
  afterAll(() => t.teardown());
  afterEach(() => {
    worker.options.maxAttempts = 8;
  });

  const ds = (): TestApp['db']['dataSource'] => t.db.dataSource;

  async function tenantWithProvisioning(url: string): Promise<SeededTenant> {
    const tenant = await seedTenant(ds(), { provisioningUrl: url });
    const sealed = t.app
      .get(CryptoService)
      .encryptText(tenant.id, SECRET, `tenant:${tenant.id}:provisioning_secret`);
    await ds().query('UPDATE tenant SET provisioning_secret_enc = $2 WHERE id = $1', [
      tenant.id,
      sealed,
    ]);
    return tenant;
  }

  /** Submitted → claimed → approved through the console, as an agent would. */
  async function approved(tenant: SeededTenant): Promise<SeededCase> {
    const c = await seedSubmittedCase(t, tenant, { documents: false });
    const agent = await seedAgent(ds(), tenant.id);
    const auth = `Bearer ${agentToken(t.config, agent)}`;
    const claimed = await request(t.url)
      .post('/api/console/queue/next')
      .set('Authorization', auth)
      .expect(200);
    await request(t.url)
      .post(`/api/console/cases/${c.id}/decision`)
      .set('Authorization', auth)
      .send({ decision: 'approve', version: claimed.body.version })
      .expect(200);
    return c;
  }

  const numberOf = async (
    tenantId: string,
    numberId: string,
  ): Promise<{ state: string; registered: boolean }> =>
    (
      await ds().query<Array<{ state: string; registered: boolean }>>(
        'SELECT state, registered FROM phone_number WHERE tenant_id = $1 AND id = $2',
        [tenantId, numberId],
      )
    )[0]!;
  const liftRow = async (
    tenantId: string,
  ): Promise<{ status: string; attempts: number; last_error: string | null }> =>
    (
      await ds().query<Array<{ status: string; attempts: number; last_error: string | null }>>(
        `SELECT status, attempts, last_error FROM outbox WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
        [tenantId],
      )
    )[0]!;
  /** Makes every waiting retry of the tenant due now (instead of waiting out the backoff). */
  const dueNow = (tenantId: string): Promise<unknown> =>
    ds().query(
      `UPDATE outbox SET next_attempt_at = now() WHERE tenant_id = $1 AND status = 'pending'`,
      [tenantId],
    );

  it('should lift through the fake carrier endpoint once, signed, and make the number active', async () => {
    const tenant = await tenantWithProvisioning(`${t.url}/api/demo/provisioning`);
    const c = await approved(tenant);
    // The registration is recorded on approval; service comes back when the carrier confirms.
    expect(await numberOf(tenant.id, c.number.id)).toEqual({
      state: 'lift_pending',
      registered: true,
    });
    await worker.drain();
    expect(await numberOf(tenant.id, c.number.id)).toEqual({ state: 'active', registered: true });
    expect(await liftRow(tenant.id)).toMatchObject({ status: 'done', attempts: 1 });
    const calls = await request(t.url).get('/api/demo/provisioning/calls').expect(200);
    const mine = (calls.body as Array<{ tenant: string }>).filter((x) => x.tenant === tenant.code);
    expect(mine).toEqual([
      {
        id: expect.any(Number),
        action: 'lift',
        tenant: tenant.code,
        idempotencyKey: `lift:${c.id}`,
        body: {
          phone: c.number.phone,
          caseId: c.id,
          tenant: tenant.code,
          requestedAt: expect.any(String),
          duplicate: false,
        },
        at: expect.any(String),
      },
    ]);
    const history: Array<{ from_state: string; to_state: string; cause: string }> =
      await ds().query(
        'SELECT from_state, to_state, cause FROM number_history WHERE tenant_id = $1 AND number_id = $2 ORDER BY at',
        [tenant.id, c.number.id],
      );
    expect(history.map((h) => `${h.from_state}→${h.to_state}:${h.cause}`)).toEqual([
      'single_stop→lift_pending:registration_approved',
      'lift_pending→active:lift_confirmed',
    ]);
  });

  it('should send each call with an HMAC of the raw body, the idempotency key and a timestamp', async () => {
    const fake = carrier(0);
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    try {
      const tenant = await tenantWithProvisioning(fake.url());
      const c = await approved(tenant);
      await worker.drain();
      expect(fake.calls).toHaveLength(1);
      const call = fake.calls[0]!;
      expect(
        verifyBodySignature(SECRET, call.body, call.headers['x-shiming-signature'] as string),
      ).toBe(true);
      expect(call.headers['idempotency-key']).toBe(`lift:${c.id}`);
      expect(
        Math.abs(Number(call.headers['x-shiming-timestamp']) - Date.now() / 1000),
      ).toBeLessThan(60);
      expect(JSON.parse(call.body)).toEqual({
        phone: c.number.phone,
        caseId: c.id,
        tenant: tenant.code,
        requestedAt: expect.any(String),
      });
    } finally {
      fake.server.close();
    }
  });

  it('should retry a failing carrier with backoff and lift once when it recovers', async () => {
    const fake = carrier(2);
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    try {
      const tenant = await tenantWithProvisioning(fake.url());
      const c = await approved(tenant);
      await worker.drain();
      let row = await liftRow(tenant.id);
      expect(row).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: 'provisioning answered HTTP 500',
      });
      const waits: Array<{ s: number }> = await ds().query(
        `SELECT EXTRACT(EPOCH FROM next_attempt_at - now()) AS s FROM outbox WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
        [tenant.id],
      );
      expect(Number(waits[0]!.s)).toBeGreaterThan(1);
      // Not due yet: another round does nothing.
      await worker.drain();
      expect(fake.calls).toHaveLength(1);
      for (let i = 0; i < 2; i++) {
        await dueNow(tenant.id);
        await worker.drain();
      }
      row = await liftRow(tenant.id);
      expect(row).toMatchObject({ status: 'done', attempts: 3 });
      expect(fake.calls).toHaveLength(3);
      expect(new Set(fake.calls.map((x) => x.headers['idempotency-key']))).toEqual(
        new Set([`lift:${c.id}`]),
      );
      expect(new Set(fake.calls.map((x) => x.body)).size).toBe(1);
      expect(await numberOf(tenant.id, c.number.id)).toEqual({ state: 'active', registered: true });
    } finally {
      fake.server.close();
    }
  });

  it('should dead-letter a lift after the last attempt and leave the number lift_pending', async () => {
    const fake = carrier(1000);
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    try {
      worker.options.maxAttempts = 3;
      const tenant = await tenantWithProvisioning(fake.url());
      const c = await approved(tenant);
      for (let i = 0; i < 5; i++) {
        await dueNow(tenant.id);
        await worker.drain();
      }
      expect(await liftRow(tenant.id)).toMatchObject({
        status: 'dead',
        attempts: 3,
        last_error: 'provisioning answered HTTP 500',
      });
      expect(fake.calls).toHaveLength(3);
      expect(await numberOf(tenant.id, c.number.id)).toMatchObject({ state: 'lift_pending' });
    } finally {
      fake.server.close();
    }
  });

  it('should take back a row whose worker died mid-call once its lock runs out', async () => {
    const tenant = await tenantWithProvisioning(`${t.url}/api/demo/provisioning`);
    const c = await approved(tenant);
    // A worker claimed it and died: in flight, attempts 1, lock still running.
    await ds().query(
      `UPDATE outbox SET status = 'in_flight', attempts = 1, locked_until = now() + interval '1 minute' WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
      [tenant.id],
    );
    await worker.drain();
    expect(await liftRow(tenant.id)).toMatchObject({ status: 'in_flight', attempts: 1 });
    await ds().query(
      `UPDATE outbox SET locked_until = now() - interval '1 second' WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
      [tenant.id],
    );
    await worker.drain();
    expect(await liftRow(tenant.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await numberOf(tenant.id, c.number.id)).toMatchObject({ state: 'active' });
  });

  it('should treat a repeated confirmation as done without moving the number twice', async () => {
    const tenant = await tenantWithProvisioning(`${t.url}/api/demo/provisioning`);
    const c = await approved(tenant);
    await worker.drain();
    // The same lift handed out again (e.g. its done was lost): the carrier is not called, nothing moves.
    await ds().query(
      `UPDATE outbox SET status = 'pending', next_attempt_at = now() WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
      [tenant.id],
    );
    await worker.drain();
    expect(await liftRow(tenant.id)).toMatchObject({ status: 'done' });
    const history: unknown[] = await ds().query(
      `SELECT 1 FROM number_history WHERE tenant_id = $1 AND number_id = $2 AND to_state = 'active'`,
      [tenant.id, c.number.id],
    );
    expect(history).toHaveLength(1);
  });

  it('should send the decision to the subscriber by WeChat, and skip with a reason when there is no openid', async () => {
    const tenant = await tenantWithProvisioning(`${t.url}/api/demo/provisioning`);
    const c = await approved(tenant);
    await worker.drain();
    const openid: Array<{ openid: string }> = await ds().query(
      'SELECT openid FROM registration_case WHERE tenant_id = $1 AND id = $2',
      [tenant.id, c.id],
    );
    const inbox = await request(t.url)
      .get('/api/demo/wechat/inbox')
      .query({ openid: openid[0]!.openid })
      .expect(200);
    expect(inbox.body).toHaveLength(1);
    expect(inbox.body[0]).toMatchObject({
      templateId: 'demo-decision-template',
      page: `case/detail/index?id=${c.id}`,
    });
    expect(inbox.body[0].data.phrase3.value).toBe('已通过');

    const h5 = await seedSubmittedCase(t, tenant, { documents: false, openid: null });
    const agent = await seedAgent(ds(), tenant.id);
    const auth = `Bearer ${agentToken(t.config, agent)}`;
    const claimed = await request(t.url)
      .post('/api/console/queue/next')
      .set('Authorization', auth)
      .expect(200);
    await request(t.url)
      .post(`/api/console/cases/${h5.id}/decision`)
      .set('Authorization', auth)
      .send({ decision: 'reject', version: claimed.body.version, rejectionReason: 'other' })
      .expect(200);
    await worker.drain();
    const skipped: Array<{ detail: { reason: string } }> = await ds().query(
      `SELECT detail FROM audit_log WHERE tenant_id = $1 AND target_id = $2 AND action = 'case.notify_skipped'`,
      [tenant.id, h5.id],
    );
    expect(skipped.map((s) => s.detail.reason)).toEqual(['no_openid']);
    const notify: Array<{ status: string }> = await ds().query(
      `SELECT status FROM outbox WHERE tenant_id = $1 AND topic = 'wechat.notify'`,
      [tenant.id],
    );
    expect(notify.map((n) => n.status)).toEqual(['done', 'done']);
  });

  it('should tell the carrier about an escalation step the escalation run queued', async () => {
    const tenant = await tenantWithProvisioning(`${t.url}/api/demo/provisioning`);
    const n = await seedNumber(ds(), tenant.id, { state: 'double_stop' });
    await ds().query(
      `INSERT INTO outbox (tenant_id, id, topic, idempotency_key, payload) VALUES ($1, gen_random_uuid(), 'provisioning.escalate', $2, $3)`,
      [
        tenant.id,
        `escalate:${n.id}:double_stop:2016-11-01`,
        {
          numberId: n.id,
          lineType: 'mobile',
          from: 'single_stop',
          to: 'double_stop',
          effectiveOn: '2016-11-01',
        },
      ],
    );
    await worker.drain();
    const calls = await request(t.url).get('/api/demo/provisioning/calls').expect(200);
    const mine = (calls.body as Array<{ tenant: string; action: string }>).filter(
      (x) => x.tenant === tenant.code && x.action === 'escalate',
    );
    expect(mine).toEqual([
      expect.objectContaining({
        idempotencyKey: `escalate:${n.id}:double_stop:2016-11-01`,
        body: expect.objectContaining({ phone: n.phone, from: 'single_stop', to: 'double_stop' }),
      }),
    ]);
    const rows: Array<{ status: string }> = await ds().query(
      `SELECT status FROM outbox WHERE tenant_id = $1 AND topic = 'provisioning.escalate'`,
      [tenant.id],
    );
    expect(rows).toEqual([{ status: 'done' }]);
  });

  it('should send a batch the escalation run queued as one carrier call with every phone', async () => {
    const tenant = await seedTenant(ds(), {
      provisioningUrl: `${t.url}/api/demo/provisioning`,
      policy: { singleToDoubleDate: '2016-11-01' },
    });
    const sealed = t.app
      .get(CryptoService)
      .encryptText(tenant.id, SECRET, `tenant:${tenant.id}:provisioning_secret`);
    await ds().query('UPDATE tenant SET provisioning_secret_enc = $2 WHERE id = $1', [
      tenant.id,
      sealed,
    ]);
    const numbers = [
      await seedNumber(ds(), tenant.id, { state: 'single_stop' }),
      await seedNumber(ds(), tenant.id, { state: 'single_stop' }),
      await seedNumber(ds(), tenant.id, {
        state: 'single_stop',
        lineType: 'fixed',
        phone: '0859-3221234',
      }),
    ];
    const run = await t.app
      .get(EscalationService)
      .runForCode(tenant.code, { on: '2016-11-01', actor: { type: 'cli', id: 'test' } });
    expect(run.singleToDouble).toBe(3);
    await worker.drain();
    const calls = await request(t.url).get('/api/demo/provisioning/calls').expect(200);
    const mine = (
      calls.body as Array<{ tenant: string; action: string; body: Record<string, unknown> }>
    ).filter((x) => x.tenant === tenant.code && x.action === 'escalate');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.body).toMatchObject({
      tenant: tenant.code,
      from: 'single_stop',
      to: 'double_stop',
      effectiveOn: '2016-11-01',
    });
    const sent = (mine[0]?.body['numbers'] as Array<{ phone: string; lineType: string }>).sort(
      (a, b) => a.phone.localeCompare(b.phone),
    );
    expect(sent).toEqual(
      numbers
        .map((n) => ({ phone: n.phone, lineType: n.lineType }))
        .sort((a, b) => a.phone.localeCompare(b.phone)),
    );
    const rows: Array<{ status: string }> = await ds().query(
      `SELECT status FROM outbox WHERE tenant_id = $1 AND topic = 'provisioning.escalate'`,
      [tenant.id],
    );
    expect(rows).toEqual([{ status: 'done' }]);
  });

  it('should still send a batch queued as a list of numbers by the previous version', async () => {
    const tenant = await tenantWithProvisioning(`${t.url}/api/demo/provisioning`);
    const n = await seedNumber(ds(), tenant.id, { state: 'double_stop' });
    await ds().query(
      `INSERT INTO outbox (tenant_id, id, topic, idempotency_key, payload) VALUES ($1, gen_random_uuid(), 'provisioning.escalate', $2, $3)`,
      [
        tenant.id,
        `escalate:double_stop:2016-11-01:${n.id}`,
        {
          from: 'single_stop',
          to: 'double_stop',
          effectiveOn: '2016-11-01',
          numbers: [{ numberId: n.id, lineType: 'mobile' }],
        },
      ],
    );
    await worker.drain();
    const calls = await request(t.url).get('/api/demo/provisioning/calls').expect(200);
    const mine = (
      calls.body as Array<{ tenant: string; action: string; body: Record<string, unknown> }>
    ).filter((x) => x.tenant === tenant.code && x.action === 'escalate');
    expect(mine.map((c) => c.body['numbers'])).toEqual([[{ phone: n.phone, lineType: 'mobile' }]]);
  });

  describe('fake carrier endpoint', () => {
    it('should refuse a wrong signature with 401 and count a repeated key once while recording both', async () => {
      const tenant = await tenantWithProvisioning(`${t.url}/api/demo/provisioning`);
      const body = JSON.stringify({
        phone: '13800000000',
        caseId: 'c-1',
        tenant: tenant.code,
        requestedAt: new Date().toISOString(),
      });
      const send = (sig: string, key = 'lift:c-1'): request.Test =>
        request(t.url)
          .post('/api/demo/provisioning/lift')
          .set({
            'content-type': 'application/json',
            'x-shiming-signature': sig,
            'idempotency-key': key,
          })
          .send(body);
      expect((await send(signBody('wrong', body)).expect(401)).body.error.code).toBe(
        'SIGNATURE_INVALID',
      );
      expect((await send(signBody(SECRET, body)).expect(200)).body).toEqual({
        status: 'done',
        duplicate: false,
      });
      expect((await send(signBody(SECRET, body)).expect(200)).body).toEqual({
        status: 'done',
        duplicate: true,
      });
      const calls = await request(t.url).get('/api/demo/provisioning/calls').expect(200);
      const mine = (calls.body as Array<{ tenant: string; body: { duplicate: boolean } }>).filter(
        (x) => x.tenant === tenant.code,
      );
      expect(mine.map((x) => x.body.duplicate)).toEqual([false, true]);
    });
  });

  it('should start on bootstrap when workers are enabled, drain by itself and stop cleanly', async () => {
    const t2 = await createTestApp({ WORKERS_ENABLED: 'true' });
    try {
      const w = t2.app.get(OutboxWorker);
      w.options.idleMs = 50;
      const tenant = await seedTenant(t2.db.dataSource, {
        provisioningUrl: `${t2.url}/api/demo/provisioning`,
      });
      const sealed = t2.app
        .get(CryptoService)
        .encryptText(tenant.id, SECRET, `tenant:${tenant.id}:provisioning_secret`);
      await t2.db.dataSource.query('UPDATE tenant SET provisioning_secret_enc = $2 WHERE id = $1', [
        tenant.id,
        sealed,
      ]);
      const c = await seedSubmittedCase(t2, tenant, { documents: false });
      const agent = await seedAgent(t2.db.dataSource, tenant.id);
      const auth = `Bearer ${agentToken(t2.config, agent)}`;
      const claimed = await request(t2.url)
        .post('/api/console/queue/next')
        .set('Authorization', auth)
        .expect(200);
      await request(t2.url)
        .post(`/api/console/cases/${c.id}/decision`)
        .set('Authorization', auth)
        .send({ decision: 'approve', version: claimed.body.version })
        .expect(200);
      for (let i = 0; i < 100; i++) {
        const rows: Array<{ state: string }> = await t2.db.dataSource.query(
          'SELECT state FROM phone_number WHERE tenant_id = $1 AND id = $2',
          [tenant.id, c.number.id],
        );
        if (rows[0]?.state === 'active') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const rows: Array<{ state: string }> = await t2.db.dataSource.query(
        'SELECT state FROM phone_number WHERE tenant_id = $1 AND id = $2',
        [tenant.id, c.number.id],
      );
      expect(rows[0]?.state).toBe('active');
    } finally {
      await t2.teardown();
    }
  });
});
