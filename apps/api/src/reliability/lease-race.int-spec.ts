import request from 'supertest';
import { agentToken, seedAgent, seedTenant, type SeededTenant } from '../test/factories';
import { seedSubmittedCase } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

/**
 * A decision racing the expiry of its lease: agent A holds a case, the lease runs out while A
 * decides, agent B takes the case from the queue. Whatever the order, the case gets exactly one
 * final decision, the late decision is refused with a 409 that says why, and a second approval
 * (a double click, or a repeat after the first went through) changes nothing.
 *
 * Trials: 40 in CI; more with RELIABILITY_LEASE_TRIALS (bench/reliability.mjs).
 */
const TRIALS = Number(process.env['RELIABILITY_LEASE_TRIALS'] ?? 40);

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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a decision racing the expiry of its lease', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let a: { Authorization: string };
  let b: { Authorization: string };
  let agentA: string;
  let agentB: string;
  const figures: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '8' });
    tenant = await seedTenant(t.db.dataSource);
    const first = await seedAgent(t.db.dataSource, tenant.id);
    const second = await seedAgent(t.db.dataSource, tenant.id);
    agentA = first.id;
    agentB = second.id;
    a = { Authorization: `Bearer ${agentToken(t.config, first)}` };
    b = { Authorization: `Bearer ${agentToken(t.config, second)}` };
  });
  afterAll(async () => {
    await t.teardown();
    console.log(`lease races:\n  ${figures.join('\n  ')}`);
  });

  const claim = (who: { Authorization: string }) =>
    request(t.url).post('/api/console/queue/next').set(who);
  const decide = (
    who: { Authorization: string },
    id: string,
    version: number,
    decision = 'approve',
  ) =>
    request(t.url)
      .post(`/api/console/cases/${id}/decision`)
      .set(who)
      .send({
        decision,
        version,
        ...(decision === 'reject' ? { rejectionReason: 'forged_document' } : {}),
      })
      .then((r) => r);
  /** The lease runs out `inMs` from now, by the database's clock (what the lease check reads). */
  const expireLease = (id: string, inMs: number) =>
    t.db.dataSource.query(
      `UPDATE registration_case SET lease_expires_at = clock_timestamp() + make_interval(secs => $3)
        WHERE tenant_id = $1 AND id = $2`,
      [tenant.id, id, inMs / 1000],
    );
  const decisions = async (id: string) => {
    const [row] = await t.db.dataSource.query(
      `SELECT c.state, c.decided_by,
              (SELECT count(*)::int FROM audit_log l WHERE l.tenant_id = c.tenant_id AND l.target_id = c.id::text AND l.action = 'case.decision') AS audited,
              (SELECT count(*)::int FROM outbox o WHERE o.tenant_id = c.tenant_id AND o.idempotency_key = 'lift:' || c.id) AS lifts
         FROM registration_case c WHERE c.tenant_id = $1 AND c.id = $2`,
      [tenant.id, id],
    );
    return row as { state: string; decided_by: string | null; audited: number; lifts: number };
  };

  it('should refuse with 409 LEASE_NOT_HELD a decision made after the lease ran out', async () => {
    const c = await seedSubmittedCase(t, tenant, { documents: false, openid: null });
    const held = await claim(a).expect(200);
    await expireLease(c.id, -1000);
    const late = await decide(a, c.id, held.body.version as number);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'LEASE_NOT_HELD' });
    expect(late.body.error.message).toMatch(/领取已超时/);
    // Back in the queue: B takes it and decides; A's second try is refused again.
    const taken = await claim(b).expect(200);
    expect(taken.body.id).toBe(c.id);
    expect((await decide(b, c.id, taken.body.version as number)).status).toBe(200);
    expect((await decide(a, c.id, held.body.version as number)).status).toBe(409);
    expect(await decisions(c.id)).toMatchObject({ state: 'approved', audited: 1, lifts: 1 });
  });

  it('should refuse with 409 STALE_DECISION the first agent once another took the lapsed case, and count two approvals as one', async () => {
    const c = await seedSubmittedCase(t, tenant, { documents: false, openid: null });
    const held = await claim(a).expect(200);
    await expireLease(c.id, -1000);
    const taken = await claim(b).expect(200);
    expect(taken.body.id).toBe(c.id);
    const late = await decide(a, c.id, held.body.version as number, 'reject');
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'STALE_DECISION' });
    expect(late.body.error.message).toMatch(/已被他人处理/);
    // B approves twice at once (a double click), then once more.
    const both = await Promise.all([
      decide(b, c.id, taken.body.version as number),
      decide(b, c.id, taken.body.version as number),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const again = await decide(b, c.id, taken.body.version as number);
    expect(again.status).toBe(409);
    expect(await decisions(c.id)).toMatchObject({
      state: 'approved',
      decided_by: agentB,
      audited: 1,
      lifts: 1,
    });
  });

  it(
    `should give every case exactly one final decision over ${TRIALS} races of decision, expiry and takeover`,
    async () => {
      const random = prng(20161103);
      const tally = {
        aWon: 0,
        bWon: 0,
        refused: {} as Record<string, number>,
        other: [] as string[],
      };
      for (let trial = 0; trial < TRIALS; trial++) {
        const c = await seedSubmittedCase(t, tenant, { documents: false, openid: null });
        const held = await claim(a).expect(200);
        expect(held.body.id).toBe(c.id);
        // The lease runs out somewhere in the next 0–30 ms; A decides (a double click) somewhere in
        // 0–30 ms; B asks the queue for work every few ms from 0–30 ms on, and decides what it gets.
        await expireLease(c.id, random() * 30);
        const aDelay = random() * 30;
        const bDelay = random() * 30;
        const decisionA = sleep(aDelay).then(() =>
          Promise.all([
            decide(a, c.id, held.body.version as number),
            decide(a, c.id, held.body.version as number),
          ]),
        );
        const decisionB = (async () => {
          await sleep(bDelay);
          for (let i = 0; i < 20; i++) {
            const got = await claim(b);
            if (got.status === 200) {
              expect(got.body.id).toBe(c.id);
              return Promise.all([
                decide(b, c.id, got.body.version as number, 'reject'),
                decide(b, c.id, got.body.version as number, 'reject'),
              ]);
            }
            expect(got.status).toBe(204);
            if ((await decisions(c.id)).state !== 'in_review') return [];
            await sleep(3);
          }
          return [];
        })();
        const answers = [...(await decisionA), ...(await decisionB)];
        for (const r of answers) {
          expect(r.status).toBeLessThan(500);
          if (r.status === 409) {
            const code = (r.body as { error: { code: string } }).error.code;
            tally.refused[code] = (tally.refused[code] ?? 0) + 1;
          } else if (r.status !== 200) tally.other.push(`${r.status}`);
        }
        expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
        const d = await decisions(c.id);
        expect(d.audited).toBe(1);
        if (d.decided_by === agentA) {
          expect(d).toMatchObject({ state: 'approved', lifts: 1 });
          tally.aWon++;
        } else {
          expect(d).toMatchObject({ state: 'rejected', decided_by: agentB, lifts: 0 });
          tally.bWon++;
        }
      }
      expect(tally.other).toEqual([]);
      expect(tally.aWon + tally.bWon).toBe(TRIALS);
      figures.push(
        `${TRIALS} races (each decision a double click): ${TRIALS} cases with exactly 1 decision; first agent's approval won ${tally.aWon}, the taker's rejection won ${tally.bWon}; ` +
          `refused: ${Object.entries(tally.refused)
            .map(([k, v]) => `${v} × 409 ${k}`)
            .join(', ')}; 0 × 5xx`,
      );
    },
    Math.max(120_000, TRIALS * 1_500),
  );
});
