import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { CARRIER_TIMEOUT_MS } from '../modules/provisioning/carrier.client';
import { LIFT_TOPIC } from '../modules/provisioning/lift.handler';
import { DEFAULT_WORKER_OPTIONS } from '../modules/provisioning/outbox.worker';
import { ApiProcess, Exit, startApiProcess } from '../test/api-process';
import { agentToken, seedAgent, seedTenant, type SeededTenant } from '../test/factories';
import { setProvisioningSecret } from '../test/flow';
import { seedSubmittedCase } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

/**
 * The outbox worker in a process of its own (the real API, WORKERS_ENABLED), draining lifts
 * against a carrier that fails 30% of calls, answers slowly, answers once after the client gave
 * up and confirms repeats as duplicates — and SIGKILLed again and again, then restarted:
 *
 *  - before-apply: the carrier has the call in hand and has not applied it; the worker dies.
 *  - after-apply:  the carrier applied the lift; the worker dies before it hears the answer.
 *  - after-answer: the carrier answered; the worker dies a moment later (before or after its commit).
 *  - anywhere:     at a random moment, wherever the worker is.
 *
 * The first two are provably mid-call: the carrier itself pulls the trigger, and the row is
 * checked to be still in flight once the process is gone. The dead worker's claims would run out
 * after lockSeconds (60 s); the test fast-forwards that, and the backoff waits, in the table.
 *
 * Size: 120 approvals and 4 kills in CI; RELIABILITY_KILL_APPROVALS / RELIABILITY_KILLS
 * (bench/reliability.mjs kill) for more.
 */
const APPROVALS = Number(process.env['RELIABILITY_KILL_APPROVALS'] ?? 120);
const KILLS = Number(process.env['RELIABILITY_KILLS'] ?? Math.max(4, Math.ceil(APPROVALS / 80)));
const LATE_ANSWERS = APPROVALS >= 500 ? 5 : 1;
const SECRET = 'worker-kill-carrier-secret-0123456789';
const MODES = ['before-apply', 'after-apply', 'after-answer', 'anywhere'] as const;
type KillMode = (typeof MODES)[number];
type CallMode = Exclude<KillMode, 'anywhere'>;

/** A clean stop: exit 0, or SIGTERM re-raised by Nest's shutdown hooks once the app closed. */
const cleanly = (e: Exit): boolean => e.code === 0 || (e.code === null && e.signal === 'SIGTERM');

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

interface Trigger {
  mode: CallMode;
  /** Fires on this many-th call since arming that the carrier would apply for the first time. */
  after: number;
  seen: number;
  fire(key: string): void;
}

/**
 * The carrier: 30% of calls fail with 500 (nothing applied); 10% of the rest answer after up to
 * 400 ms; the first few new lifts answer only after the client's timeout; a repeated key is
 * confirmed as a duplicate and applied once. `applied` is what the carrier side did. An armed
 * trigger has the worker killed while one of its calls is in the carrier's hands.
 */
function faultyCarrier(random: () => number): {
  server: Server;
  applied: Map<string, number>;
  stats: { calls: number; failed: number; slow: number; late: number; duplicates: number };
  arm(t: Trigger | null): void;
  url: () => string;
} {
  const applied = new Map<string, number>();
  const stats = { calls: 0, failed: 0, slow: 0, late: 0, duplicates: 0 };
  let trigger: Trigger | null = null;
  const apply = (key: string): boolean => {
    const duplicate = applied.has(key);
    applied.set(key, (applied.get(key) ?? 0) + 1);
    if (duplicate) stats.duplicates++;
    return duplicate;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.on('error', () => undefined);
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
      const fresh = !applied.has(key);
      if (trigger && fresh && ++trigger.seen >= trigger.after) {
        const t = trigger;
        trigger = null;
        if (t.mode === 'before-apply') {
          t.fire(key);
          req.socket.destroy();
        } else if (t.mode === 'after-apply') {
          apply(key);
          t.fire(key);
          req.socket.destroy();
        } else {
          const duplicate = apply(key);
          res.end(JSON.stringify({ status: 'done', duplicate }), () =>
            setImmediate(() => t.fire(key)),
          );
        }
        return;
      }
      const answer = JSON.stringify({ status: 'done', duplicate: apply(key) });
      if (fresh && stats.late < LATE_ANSWERS) {
        stats.late++;
        setTimeout(() => res.end(answer), CARRIER_TIMEOUT_MS + 500).unref();
      } else if (random() < 0.1) {
        stats.slow++;
        setTimeout(() => res.end(answer), Math.floor(random() * 400)).unref();
      } else res.end(answer);
    });
  });
  // A worker killed mid-call resets its sockets: nothing to report.
  server.on('connection', (socket) => socket.on('error', () => undefined));
  return {
    server,
    applied,
    stats,
    arm: (t) => (trigger = t),
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

describe('faults: the provisioning worker killed mid-call and restarted', () => {
  const keys = {
    MASTER_KEY: randomBytes(32).toString('base64'),
    TOKEN_SECRET: randomBytes(32).toString('hex'),
  };
  let t: TestApp;
  let worker: ApiProcess | undefined;
  beforeAll(async () => {
    // This process approves; the worker runs only in the child processes.
    t = await createTestApp({ ...keys, DATABASE_POOL_SIZE: '6' });
  });
  afterAll(async () => {
    if (worker) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await t.teardown();
  });

  it(
    `should lift exactly once per approval over ${APPROVALS} approvals with the worker SIGKILLed ${KILLS} times, mid-call among others`,
    async () => {
      const ds = t.db.dataSource;
      const random = prng(20161102);
      const fake = faultyCarrier(random);
      await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
      const env: Record<string, string> = {
        ...keys,
        SHIMING_MODE: 'test',
        DATABASE_URL: t.db.url,
        DATABASE_POOL_SIZE: '4',
        DATA_DIR: t.config.dataDir,
        LOG_LEVEL: 'error',
        MIGRATIONS_RUN_ON_START: 'false',
        WORKERS_ENABLED: 'true',
      };
      try {
        const tenant: SeededTenant = await seedTenant(ds, { provisioningUrl: fake.url() });
        await setProvisioningSecret(t, tenant, SECRET);
        const agent = agentToken(t.config, await seedAgent(ds, tenant.id));
        for (let i = 0; i < APPROVALS; i++)
          await seedSubmittedCase(t, tenant, { documents: false, openid: null });
        // Approvals keep coming while the worker runs, dies and comes back, as they would.
        const started = Date.now();
        const approvedKeys = new Set<string>();
        let approving: number | undefined;
        const approvals = (async () => {
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
          approving = Date.now() - started;
        })();
        approvals.catch(() => undefined); // awaited below

        const left = async (): Promise<number> => {
          const [{ n }]: [{ n: number }] = await ds.query(
            `SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND topic = $2 AND status NOT IN ('done', 'dead')`,
            [tenant.id, LIFT_TOPIC],
          );
          return n;
        };
        const drained = async (): Promise<boolean> =>
          approving !== undefined && (await left()) === 0;
        /** Time passes for the backoff: failed rows are due again now. */
        const fastForwardBackoff = () =>
          ds.query(
            `UPDATE outbox SET next_attempt_at = now() WHERE tenant_id = $1 AND status = 'pending' AND next_attempt_at > now()`,
            [tenant.id],
          );
        /** Runs until the process exits or the outbox is drained (then stops it cleanly). */
        const runUntilExitOrDrained = async (p: ApiProcess): Promise<Exit> => {
          let exit: Exit | undefined;
          void p.exited.then((e) => (exit = e));
          for (;;) {
            await new Promise((r) => setTimeout(r, 100));
            if (exit) return exit;
            await fastForwardBackoff();
            if (await drained()) return p.stop();
          }
        };

        /** Per outbox row, how many of its tries died with a worker (each claim counts as a try). */
        const lostClaims = new Map<string, number>();
        const kills: Array<{ mode: KillMode; key: string | null; held: number; row?: string }> = [];
        for (let i = 0; i < KILLS && !(await drained()); i++) {
          const mode = MODES[i % MODES.length] as KillMode;
          const p = (worker = await startApiProcess(env));
          let killedAt: string | null = null;
          const kill = (key: string | null): void => {
            killedAt = key;
            p.child.kill('SIGKILL');
          };
          let timer: NodeJS.Timeout | undefined;
          // Spread over what is left to lift, so that the kills do not all land on the first rows.
          const spread = Math.max(1, Math.floor((APPROVALS - fake.applied.size) / (KILLS - i + 1)));
          const after = 1 + Math.floor(random() * spread);
          if (mode === 'anywhere')
            timer = setTimeout(() => kill(null), Math.floor(random() * 1500));
          else fake.arm({ mode, after, seen: 0, fire: kill });
          const exit = await runUntilExitOrDrained(p);
          fake.arm(null);
          clearTimeout(timer);
          worker = undefined;
          if (exit.signal !== 'SIGKILL') {
            expect(cleanly(exit)).toBe(true); // drained before the trigger: stopped
            break;
          }
          expect(killedAt !== null).toBe(mode !== 'anywhere');
          let row: string | undefined;
          if (killedAt !== null) {
            const [r]: Array<{ status: string }> = await ds.query(
              'SELECT status FROM outbox WHERE tenant_id = $1 AND idempotency_key = $2',
              [tenant.id, killedAt],
            );
            row = r?.status;
            // Provably mid-call: the worker died before recording the outcome of that very call.
            if (mode !== 'after-answer') expect(row).toBe('in_flight');
            expect(fake.applied.has(killedAt)).toBe(mode !== 'before-apply');
          }
          // The dead worker's claims: their lock would run out after lockSeconds; make it now.
          const [held]: [Array<{ id: string }>, number] = await ds.query(
            `UPDATE outbox SET locked_until = now() - interval '1 second'
              WHERE tenant_id = $1 AND status = 'in_flight' RETURNING id`,
            [tenant.id],
          );
          for (const h of held) lostClaims.set(h.id, (lostClaims.get(h.id) ?? 0) + 1);
          kills.push({ mode, key: killedAt, held: held.length, ...(row ? { row } : {}) });
        }
        await approvals;
        // Back up for good: drain what is left.
        if (!(await drained())) {
          const p = (worker = await startApiProcess(env));
          expect(cleanly(await runUntilExitOrDrained(p))).toBe(true);
          worker = undefined;
        }

        const draining = Date.now() - started;
        const rows: Array<{
          status: string;
          n: number;
          min_attempts: number;
          max_attempts: number;
        }> = await ds.query(
          `SELECT status, count(*)::int AS n, min(attempts)::int AS min_attempts, max(attempts)::int AS max_attempts
               FROM outbox WHERE tenant_id = $1 AND topic = $2 GROUP BY status`,
          [tenant.id, LIFT_TOPIC],
        );
        const dead = rows.find((r) => r.status === 'dead');
        const done = rows.find((r) => r.status === 'done');
        const [{ active }]: [{ active: number }] = await ds.query(
          `SELECT count(*)::int AS active FROM phone_number WHERE tenant_id = $1 AND state = 'active' AND registered`,
          [tenant.id],
        );
        const [{ confirmed, cases }]: [{ confirmed: number; cases: number }] = await ds.query(
          `SELECT count(*)::int AS confirmed, count(DISTINCT target_id)::int AS cases FROM audit_log
            WHERE tenant_id = $1 AND action = 'number.lift_confirmed'`,
          [tenant.id],
        );
        const [{ moves, numbers }]: [{ moves: number; numbers: number }] = await ds.query(
          `SELECT count(*)::int AS moves, count(DISTINCT number_id)::int AS numbers FROM number_history
            WHERE tenant_id = $1 AND to_state = 'active' AND actor = 'system:provisioning'`,
          [tenant.id],
        );
        const byMode = MODES.map((m) => `${kills.filter((k) => k.mode === m).length} ${m}`);
        const afterAnswer = kills.filter((k) => k.mode === 'after-answer');
        console.log(
          `worker kills: ${APPROVALS} approvals, ${kills.length} SIGKILLs of the worker process (${byMode.join(', ')}; ` +
            `after-answer: ${afterAnswer.filter((k) => k.row === 'in_flight').length} before its commit, ${afterAnswer.filter((k) => k.row === 'done').length} after), ` +
            `${kills.reduce((s, k) => s + k.held, 0)} claims left behind by the dead workers (${lostClaims.size} rows, at most ${Math.max(0, ...lostClaims.values())} kill(s) for one row); ` +
            `${fake.stats.calls} carrier calls (${fake.stats.failed} failed with 500, ${fake.stats.slow} slow, ${fake.stats.late} answered after the client gave up, ${fake.stats.duplicates} duplicate confirmations); ` +
            `carrier-side lifts ${fake.applied.size}; done ${done?.n ?? 0} (attempts ${done?.min_attempts ?? 0}–${done?.max_attempts ?? 0}); dead ${dead?.n ?? 0}; active ${active}; ` +
            `${((approving ?? 0) / 1000).toFixed(1)} s approving, ${(draining / 1000).toFixed(1)} s until drained, kills and restarts included`,
        );
        // At least three kills, two of them provably mid-call (one each side of the carrier applying).
        expect(kills.length).toBeGreaterThanOrEqual(Math.min(KILLS, 3));
        expect(kills.some((k) => k.mode === 'before-apply')).toBe(true);
        expect(kills.some((k) => k.mode === 'after-apply')).toBe(true);
        // Carrier side: exactly the approved keys, no other.
        expect(new Set(fake.applied.keys())).toEqual(approvedKeys);
        // Every row done, dead letters only past the cap, every number active, moved once.
        if (dead)
          expect(dead.min_attempts).toBeGreaterThanOrEqual(DEFAULT_WORKER_OPTIONS.maxAttempts);
        expect((done?.n ?? 0) + (dead?.n ?? 0)).toBe(APPROVALS);
        expect(active).toBe(done?.n ?? 0);
        expect({ confirmed, cases }).toEqual({ confirmed: active, cases: active });
        expect({ moves, numbers }).toEqual({ moves: active, numbers: active });
        expect(fake.stats.late).toBe(LATE_ANSWERS);
      } finally {
        fake.server.closeAllConnections();
        fake.server.close();
      }
    },
    60_000 + APPROVALS * 300 + KILLS * 15_000,
  );
});
