import sharp from 'sharp';
import request from 'supertest';
import { TokenService } from '../../common/auth/token.service';
import { DocumentsService } from '../documents/documents.service';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  type SeededAgent,
  type SeededTenant,
} from '../../test/factories';
import { idNumberFor, seedSubmittedCase } from '../../test/review-setup';
import { createTestApp, TestApp } from '../../test/test-app';

const bearer = (t: TestApp, a: SeededAgent): string => `Bearer ${agentToken(t.config, a)}`;

describe('review console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  const ds = (): TestApp['db']['dataSource'] => t.db.dataSource;
  const next = (a: SeededAgent): request.Test =>
    request(t.url).post('/api/console/queue/next').set('Authorization', bearer(t, a));
  const decide = (a: SeededAgent, caseId: string, body: Record<string, unknown>): request.Test =>
    request(t.url)
      .post(`/api/console/cases/${caseId}/decision`)
      .set('Authorization', bearer(t, a))
      .send(body);

  async function freshTenant(policy: Record<string, unknown> = {}): Promise<{
    tenant: SeededTenant;
    agent: SeededAgent;
    other: SeededAgent;
    supervisor: SeededAgent;
  }> {
    const tenant = await seedTenant(ds(), { policy });
    const [agent, other, supervisor] = await Promise.all([
      seedAgent(ds(), tenant.id),
      seedAgent(ds(), tenant.id),
      seedAgent(ds(), tenant.id, 'supervisor'),
    ]);
    return { tenant, agent, other, supervisor };
  }

  describe('queue', () => {
    it('should hand two agents different cases and the same agent its own case again', async () => {
      const { tenant, agent, other } = await freshTenant();
      const older = await seedSubmittedCase(t, tenant, {
        documents: false,
        queuedAt: new Date(Date.now() - 60_000),
      });
      const newer = await seedSubmittedCase(t, tenant, { documents: false });
      const a = await next(agent).expect(200);
      expect(a.body.id).toBe(older.id);
      expect(a.body.state).toBe('in_review');
      expect(a.body.lease.agentId).toBe(agent.id);
      expect(new Date(a.body.lease.expiresAt).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
      const b = await next(other).expect(200);
      expect(b.body.id).toBe(newer.id);
      const again = await next(agent).expect(200);
      expect(again.body.id).toBe(older.id);
      expect(again.body.version).toBe(a.body.version);
    });

    it('should answer 204 when the queue is empty', async () => {
      const { agent } = await freshTenant();
      const res = await next(agent);
      expect(res.status).toBe(204);
    });

    it("should never hand another tenant's case", async () => {
      const { tenant } = await freshTenant();
      await seedSubmittedCase(t, tenant, { documents: false });
      const { agent: stranger } = await freshTenant();
      expect((await next(stranger)).status).toBe(204);
    });

    it('should give 20 concurrent claimers 10 distinct cases and no case twice when 10 wait', async () => {
      const tenant = await seedTenant(ds());
      const cases = await Promise.all(
        Array.from({ length: 10 }, () => seedSubmittedCase(t, tenant, { documents: false })),
      );
      const agents = await Promise.all(
        Array.from({ length: 20 }, () => seedAgent(ds(), tenant.id)),
      );
      const answers = await Promise.all(agents.map((a) => next(a)));
      const claimed = answers.filter((r) => r.status === 200).map((r) => r.body.id as string);
      expect(answers.filter((r) => r.status === 204)).toHaveLength(10);
      expect(claimed).toHaveLength(10);
      expect(new Set(claimed).size).toBe(10);
      expect(new Set(claimed)).toEqual(new Set(cases.map((c) => c.id)));
      const holders: Array<{ n: string }> = await ds().query(
        `SELECT count(DISTINCT lease_agent_id) AS n FROM registration_case WHERE tenant_id = $1 AND state = 'in_review'`,
        [tenant.id],
      );
      expect(Number(holders[0]?.n)).toBe(10);
    });

    it('should put a case back in the queue when its lease runs out', async () => {
      const { tenant, agent, other } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const first = await next(agent).expect(200);
      await ds().query(
        `UPDATE registration_case SET lease_expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, c.id],
      );
      const taken = await next(other).expect(200);
      expect(taken.body.id).toBe(c.id);
      expect(taken.body.lease.agentId).toBe(other.id);
      // The first agent's decision comes too late: the case changed under it.
      const late = await decide(agent, c.id, {
        decision: 'approve',
        version: first.body.version,
      }).expect(409);
      expect(late.body.error.code).toBe('STALE_DECISION');
    });

    it('should put a released case back in the queue and refuse a release by a non-holder', async () => {
      const { tenant, agent, other } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      await next(agent).expect(200);
      const refused = await request(t.url)
        .post(`/api/console/cases/${c.id}/release`)
        .set('Authorization', bearer(t, other))
        .expect(409);
      expect(refused.body.error.code).toBe('LEASE_NOT_HELD');
      await request(t.url)
        .post(`/api/console/cases/${c.id}/release`)
        .set('Authorization', bearer(t, agent))
        .expect(204);
      expect((await next(other).expect(200)).body.id).toBe(c.id);
    });
  });

  describe('case view', () => {
    it('should show the case masked, with the domain checks and signed document URLs, and audit the view', async () => {
      const { tenant, agent } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, {
        name: '王小明',
        idNumber: idNumberFor('19800101', 123),
      });
      const res = await request(t.url)
        .get(`/api/console/cases/${c.id}`)
        .set('Authorization', bearer(t, agent))
        .expect(200);
      expect(res.body).toMatchObject({
        id: c.id,
        state: 'submitted',
        applicantType: 'self',
        phone: `${c.number.phone.slice(0, 3)}****${c.number.phone.slice(7)}`,
        numberState: 'single_stop',
        applicant: {
          nameMasked: '王**',
          idNumberMasked: `5223**********${c.idNumber.slice(14)}`,
          sex: 'male',
        },
        checks: { idNumber: 'ok', age: 'ok', quota: { count: 0, limit: 5, ok: true } },
        lease: null,
        resubmissionCount: 0,
      });
      expect(res.body.applicant.region).toContain('贵州');
      expect(res.body.applicant.age).toBeGreaterThanOrEqual(36);
      expect(JSON.stringify(res.body)).not.toContain(c.idNumber);
      expect((res.body.documents as Array<{ kind: string }>).map((d) => d.kind).sort()).toEqual([
        'id_back',
        'id_front',
        'id_handheld',
      ]);
      for (const d of res.body.documents)
        expect(d.url).toMatch(
          new RegExp(
            `^/api/console/documents/${d.id}\\?tenant=${tenant.id}&agent=${agent.id}&exp=\\d+&sig=`,
          ),
        );
      const audit: Array<{ action: string; actor_id: string }> = await ds().query(
        `SELECT action, actor_id FROM audit_log WHERE tenant_id = $1 AND target_id = $2 AND action = 'case.view'`,
        [tenant.id, c.id],
      );
      expect(audit).toEqual([{ action: 'case.view', actor_id: agent.id }]);
    });

    it("should count the identity's other numbers at the carrier in the quota check", async () => {
      const { tenant, agent } = await freshTenant({ perIdentityLimit: 2 });
      const idNumber = idNumberFor('19700505', 456);
      await seedSubmittedCase(t, tenant, { documents: false, idNumber });
      // Another tenant of the same carrier counts too: the rule is per carrier, nationwide.
      const sibling = await seedTenant(ds(), { carrier: tenant.carrier });
      await seedSubmittedCase(t, sibling, { documents: false, idNumber });
      const c = await seedSubmittedCase(t, tenant, { documents: false, idNumber });
      const res = await request(t.url)
        .get(`/api/console/cases/${c.id}`)
        .set('Authorization', bearer(t, agent))
        .expect(200);
      expect(res.body.checks.quota).toEqual({ count: 2, limit: 2, ok: false });
    });

    it("should answer 404, not 403, for another tenant's case and for a malformed id", async () => {
      const { tenant } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const { agent: stranger } = await freshTenant();
      for (const path of [`/api/console/cases/${c.id}`, '/api/console/cases/not-a-uuid']) {
        const res = await request(t.url)
          .get(path)
          .set('Authorization', bearer(t, stranger))
          .expect(404);
        expect(res.body.error.code).toBe('CASE_NOT_FOUND');
      }
      const d = await decide(stranger, c.id, { decision: 'approve', version: 1 }).expect(404);
      expect(d.body.error.code).toBe('CASE_NOT_FOUND');
      await request(t.url)
        .post(`/api/console/cases/${c.id}/reveal`)
        .set('Authorization', bearer(t, stranger))
        .send({ reason: '核对' })
        .expect(404);
    });

    it('should refuse the console without an agent token', async () => {
      await request(t.url).post('/api/console/queue/next').expect(401);
    });

    it('should reveal name and ID number in clear and audit the reason', async () => {
      const { tenant, agent } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false, name: '李四' });
      const bad = await request(t.url)
        .post(`/api/console/cases/${c.id}/reveal`)
        .set('Authorization', bearer(t, agent))
        .send({})
        .expect(400);
      expect(bad.body.error.fields.reason).toBeDefined();
      const res = await request(t.url)
        .post(`/api/console/cases/${c.id}/reveal`)
        .set('Authorization', bearer(t, agent))
        .send({ reason: '照片与号码核对' })
        .expect(200);
      expect(res.body).toEqual({ name: '李四', idNumber: c.idNumber });
      expect(res.headers['cache-control']).toBe('no-store');
      const rows: Array<{ detail: { reason: string } }> = await ds().query(
        `SELECT detail FROM audit_log WHERE tenant_id = $1 AND target_id = $2 AND action = 'case.reveal'`,
        [tenant.id, c.id],
      );
      expect(rows.map((r) => r.detail.reason)).toEqual(['照片与号码核对']);
    });
  });

  describe('documents', () => {
    it('should serve a watermarked JPEG through the signed URL, uncached and audited', async () => {
      const { tenant, agent } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant);
      const view = await request(t.url)
        .get(`/api/console/cases/${c.id}`)
        .set('Authorization', bearer(t, agent))
        .expect(200);
      const doc = view.body.documents[0] as { id: string; url: string };
      const res = await request(t.url)
        .get(doc.url)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (x: Buffer) => chunks.push(x));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('no-store');
      const served = res.body as Buffer;
      const original = (await t.app.get(DocumentsService).readForViewing(tenant.id, doc.id)).bytes;
      expect((await sharp(served).metadata()).format).toBe('jpeg');
      expect(served.equals(original)).toBe(false);
      const [a, b] = await Promise.all([
        sharp(served).raw().toBuffer(),
        sharp(original).raw().toBuffer(),
      ]);
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
      expect(diff / a.length).toBeGreaterThan(1);
      const audit: Array<{ actor_id: string; detail: { caseId: string } }> = await ds().query(
        `SELECT actor_id, detail FROM audit_log WHERE tenant_id = $1 AND action = 'document.view' AND target_id = $2`,
        [tenant.id, doc.id],
      );
      expect(audit).toEqual([
        { actor_id: agent.id, detail: expect.objectContaining({ caseId: c.id }) },
      ]);
    });

    it('should refuse a tampered URL with URL_INVALID and an old one with URL_EXPIRED', async () => {
      const { tenant, agent, other } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant);
      const view = await request(t.url)
        .get(`/api/console/cases/${c.id}`)
        .set('Authorization', bearer(t, agent))
        .expect(200);
      const url = view.body.documents[0].url as string;
      const swapped = url.replace(`agent=${agent.id}`, `agent=${other.id}`);
      expect((await request(t.url).get(swapped).expect(403)).body.error.code).toBe('URL_INVALID');
      expect(
        (
          await request(t.url)
            .get(url.replace(/sig=[^&]+/, 'sig=AAAA'))
            .expect(403)
        ).body.error.code,
      ).toBe('URL_INVALID');
      expect((await request(t.url).get(url.split('?')[0]!).expect(403)).body.error.code).toBe(
        'URL_INVALID',
      );
      const docId = view.body.documents[0].id as string;
      const path = `/api/console/documents/${docId}?tenant=${tenant.id}&agent=${agent.id}`;
      const exp = Math.floor(Date.now() / 1000) - 10;
      const old = `${path}&exp=${exp}&sig=${t.app.get(TokenService).signUrl(path, exp)}`;
      expect((await request(t.url).get(old).expect(403)).body.error.code).toBe('URL_EXPIRED');
    });
  });

  describe('decisions', () => {
    it('should approve in one transaction: case approved, number lift_pending with history, one lift and one notification queued', async () => {
      const { tenant, agent } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      const res = await decide(agent, c.id, {
        decision: 'approve',
        version: claimed.body.version,
      }).expect(200);
      expect(res.body).toMatchObject({
        state: 'approved',
        lease: null,
        numberState: 'lift_pending',
        version: claimed.body.version + 1,
      });
      expect((res.body.numberHistory as unknown[]).at(-1)).toMatchObject({
        from: 'single_stop',
        to: 'lift_pending',
        cause: 'registration_approved',
      });
      const outbox: Array<{ topic: string; idempotency_key: string; status: string }> =
        await ds().query(
          `SELECT topic, idempotency_key, status FROM outbox WHERE tenant_id = $1 ORDER BY topic`,
          [tenant.id],
        );
      expect(outbox).toEqual([
        { topic: 'provisioning.lift', idempotency_key: `lift:${c.id}`, status: 'pending' },
        {
          topic: 'wechat.notify',
          idempotency_key: expect.stringMatching(new RegExp(`^notify:${c.id}:`)),
          status: 'pending',
        },
      ]);
      // Approving twice makes no second lift.
      const again = await decide(agent, c.id, {
        decision: 'approve',
        version: res.body.version,
      }).expect(409);
      expect(again.body.error.code).toBe('LEASE_NOT_HELD');
      const lifts: Array<{ n: string }> = await ds().query(
        `SELECT count(*) AS n FROM outbox WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
        [tenant.id],
      );
      expect(Number(lifts[0]?.n)).toBe(1);
    });

    it('should refuse a stale decision and leave the case as it was', async () => {
      const { tenant, agent } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      const res = await decide(agent, c.id, {
        decision: 'approve',
        version: claimed.body.version - 1,
      }).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'STALE_DECISION',
        currentVersion: claimed.body.version,
      });
      const rows: Array<{ state: string }> = await ds().query(
        'SELECT state FROM registration_case WHERE tenant_id = $1 AND id = $2',
        [tenant.id, c.id],
      );
      expect(rows[0]?.state).toBe('in_review');
      const outbox: unknown[] = await ds().query('SELECT 1 FROM outbox WHERE tenant_id = $1', [
        tenant.id,
      ]);
      expect(outbox).toHaveLength(0);
    });

    it('should refuse a decision on a case the agent has not claimed', async () => {
      const { tenant, agent, other } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      const res = await decide(other, c.id, {
        decision: 'reject',
        version: claimed.body.version,
        rejectionReason: 'other',
      }).expect(409);
      expect(res.body.error.code).toBe('LEASE_NOT_HELD');
    });

    it('should ask for resubmission with the composed message and the documents to redo', async () => {
      const { tenant, agent } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      const res = await decide(agent, c.id, {
        decision: 'resubmit',
        version: claimed.body.version,
        items: [
          { reason: 'blurry', document: 'id_front' },
          { reason: 'glare', document: 'id_front' },
          { reason: 'name_id_mismatch' },
        ],
      }).expect(200);
      expect(res.body).toMatchObject({
        state: 'needs_resubmission',
        resubmissionCount: 1,
        lease: null,
      });
      const rows: Array<{
        resubmission: { redo: string[]; message: string; items: Array<{ label: string }> };
      }> = await ds().query(
        'SELECT resubmission FROM registration_case WHERE tenant_id = $1 AND id = $2',
        [tenant.id, c.id],
      );
      const r = rows[0]!.resubmission;
      expect(r.redo).toEqual(['id_front']);
      expect(r.items.map((i) => i.label)).toEqual(['照片模糊', '反光', '姓名与证件不符']);
      expect(r.message).toContain('1. 机主身份证人像面：');
      expect(r.message.split('\n')).toHaveLength(4);
    });

    it("should refuse a resubmission past the tenant's cap with RESUBMISSION_CAP_REACHED", async () => {
      const { tenant, agent } = await freshTenant({ resubmissionCap: 1 });
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      await ds().query(
        'UPDATE registration_case SET resubmission_count = 1 WHERE tenant_id = $1 AND id = $2',
        [tenant.id, c.id],
      );
      const claimed = await next(agent).expect(200);
      const res = await decide(agent, c.id, {
        decision: 'resubmit',
        version: claimed.body.version,
        items: [{ reason: 'blurry', document: 'id_back' }],
      }).expect(422);
      expect(res.body.error.code).toBe('RESUBMISSION_CAP_REACHED');
      await decide(agent, c.id, {
        decision: 'reject',
        version: claimed.body.version,
        rejectionReason: 'resubmission_cap',
      }).expect(200);
    });

    it('should reject with the reason, the subscriber text and the hotline, and require a reason', async () => {
      const { tenant, agent } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      const missing = await decide(agent, c.id, {
        decision: 'reject',
        version: claimed.body.version,
      }).expect(400);
      expect(missing.body.error.fields.rejectionReason).toBeDefined();
      const unknown = await decide(agent, c.id, {
        decision: 'reject',
        version: claimed.body.version,
        rejectionReason: 'nope',
      }).expect(400);
      expect(unknown.body.error.fields.rejectionReason).toBeDefined();
      await decide(agent, c.id, {
        decision: 'reject',
        version: claimed.body.version,
        rejectionReason: 'forged_document',
      }).expect(200);
      const rows: Array<{ state: string; rejection: Record<string, string> }> = await ds().query(
        'SELECT state, rejection FROM registration_case WHERE tenant_id = $1 AND id = $2',
        [tenant.id, c.id],
      );
      expect(rows[0]).toEqual({
        state: 'rejected',
        rejection: {
          reason: 'forged_document',
          label: '证件疑似伪造',
          message: expect.stringContaining('营业厅'),
          hotline: tenant.hotline,
        },
      });
    });

    it('should refuse to approve an identity over the carrier quota', async () => {
      const { tenant, agent } = await freshTenant({ perIdentityLimit: 1 });
      const idNumber = idNumberFor('19660606', 777);
      const first = await seedSubmittedCase(t, tenant, {
        documents: false,
        idNumber,
        queuedAt: new Date(Date.now() + 60_000),
      });
      await ds().query(
        `UPDATE registration_case SET state = 'approved' WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, first.id],
      );
      const c = await seedSubmittedCase(t, tenant, { documents: false, idNumber });
      const claimed = await next(agent).expect(200);
      expect(claimed.body.id).toBe(c.id);
      const res = await decide(agent, c.id, {
        decision: 'approve',
        version: claimed.body.version,
      }).expect(422);
      expect(res.body.error.code).toBe('IDENTITY_QUOTA_EXCEEDED');
    });

    it('should refuse to approve when the number was cancelled meanwhile', async () => {
      const { tenant, agent } = await freshTenant();
      const number = await seedNumber(ds(), tenant.id, { state: 'cancelled' });
      const c = await seedSubmittedCase(t, tenant, { documents: false, number });
      const claimed = await next(agent).expect(200);
      const res = await decide(agent, c.id, {
        decision: 'approve',
        version: claimed.body.version,
      }).expect(409);
      expect(res.body.error.code).toBe('ILLEGAL_TRANSITION');
      const rows: Array<{ state: string }> = await ds().query(
        'SELECT state FROM registration_case WHERE tenant_id = $1 AND id = $2',
        [tenant.id, c.id],
      );
      expect(rows[0]?.state).toBe('in_review');
    });
  });

  describe('supervision', () => {
    it('should refuse stats to a plain agent and show queue, throughput, rates and lifts to a supervisor', async () => {
      const { tenant, agent, supervisor } = await freshTenant();
      await request(t.url)
        .get('/api/console/stats')
        .set('Authorization', bearer(t, agent))
        .expect(403);
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      await seedSubmittedCase(t, tenant, {
        documents: false,
        queuedAt: new Date(Date.now() - 120_000),
      });
      await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      await decide(agent, claimed.body.id, {
        decision: 'approve',
        version: claimed.body.version,
      }).expect(200);
      const res = await request(t.url)
        .get('/api/console/stats')
        .set('Authorization', bearer(t, supervisor))
        .expect(200);
      expect(res.body).toMatchObject({
        queueDepth: 2,
        perAgent: [
          {
            agent: { id: agent.id, username: agent.username },
            decisionsLastHour: 1,
            decisionsToday: 1,
          },
        ],
        rates: { approved: 1, resubmit: 0, rejected: 0 },
        liftPending: 1,
        deadLetters: [],
      });
      expect(res.body.oldestWaitingSeconds).toBeGreaterThanOrEqual(0);
      expect(c.id).toBeDefined();
    });

    it("should list a case's audit trail for a supervisor", async () => {
      const { tenant, agent, supervisor } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      await decide(agent, c.id, {
        decision: 'reject',
        version: claimed.body.version,
        rejectionReason: 'other',
      }).expect(200);
      const res = await request(t.url)
        .get(`/api/console/cases/${c.id}/audit`)
        .set('Authorization', bearer(t, supervisor))
        .expect(200);
      expect((res.body as Array<{ action: string }>).map((e) => e.action)).toEqual([
        'case.claim',
        'case.decision',
      ]);
      expect(res.body[1]).toMatchObject({
        actor: { type: 'agent', id: agent.id, username: agent.username },
        detail: { decision: 'reject', reason: 'other' },
      });
    });

    it('should put a dead lift back in the queue once, audited', async () => {
      const { tenant, agent, supervisor } = await freshTenant();
      const c = await seedSubmittedCase(t, tenant, { documents: false });
      const claimed = await next(agent).expect(200);
      await decide(agent, c.id, { decision: 'approve', version: claimed.body.version }).expect(200);
      await ds().query(
        `UPDATE outbox SET status = 'dead', attempts = 8, last_error = 'HTTP 500' WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
        [tenant.id],
      );
      const stats = await request(t.url)
        .get('/api/console/stats')
        .set('Authorization', bearer(t, supervisor))
        .expect(200);
      expect(stats.body.deadLetters).toEqual([
        {
          id: expect.any(String),
          phone: expect.stringContaining('****'),
          attempts: 8,
          lastError: 'HTTP 500',
          at: expect.any(String),
        },
      ]);
      const id = stats.body.deadLetters[0].id as string;
      await request(t.url)
        .post(`/api/console/lifts/${id}/retry`)
        .set('Authorization', bearer(t, agent))
        .expect(403);
      await request(t.url)
        .post(`/api/console/lifts/${id}/retry`)
        .set('Authorization', bearer(t, supervisor))
        .expect(202);
      const rows: Array<{ status: string; attempts: number }> = await ds().query(
        'SELECT status, attempts FROM outbox WHERE tenant_id = $1 AND id = $2',
        [tenant.id, id],
      );
      expect(rows[0]).toEqual({ status: 'pending', attempts: 0 });
      expect(
        (
          await request(t.url)
            .post(`/api/console/lifts/${id}/retry`)
            .set('Authorization', bearer(t, supervisor))
            .expect(409)
        ).body.error.code,
      ).toBe('LIFT_NOT_DEAD');
      const { supervisor: stranger } = await freshTenant();
      await request(t.url)
        .post(`/api/console/lifts/${id}/retry`)
        .set('Authorization', bearer(t, stranger))
        .expect(404);
    });
  });
});
