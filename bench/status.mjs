// Status lookup (GET /api/me/number through the real API) vs a bare node:http + pg query of the same row.
import { fmt, pg, signToken } from './lib/env.mjs';
import { closedLoop, request } from './lib/load.mjs';
import { startApi, startBare } from './lib/server.mjs';
import http from 'node:http';

export async function benchStatus({ db, seconds, connections }) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT p.tenant_id, t.code, p.id, p.phone FROM phone_number p JOIN tenant t ON t.id = p.tenant_id WHERE t.code = 'bench-escalate' ORDER BY p.phone LIMIT 1 OFFSET 4242`,
  );
  await client.end();
  const row = rows[0];
  if (!row) throw new Error('status bench needs the escalation bench data (run it first)');
  const token = signToken({
    typ: 'sub',
    tenantId: row.tenant_id,
    tenantCode: row.code,
    phone: row.phone,
    numberId: row.id,
  });
  const poolSize = 10;

  const bare = await startBare(db.url, poolSize);
  const bareUrl = `${bare.url}/?tenant=${row.tenant_id}&id=${row.id}`;
  const base = await closedLoop({
    connections,
    seconds,
    step: async (agent) => (await request(agent, bareUrl)).status === 200,
  });
  await bare.stop();

  const api = await startApi(db.url, poolSize);
  const headers = { authorization: `Bearer ${token}` };
  const probe = await request(new http.Agent(), `${api.url}/api/me/number`, { headers });
  if (probe.status !== 200) {
    await api.stop();
    throw new Error(`GET /api/me/number answered ${probe.status}: ${probe.body}`);
  }
  const real = await closedLoop({
    connections,
    seconds,
    step: async (agent) =>
      (await request(agent, `${api.url}/api/me/number`, { headers })).status === 200,
  });
  // For reading the gap: the same app answering GET /api/health (Nest, one raw SELECT 1, no auth).
  const floor = await closedLoop({
    connections,
    seconds,
    step: async (agent) => (await request(agent, `${api.url}/api/health`)).status === 200,
  });
  await api.stop();
  const ratio = real.perSecond / base.perSecond;
  return {
    name: 'status lookup',
    lines: [
      `${connections} keep-alive connections, ${seconds} s each after 2 s warm-up, pool ${poolSize}, load generator on the same 2 cores`,
      `baseline node:http + pg (same row): ${fmt.n(base.perSecond)} req/s   p50 ${base.p50.toFixed(1)} ms   p99 ${base.p99.toFixed(1)} ms   errors ${base.failed}`,
      `GET /api/me/number (Nest, token check, domain description): ${fmt.n(real.perSecond)} req/s   p50 ${real.p50.toFixed(1)} ms   p99 ${real.p99.toFixed(1)} ms   errors ${real.failed}`,
      `ratio: ${ratio.toFixed(2)}   (target ≥ 0.60)   ${ratio >= 0.6 ? 'MET' : 'NOT MET'}`,
      `for reference, GET /api/health on the same app (Nest + one raw SELECT 1, no token): ${fmt.n(floor.perSecond)} req/s (${(floor.perSecond / base.perSecond).toFixed(2)} of the baseline)`,
    ],
    data: { baseline: base, api: real, health: floor, ratio },
  };
}
