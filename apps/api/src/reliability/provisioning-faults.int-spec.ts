import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { OutboxWorker } from '../modules/provisioning/outbox.worker';
import { agentToken, seedAgent, seedTenant, type SeededTenant } from '../test/factories';
import { setProvisioningSecret } from '../test/flow';
import { seedSubmittedCase } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

/** How many approvals go through the faulty carrier: 200 in CI, more from bench/reliability.mjs. */
const APPROVALS = Number(process.env['RELIABILITY_APPROVALS'] ?? 200);
const SECRET = 'reliability-carrier-secret-0123456789';
const LATE_ANSWERS = 5;

/** Deterministic randomness (mulberry32), so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A carrier that fails 30% of calls with 500 (nothing applied), applies a few lifts and answers
 * only after the client's 10 s timeout (the client gave up: it must retry and be told
 * "duplicate"), and confirms a key it already applied as a duplicate. Lifts are applied once per
 * idempotency key, as a real carrier would; `applied` is what the carrier side did.
 */
function faultyCarrier(seed: number): {
  server: Server;
  applied: Map<string, number>;
  stats: { calls: number; failed: number; late: number; duplicates: number };
  url: () => string;
} {
  const random = prng(seed);
  const applied = new Map<string, number>();
  const stats = { calls: 0, failed: 0, late: 0, duplicates: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      stats.calls++;
      const key = String(req.headers['idempotency-key'] ?? '');
      res.setHeader('content-type', 'application/json');
      if (random() < 0.3) {
        stats.failed++;
        res.statusCode = 500;
        res.end('{"status":"error"}');
        return;
      }
      const duplicate = applied.has(key);
      applied.set(key, (applied.get(key) ?? 0) + 1);
      if (duplicate) stats.duplicates++;
      const answer = JSON.stringify({ status: 'done', duplicate });
      if (!duplicate && stats.late < LATE_ANSWERS) {
        stats.late++;
        setTimeout(() => res.end(answer), 10_500).unref();
      } else res.end(answer);
    });
  });
  return {
    server,
    applied,
    stats,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

describe('faults: provisioning against a failing carrier, racing decisions', () => {
  let t: TestApp;
  let worker: OutboxWorker;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '10' });
    worker = t.app.get(OutboxWorker);
  });
  afterAll(() => t.teardown());

  it(
    `should lift exactly once per approval over ${APPROVALS} approvals when the carrier fails 30%, answers late and repeats`,
    async () => {
      const ds = t.db.dataSource;
      const fake = faultyCarrier(20161101);
      await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
      Object.assign(worker.options, { batchSize: 50, backoff: { baseMs: 1, capMs: 5 } });
      try {
        const tenant: SeededTenant = await seedTenant(ds, { provisioningUrl: fake.url() });
        await setProvisioningSecret(t, tenant, SECRET);
        const agent = agentToken(t.config, await seedAgent(ds, tenant.id));
        for (let i = 0; i < APPROVALS; i++)
          await seedSubmittedCase(t, tenant, { documents: false, openid: null });
        const approvedKeys = new Set<string>();
        for (let i = 0; i < APPROVALS; i++) {
          const claimed = await request(t.url)
            .post('/api/console/queue/next')
            .set('Authorization', `Bearer ${agent}`)
            .expect(200);
          await request(t.url)
            .post(`/api/console/cases/${claimed.body.id as string}/decision`)
            .set('Authorization', `Bearer ${agent}`)
            .send({ decision: 'approve', version: claimed.body.version })
            .expect(200);
          approvedKeys.add(`lift:${claimed.body.id as string}`);
        }
        expect(approvedKeys.size).toBe(APPROVALS);

        // Two workers (as two replicas would) drain side by side until nothing is left to try.
        for (let round = 0; round < 60; round++) {
          await ds.query(
            `UPDATE outbox SET next_attempt_at = now() WHERE tenant_id = $1 AND status = 'pending'`,
            [tenant.id],
          );
          await Promise.all([worker.drain(), worker.drain()]);
          const [{ left }] = await ds.query(
            `SELECT count(*)::int AS left FROM outbox WHERE tenant_id = $1 AND status NOT IN ('done', 'dead')`,
            [tenant.id],
          );
          if (left === 0) break;
        }

        const rows: Array<{ status: string; n: number; min_attempts: number }> = await ds.query(
          `SELECT status, count(*)::int AS n, min(attempts)::int AS min_attempts FROM outbox
          WHERE tenant_id = $1 AND topic = 'provisioning.lift' GROUP BY status`,
          [tenant.id],
        );
        const dead = rows.find((r) => r.status === 'dead');
        const done = rows.find((r) => r.status === 'done')?.n ?? 0;
        console.log(
          `provisioning faults: ${APPROVALS} approvals, ${fake.stats.calls} carrier calls (${fake.stats.failed} failed with 500, ${fake.stats.late} answered after the client gave up, ${fake.stats.duplicates} duplicate confirmations); carrier-side lifts ${fake.applied.size}; done ${done}; dead ${dead?.n ?? 0}`,
        );
        // Carrier side: exactly the approved keys, no other.
        expect(new Set(fake.applied.keys())).toEqual(approvedKeys);
        // Dead letters only past the cap.
        if (dead) expect(dead.min_attempts).toBeGreaterThanOrEqual(worker.options.maxAttempts);
        expect(done + (dead?.n ?? 0)).toBe(APPROVALS);
        expect(fake.stats.late).toBe(LATE_ANSWERS);
        const [{ active }] = await ds.query(
          `SELECT count(*)::int AS active FROM phone_number WHERE tenant_id = $1 AND state = 'active' AND registered`,
          [tenant.id],
        );
        expect(active).toBe(done);
      } finally {
        Object.assign(worker.options, {
          batchSize: 10,
          backoff: { baseMs: 5_000, capMs: 3_600_000 },
        });
        fake.server.closeAllConnections();
        fake.server.close();
      }
    },
    Math.max(120_000, APPROVALS * 600),
  );

  it('should record exactly one decision when two agents and a double click decide the same case at once', async () => {
    const ds = t.db.dataSource;
    const tenant = await seedTenant(ds);
    const c = await seedSubmittedCase(t, tenant, { documents: false, openid: null });
    const first = agentToken(t.config, await seedAgent(ds, tenant.id));
    const second = agentToken(t.config, await seedAgent(ds, tenant.id, 'supervisor'));
    const claimed = await request(t.url)
      .post('/api/console/queue/next')
      .set('Authorization', `Bearer ${first}`)
      .expect(200);
    expect(claimed.body.id).toBe(c.id);
    const decide = (token: string, decision: string): request.Test =>
      request(t.url)
        .post(`/api/console/cases/${c.id}/decision`)
        .set('Authorization', `Bearer ${token}`)
        .send({
          decision,
          version: claimed.body.version,
          ...(decision === 'reject' ? { rejectionReason: 'forged_document' } : {}),
        });
    const answers = await Promise.all([
      decide(first, 'approve'),
      decide(first, 'approve'),
      decide(second, 'approve'),
      decide(second, 'reject'),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const [{ decisions }] = await ds.query(
      `SELECT count(*)::int AS decisions FROM audit_log WHERE tenant_id = $1 AND action = 'case.decision' AND target_id = $2`,
      [tenant.id, c.id],
    );
    expect(decisions).toBe(1);
    const lifts = await ds.query(
      `SELECT 1 FROM outbox WHERE tenant_id = $1 AND topic = 'provisioning.lift'`,
      [tenant.id],
    );
    const [state] = await ds.query(
      'SELECT state FROM registration_case WHERE tenant_id = $1 AND id = $2',
      [tenant.id, c.id],
    );
    expect(lifts).toHaveLength(state.state === 'approved' ? 1 : 0);
  });
});
