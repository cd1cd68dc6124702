// Status lookup (GET /api/me/number through the real API) vs a bare node:http + pg query of the same row.
// The machine is shared, so the three targets (bare, API, API health) run in interleaved rounds with
// both servers up the whole time: a burst of load from elsewhere hits all three alike, and the
// ratio is read per round (median) as well as over the whole run.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import http from 'node:http';
import { fmt, pg, signToken } from './lib/env.mjs';
import { closedLoop, pct, request } from './lib/load.mjs';
import { startApi, startBare } from './lib/server.mjs';

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  } catch {
    return NaN;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchStatus({ db, seconds, connections, rounds = 5 }) {
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
  const headers = { authorization: `Bearer ${token}` };

  const bare = await startBare(db.url, poolSize);
  const api = await startApi(db.url, poolSize);
  try {
    const probe = await request(new http.Agent(), `${api.url}/api/me/number`, { headers });
    if (probe.status !== 200)
      throw new Error(`GET /api/me/number answered ${probe.status}: ${probe.body}`);
    const targets = [
      {
        key: 'baseline',
        pid: bare.pid,
        step: async (agent) =>
          (await request(agent, `${bare.url}/?tenant=${row.tenant_id}&id=${row.id}`)).status ===
          200,
      },
      {
        key: 'api',
        pid: api.pid,
        step: async (agent) =>
          (await request(agent, `${api.url}/api/me/number`, { headers })).status === 200,
      },
      // For reading the gap: the same app answering GET /api/health (Nest, one raw SELECT 1, no auth).
      {
        key: 'health',
        pid: api.pid,
        step: async (agent) => (await request(agent, `${api.url}/api/health`)).status === 200,
      },
    ];
    // Warm-up: every target, so the JIT has seen each path before any round counts.
    for (const t of targets)
      await closedLoop({ connections, seconds: 2, warmupSeconds: 0, step: t.step });
    const per = rounds > 0 ? seconds / rounds : seconds;
    const acc = Object.fromEntries(
      targets.map((t) => [t.key, { ok: 0, failed: 0, lat: [], cpu: 0, rounds: [] }]),
    );
    const loads = [loadavg()[0]];
    for (let r = 0; r < rounds; r++) {
      for (const t of targets) {
        const c0 = cpuMs(t.pid);
        const res = await closedLoop({ connections, seconds: per, warmupSeconds: 0, step: t.step });
        const a = acc[t.key];
        a.cpu += cpuMs(t.pid) - c0;
        a.ok += res.ok;
        a.failed += res.failed;
        a.lat.push(...res.lat);
        a.rounds.push(res.perSecond);
      }
      loads.push(loadavg()[0]);
    }
    const sum = (k) => {
      const a = acc[k];
      a.lat.sort((x, y) => x - y);
      return {
        perSecond: a.ok / seconds,
        p50: pct(a.lat, 50),
        p99: pct(a.lat, 99),
        failed: a.failed,
        cpuUsPerRequest: (a.cpu * 1000) / a.ok,
        rounds: a.rounds,
      };
    };
    const base = sum('baseline');
    const real = sum('api');
    const floor = sum('health');
    const ratio = real.perSecond / base.perSecond;
    const roundRatios = real.rounds.map((x, i) => x / base.rounds[i]);
    const medianRatio = median(roundRatios);
    const line = (label, x) =>
      `${label}: ${fmt.n(x.perSecond)} req/s   p50 ${x.p50.toFixed(1)} ms   p99 ${x.p99.toFixed(1)} ms   errors ${x.failed}   server CPU ${fmt.n(x.cpuUsPerRequest)} µs/request`;
    return {
      name: 'status lookup',
      lines: [
        `${connections} keep-alive connections, ${rounds} interleaved rounds of ${per.toFixed(1)} s per target (${seconds} s each in all) after 2 s warm-up each, pool ${poolSize}, load generator on the same 2 cores; load average ${loads.map((l) => l.toFixed(1)).join(' → ')}`,
        line('baseline node:http + pg (same row)', base),
        line('GET /api/me/number (Nest, token check, one query, domain description)', real),
        `ratio: ${ratio.toFixed(2)} over the run, per round ${roundRatios.map((x) => x.toFixed(2)).join(' ')} (median ${medianRatio.toFixed(2)})   (target ≥ 0.60)   ${ratio >= 0.6 ? 'MET' : 'NOT MET'}`,
        `${line('for reference, GET /api/health on the same app (Nest + one raw SELECT 1, no token)', floor)}   (${(floor.perSecond / base.perSecond).toFixed(2)} of the baseline)`,
      ],
      data: { baseline: base, api: real, health: floor, ratio, roundRatios, medianRatio, loads },
    };
  } finally {
    await api.stop();
    await bare.stop();
  }
}
