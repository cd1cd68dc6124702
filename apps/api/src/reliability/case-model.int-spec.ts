import {
  DEFAULT_POLICY,
  isCaseOpen,
  transitionCase,
  transitionService,
  type CaseEvent,
  type CaseState,
  type ServiceState,
} from '@shiming/domain';
import fc from 'fast-check';
import request from 'supertest';
import { isCaseEditable } from '../modules/cases/case-editable';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  subscriberToken,
  type SeededTenant,
} from '../test/factories';
import { makeJpeg } from '../test/images';
import { idNumberFor } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

/**
 * A model-based test of the case (and the number's) state machine against the real API and
 * PostgreSQL: fast-check draws sequences of what a subscriber and an agent can do — legal or not,
 * in any order — and after every step the API and the model must agree. The model's moves are
 * @shiming/domain's own transitionCase/transitionService; what the model adds is what a submission
 * needs (photos, applicant, consent) and what the policy caps (resubmissions). An illegal move
 * must be refused with the 4xx the model predicts, and change nothing.
 *
 * Runs: 20 in CI (each on a fresh tenant, number and agent); more with RELIABILITY_MODEL_RUNS.
 */
const RUNS = Number(process.env['RELIABILITY_MODEL_RUNS'] ?? 20);
const KINDS = ['id_front', 'id_back', 'id_handheld'] as const;
type Kind = (typeof KINDS)[number];
const CAP = DEFAULT_POLICY.resubmissionCap;

interface Model {
  caseId: string | null;
  state: CaseState | null;
  /** Photos in force (not awaiting a redo). */
  photos: Set<Kind>;
  applicant: boolean;
  consent: boolean;
  resubmissions: number;
  numberState: ServiceState;
  registered: boolean;
  /** The case version the agent last saw (from taking it). */
  agentVersion: number | null;
}

interface Real {
  t: TestApp;
  tenant: SeededTenant;
  sub: { Authorization: string };
  agent: { Authorization: string };
  identity: string;
  jpegs: Record<Kind, Buffer>;
}

type Answer = request.Response;

/** What every command counts: how often it was legal (2xx) or refused (4xx, by code). */
const tally = new Map<string, number>();
const count = (what: string): void => void tally.set(what, (tally.get(what) ?? 0) + 1);

function expectAnswer(cmd: string, r: Answer, status: number, code?: string): void {
  const got = `${r.status}${r.body?.error ? ` ${r.body.error.code as string}` : ''}`;
  const want = `${status}${code ? ` ${code}` : ''}`;
  if (got !== want) throw new Error(`${cmd}: the model expected ${want}, the API answered ${got}`);
  count(`${cmd} → ${got}`);
}

/** After every step: the API's view of the case and of the number equals the model. */
async function agree(m: Model, r: Real): Promise<void> {
  const number = await request(r.t.url).get('/api/me/number').set(r.sub).expect(200);
  expect({ state: number.body.state, registered: number.body.registered }).toEqual({
    state: m.numberState,
    registered: m.registered,
  });
  if (!m.caseId) return;
  const c = await request(r.t.url).get(`/api/cases/${m.caseId}`).set(r.sub).expect(200);
  expect({
    state: c.body.state,
    numberState: c.body.numberState,
    resubmissionsLeft: c.body.resubmissionsLeft,
    applicant: c.body.applicant !== null,
    consent: c.body.consentVersion !== null,
  }).toEqual({
    state: m.state,
    numberState: m.numberState,
    resubmissionsLeft: Math.max(0, CAP - m.resubmissions),
    applicant: m.applicant,
    consent: m.consent,
  });
  if (m.state && isCaseEditable(m.state)) {
    const inForce = (c.body.documents as Array<{ kind: Kind; stale: boolean }>)
      .filter((d) => !d.stale)
      .map((d) => d.kind)
      .sort();
    expect(inForce).toEqual([...m.photos].sort());
  }
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(m: Readonly<Model>): boolean {
    return m.caseId !== null;
  }
  abstract act(m: Model, r: Real): Promise<void>;
  async run(m: Model, r: Real): Promise<void> {
    await this.act(m, r);
    await agree(m, r);
  }
  abstract toString(): string;
}

class CreateCase extends Step {
  override check(): boolean {
    return true;
  }
  async act(m: Model, r: Real): Promise<void> {
    const res = await request(r.t.url)
      .post('/api/cases')
      .set(r.sub)
      .send({ applicantType: 'self' });
    if (m.registered) return expectAnswer('create', res, 409, 'NUMBER_ALREADY_REGISTERED');
    if (m.state && isCaseOpen(m.state))
      return expectAnswer('create', res, 409, 'CASE_ALREADY_OPEN');
    expectAnswer('create', res, 201);
    expect(res.body.state).toBe('draft');
    if (m.state === 'draft') {
      expect(res.body.id).toBe(m.caseId);
      return;
    }
    Object.assign(m, {
      caseId: res.body.id as string,
      state: 'draft',
      photos: new Set(),
      applicant: false,
      consent: false,
      resubmissions: 0,
      agentVersion: null,
    });
  }
  toString(): string {
    return 'create';
  }
}

class Upload extends Step {
  constructor(private readonly kind: Kind) {
    super();
  }
  async act(m: Model, r: Real): Promise<void> {
    const res = await request(r.t.url)
      .post(`/api/cases/${m.caseId}/documents/${this.kind}`)
      .set(r.sub)
      .attach('file', r.jpegs[this.kind], { filename: 'p.jpg', contentType: 'image/jpeg' });
    if (!m.state || !isCaseEditable(m.state))
      return expectAnswer('upload', res, 409, 'CASE_NOT_EDITABLE');
    expectAnswer('upload', res, 201);
    m.photos.add(this.kind);
  }
  toString(): string {
    return `upload(${this.kind})`;
  }
}

class FillApplicant extends Step {
  async act(m: Model, r: Real): Promise<void> {
    const res = await request(r.t.url)
      .put(`/api/cases/${m.caseId}/applicant`)
      .set(r.sub)
      .send({ name: '杨光明', idNumber: r.identity });
    if (!m.state || !isCaseEditable(m.state))
      return expectAnswer('applicant', res, 409, 'CASE_NOT_EDITABLE');
    expectAnswer('applicant', res, 200);
    m.applicant = true;
  }
  toString(): string {
    return 'applicant';
  }
}

class Consent extends Step {
  async act(m: Model, r: Real): Promise<void> {
    const res = await request(r.t.url)
      .post(`/api/cases/${m.caseId}/consent`)
      .set(r.sub)
      .send({ version: r.tenant.consentVersion });
    if (!m.state || !isCaseEditable(m.state))
      return expectAnswer('consent', res, 409, 'CASE_NOT_EDITABLE');
    expectAnswer('consent', res, 200);
    m.consent = true;
  }
  toString(): string {
    return 'consent';
  }
}

/** What a subscriber does in one sitting: the three photos, the applicant, the consent — each call checked. */
class FillEverything extends Step {
  async act(m: Model, r: Real): Promise<void> {
    for (const k of KINDS) await new Upload(k).act(m, r);
    await new FillApplicant().act(m, r);
    await new Consent().act(m, r);
  }
  toString(): string {
    return 'fill-everything';
  }
}

class Submit extends Step {
  async act(m: Model, r: Real): Promise<void> {
    const res = await request(r.t.url)
      .post(`/api/cases/${m.caseId}/submit`)
      .set(r.sub)
      .set('Idempotency-Key', `model-${Math.random().toString(36).slice(2)}`);
    const event: CaseEvent = m.state === 'needs_resubmission' ? 'resubmit' : 'submit';
    const next = transitionCase(m.state as CaseState, event);
    if (!next.ok) return expectAnswer(event, res, 409, 'CASE_NOT_EDITABLE');
    if (KINDS.some((k) => !m.photos.has(k)))
      return expectAnswer(event, res, 422, 'DOCUMENTS_MISSING');
    if (!m.applicant) return expectAnswer(event, res, 422, 'APPLICANT_MISSING');
    if (!m.consent) return expectAnswer(event, res, 422, 'CONSENT_MISSING');
    expectAnswer(event, res, 200);
    m.state = next.value;
  }
  toString(): string {
    return 'submit';
  }
}

class Withdraw extends Step {
  async act(m: Model, r: Real): Promise<void> {
    const res = await request(r.t.url).post(`/api/cases/${m.caseId}/withdraw`).set(r.sub);
    const next = transitionCase(m.state as CaseState, 'withdraw');
    if (!next.ok) return expectAnswer('withdraw', res, 409, 'ILLEGAL_TRANSITION');
    expectAnswer('withdraw', res, 200);
    m.state = next.value;
  }
  toString(): string {
    return 'withdraw';
  }
}

class AgentTake extends Step {
  override check(): boolean {
    return true;
  }
  async act(m: Model, r: Real): Promise<void> {
    const res = await request(r.t.url).post('/api/console/queue/next').set(r.agent);
    if (m.state === 'in_review') {
      // The case the agent already holds (a lease lasts 10 minutes; this run takes seconds).
      expectAnswer('take', res, 200);
      expect({ id: res.body.id, version: res.body.version }).toEqual({
        id: m.caseId,
        version: m.agentVersion,
      });
      return;
    }
    const next = m.state ? transitionCase(m.state, 'claim') : undefined;
    if (!next?.ok) return expectAnswer('take', res, 204);
    expectAnswer('take', res, 200);
    expect(res.body.id).toBe(m.caseId);
    m.state = next.value;
    m.agentVersion = res.body.version as number;
  }
  toString(): string {
    return 'take';
  }
}

const DECISION_EVENTS = {
  approve: 'approve',
  resubmit: 'request_resubmission',
  reject: 'reject',
} as const;

class Decide extends Step {
  constructor(
    private readonly decision: keyof typeof DECISION_EVENTS,
    private readonly redo: Kind,
  ) {
    super();
  }
  async act(m: Model, r: Real): Promise<void> {
    const body = {
      decision: this.decision,
      version: m.agentVersion ?? 1,
      ...(this.decision === 'resubmit'
        ? { items: [{ reason: 'blurry', document: this.redo }] }
        : {}),
      ...(this.decision === 'reject' ? { rejectionReason: 'forged_document' } : {}),
    };
    const res = await request(r.t.url)
      .post(`/api/console/cases/${m.caseId}/decision`)
      .set(r.agent)
      .send(body);
    const name = `decide(${this.decision})`;
    const next = transitionCase(m.state as CaseState, DECISION_EVENTS[this.decision]);
    if (!next.ok) {
      // Not in review: the agent's version is stale (the case moved on) or the agent holds no lease.
      const code = res.body?.error?.code as string;
      expect(['STALE_DECISION', 'LEASE_NOT_HELD']).toContain(code);
      return expectAnswer(name, res, 409, code);
    }
    if (this.decision === 'resubmit' && m.resubmissions >= CAP)
      return expectAnswer(name, res, 422, 'RESUBMISSION_CAP_REACHED');
    expectAnswer(name, res, 200);
    m.state = next.value;
    m.agentVersion = null;
    if (this.decision === 'approve') {
      const lifted = transitionService(m.numberState, 'request_lift');
      if (!lifted.ok) throw new Error(lifted.message);
      m.numberState = lifted.value;
      m.registered = true;
    }
    if (this.decision === 'resubmit') {
      m.resubmissions += 1;
      m.photos.delete(this.redo);
    }
  }
  toString(): string {
    return `decide(${this.decision}${this.decision === 'resubmit' ? `:${this.redo}` : ''})`;
  }
}

const kind = fc.constantFrom(...KINDS);
const decision = fc.constantFrom('approve', 'resubmit', 'resubmit', 'reject');
/**
 * Uniform draws almost never walk the nine steps from a draft to an approval, so the steps that
 * move a case on weigh more; every command can still come at any moment, legal or not.
 */
const commands = [
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(new CreateCase()) },
    { weight: 3, arbitrary: kind.map((k) => new Upload(k)) },
    { weight: 2, arbitrary: fc.constant(new FillEverything()) },
    { weight: 1, arbitrary: fc.constant(new FillApplicant()) },
    { weight: 1, arbitrary: fc.constant(new Consent()) },
    { weight: 4, arbitrary: fc.constant(new Submit()) },
    { weight: 1, arbitrary: fc.constant(new Withdraw()) },
    { weight: 4, arbitrary: fc.constant(new AgentTake()) },
    { weight: 5, arbitrary: fc.tuple(decision, kind).map(([d, k]) => new Decide(d, k)) },
  ),
];

describe('model-based: the case state machine, the API against @shiming/domain', () => {
  let t: TestApp;
  let jpegs: Record<Kind, Buffer>;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '5' });
    jpegs = {
      id_front: await makeJpeg({ width: 320, height: 200, seed: 1 }),
      id_back: await makeJpeg({ width: 320, height: 200, seed: 2 }),
      id_handheld: await makeJpeg({ width: 320, height: 200, seed: 3 }),
    };
  });
  afterAll(() => t.teardown());

  it(
    `should agree with the model on every step of ${RUNS} random command sequences`,
    async () => {
      let runs = 0;
      let identity = 0;
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'max' }), async (cmds) => {
          runs++;
          // A tenant of its own per run: the agent's queue holds only this run's case.
          const ds = t.db.dataSource;
          const tenant = await seedTenant(ds);
          const number = await seedNumber(ds, tenant.id);
          const agent = await seedAgent(ds, tenant.id);
          const real: Real = {
            t,
            tenant,
            sub: { Authorization: `Bearer ${subscriberToken(t.config, tenant, number)}` },
            agent: { Authorization: `Bearer ${agentToken(t.config, agent)}` },
            identity: idNumberFor('19750315', identity++ % 1000),
            jpegs,
          };
          const model: Model = {
            caseId: null,
            state: null,
            photos: new Set(),
            applicant: false,
            consent: false,
            resubmissions: 0,
            numberState: number.state,
            registered: number.registered,
            agentVersion: null,
          };
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        }),
        { numRuns: RUNS, seed: Number(process.env['RELIABILITY_MODEL_SEED'] ?? 20161107) },
      );
      const lines = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
      const refused = lines.filter(([k]) => / [45]\d\d/.test(k)).reduce((n, [, v]) => n + v, 0);
      const served = lines.filter(([k]) => / 2\d\d/.test(k)).reduce((n, [, v]) => n + v, 0);
      console.log(
        `case model: ${runs} runs, ${served + refused} API calls checked against the model (${served} legal, ${refused} refused as predicted, 0 disagreements)\n  ` +
          lines.map(([k, v]) => `${k}: ${v}`).join('\n  '),
      );
      expect(lines.some(([k]) => k.startsWith('decide(approve) → 200'))).toBe(true);
      expect(lines.some(([k]) => k.startsWith('submit → 200'))).toBe(true);
    },
    Math.max(120_000, RUNS * 6_000),
  );
});
