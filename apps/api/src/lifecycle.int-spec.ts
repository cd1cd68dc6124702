import sharp from 'sharp';
import request from 'supertest';
import { auditVerify } from './cli/commands/audit-verify';
import { DocumentsService } from './modules/documents/documents.service';
import { OutboxWorker } from './modules/provisioning/outbox.worker';
import { signBody } from './modules/provisioning/signature';
import { seedAgent, seedNumber, seedTenant } from './test/factories';
import {
  consoleLogin,
  setProvisioningSecret,
  submitCaseViaApi,
  subscriberLogin,
} from './test/flow';
import { idNumberFor } from './test/review-setup';
import { createTestApp, TestApp } from './test/test-app';

const PROVISIONING_SECRET = 'lifecycle-provisioning-secret-0123';

/** Reads a binary answer (supertest parses only text and JSON by itself). */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/**
 * The whole way, on a real PostgreSQL: a suspended number's owner logs in through WeChat (the
 * emulator), proves the number by SMS, uploads three real photos, consents and submits; an agent
 * takes the case, looks at a watermarked photo and approves; the worker lifts the suspension at
 * the (fake) carrier exactly once, signed; the number is active; the subscriber got the WeChat
 * message; the audit chain verifies.
 */
describe('registration lifecycle, end to end', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  it('should take a suspended number from WeChat login to active service, with one signed lift and an intact audit chain', async () => {
    const ds = t.db.dataSource;
    const api = (): ReturnType<typeof request> => request(t.url);

    // A carrier tenant whose provisioning endpoint is the built-in fake carrier.
    const tenant = await seedTenant(ds, {
      carrier: 'mobile',
      provisioningUrl: `${t.url}/api/demo/provisioning`,
    });
    await setProvisioningSecret(t, tenant, PROVISIONING_SECRET);
    const number = await seedNumber(ds, tenant.id, { state: 'single_stop' });
    const agent = await seedAgent(ds, tenant.id, 'agent');

    // 1–2. WeChat login through the emulator (wx.login code 'demo-<user>'), then prove the number
    // by SMS (the code goes to the demo SMS outbox).
    const token = await subscriberLogin(t, tenant, number, 'lifecycle-owner');
    const sub = { Authorization: `Bearer ${token}` };

    // 3. A case, three real JPEGs, the applicant, consent, submit.
    const idNumber = idNumberFor('19750315', 217);
    const { caseId, originals } = await submitCaseViaApi(t, tenant, token, {
      name: '杨光明',
      idNumber,
    });

    // 4. The agent logs in and takes the next case.
    const console = await consoleLogin(t, agent);
    const claimed = await api().post('/api/console/queue/next').set(console).expect(200);
    expect(claimed.body).toMatchObject({
      id: caseId,
      state: 'in_review',
      applicant: { nameMasked: '杨**', idNumberMasked: `5223**********${idNumber.slice(14)}` },
      checks: { idNumber: 'ok', age: 'ok', quota: { ok: true } },
      lease: { agentId: agent.id },
    });
    expect(claimed.body.documents).toHaveLength(3);

    // 5. Views a document: a JPEG with the watermark burnt in, not the stored bytes.
    const doc = (claimed.body.documents as Array<{ id: string; kind: string; url: string }>).find(
      (d) => d.kind === 'id_front',
    )!;
    const image = await api().get(doc.url).buffer(true).parse(binary).expect(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('no-store');
    const served = image.body as Buffer;
    const stored = (await t.app.get(DocumentsService).readForViewing(tenant.id, doc.id)).bytes;
    expect((await sharp(served).metadata()).format).toBe('jpeg');
    expect(served.equals(stored)).toBe(false);
    expect(served.equals(originals['id_front']!)).toBe(false);

    // 6. Approves.
    const approved = await api()
      .post(`/api/console/cases/${caseId}/decision`)
      .set(console)
      .send({ decision: 'approve', version: claimed.body.version })
      .expect(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      numberState: 'lift_pending',
      lease: null,
    });

    // 7. The worker runs: exactly one signed lift reached the carrier; the number is active.
    await t.app.get(OutboxWorker).drain();
    const calls = await api().get('/api/demo/provisioning/calls').expect(200);
    const lifts = (calls.body as Array<{ tenant: string; body: Record<string, unknown> }>).filter(
      (c) => c.tenant === tenant.code,
    );
    expect(lifts).toHaveLength(1);
    expect(lifts[0]).toMatchObject({
      idempotencyKey: `lift:${caseId}`,
      body: { phone: number.phone, caseId, tenant: tenant.code, duplicate: false },
    });
    // The fake carrier records a call only after checking its HMAC: the same body signed with another secret is refused.
    const { duplicate: _duplicate, ...sentBody } = lifts[0]!.body;
    await api()
      .post('/api/demo/provisioning/lift')
      .set({
        'content-type': 'application/json',
        'idempotency-key': `lift:${caseId}`,
        'x-shiming-signature': signBody('not-the-secret', JSON.stringify(sentBody)),
      })
      .send(JSON.stringify(sentBody))
      .expect(401);
    const status = await api().get('/api/me/number').set(sub).expect(200);
    expect(status.body).toMatchObject({ state: 'active', registered: true });
    const history: Array<{ to_state: string }> = await ds.query(
      'SELECT to_state FROM number_history WHERE tenant_id = $1 AND number_id = $2 ORDER BY at',
      [tenant.id, number.id],
    );
    expect(history.map((h) => h.to_state).slice(-2)).toEqual(['lift_pending', 'active']);

    // A second run lifts nothing more.
    await t.app.get(OutboxWorker).drain();
    const again = await api().get('/api/demo/provisioning/calls').expect(200);
    expect(
      (again.body as Array<{ tenant: string }>).filter((c) => c.tenant === tenant.code),
    ).toHaveLength(1);

    // 8. The subscription message reached the subscriber's openid (the emulator's inbox).
    const openidRows: Array<{ openid: string }> = await ds.query(
      'SELECT openid FROM registration_case WHERE tenant_id = $1 AND id = $2',
      [tenant.id, caseId],
    );
    const openid = openidRows[0]!.openid;
    expect(openid).toMatch(/^o-/);
    const inbox = await api().get('/api/demo/wechat/inbox').query({ openid }).expect(200);
    expect(inbox.body).toHaveLength(1);
    expect(inbox.body[0]).toMatchObject({
      page: `case/detail/index?id=${caseId}`,
      data: { phrase3: { value: '已通过' } },
    });
    const subscriberCase = await api().get(`/api/cases/${caseId}`).set(sub).expect(200);
    expect(subscriberCase.body.state).toBe('approved');

    // 9. Every step is in the audit chain, and the chain verifies.
    const trail: Array<{ action: string }> = await ds.query(
      `SELECT action FROM audit_log WHERE tenant_id = $1 ORDER BY seq`,
      [tenant.id],
    );
    const actions = trail.map((r) => r.action);
    for (const a of [
      'case.claim',
      'document.view',
      'case.decision',
      'number.lift_confirmed',
      'case.notified',
    ])
      expect(actions).toContain(a);
    const out: string[] = [];
    const err: string[] = [];
    const code2 = await auditVerify.run({
      args: [],
      cwd: process.cwd(),
      flags: {},
      config: t.config,
      app: t.app,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(err).toEqual([]);
    expect(code2).toBe(0);
    expect(out[0]).toMatch(/^OK: \d+ entries/);
  });
});
