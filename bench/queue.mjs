// Review queue: 50 agents calling POST /api/console/queue/next (then releasing) for N seconds;
// double claims counted from the audit log the server wrote.
import { randomUUID } from 'node:crypto';
import { fmt, insertTenant, pg, signToken } from './lib/env.mjs';
import { closedLoop, request } from './lib/load.mjs';
import { startApi } from './lib/server.mjs';

export async function benchQueue({ db, seconds, agents, cases }) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const tenantId = await insertTenant(client, { code: 'bench-review', carrier: 'telecom' });
  await client.query(
    `WITH n AS (
       INSERT INTO phone_number (tenant_id, id, phone, line_type, state, unregistered_kind, registered)
       SELECT $1, gen_random_uuid(), '189' || lpad(i::text, 8, '0'), 'mobile', 'single_stop', 'temporary_account', false FROM generate_series(0, $2 - 1) i
       RETURNING id)
     INSERT INTO registration_case (tenant_id, id, number_id, applicant_type, state, submitted_at, queued_at)
     SELECT $1, gen_random_uuid(), id, 'self', 'submitted', now(), now() - (random() * interval '1 day') FROM n`,
    [tenantId, cases],
  );
  const tokens = [];
  for (let i = 0; i < agents; i++) {
    const agentId = randomUUID();
    await client.query(
      `INSERT INTO agent (tenant_id, id, username, display_name, role, password_hash) VALUES ($1, $2, $3, $3, 'agent', 'x')`,
      [tenantId, agentId, `bench-agent-${i}`],
    );
    tokens.push({
      agentId,
      token: signToken({ typ: 'agent', tenantId, agentId, role: 'agent', tokenVersion: 0 }),
    });
  }
  await client.query('VACUUM ANALYZE registration_case');
  await client.end();

  const api = await startApi(db.url, 20);
  let empty = 0;
  const result = await closedLoop({
    connections: agents,
    seconds,
    warmupSeconds: 0,
    step: async (agent, i) => {
      const headers = { authorization: `Bearer ${tokens[i].token}` };
      const r = await request(agent, `${api.url}/api/console/queue/next`, {
        method: 'POST',
        headers,
      });
      if (r.status === 204) {
        empty++;
        return false;
      }
      if (r.status !== 200) return false;
      const caseId = JSON.parse(r.body).id;
      const rel = await request(agent, `${api.url}/api/console/cases/${caseId}/release`, {
        method: 'POST',
        headers,
      });
      return rel.status === 204;
    },
  });
  await api.stop();
  // Double claims, from the server's own record: the audit log is one ordered chain per tenant.
  // Replaying claim/release per case, a claim while another agent still holds the case is a double claim.
  const audit = new pg.Client({ connectionString: db.url });
  await audit.connect();
  const { rows: events } = await audit.query(
    `SELECT action, actor_id, target_id FROM audit_log WHERE tenant_id = $1 AND action IN ('case.claim', 'case.release') ORDER BY seq`,
    [tenantId],
  );
  await audit.end();
  const holder = new Map();
  let claims = 0;
  let doubleClaims = 0;
  for (const e of events) {
    if (e.action === 'case.claim') {
      claims++;
      const h = holder.get(e.target_id);
      if (h && h !== e.actor_id) doubleClaims++;
      holder.set(e.target_id, e.actor_id);
    } else holder.delete(e.target_id);
  }
  return {
    name: 'review queue',
    lines: [
      `${agents} agents, ${fmt.n(cases)} submitted cases, ${seconds} s: each loop = take next + release`,
      `claims: ${fmt.n(claims)} (${fmt.n(claims / seconds)} claims/s)   p50 ${result.p50.toFixed(1)} ms   p99 ${result.p99.toFixed(1)} ms per claim+release   failures ${result.failed}   empty answers ${empty}`,
      `double claims: ${doubleClaims}   (must be 0)   ${doubleClaims === 0 ? 'MET' : 'NOT MET'}`,
    ],
    data: { claims, perSecond: claims / seconds, doubleClaims, failed: result.failed },
  };
}
