// A small bounded loopback load generator: N keep-alive connections, each sending its next
// request as soon as the previous answer arrived, for a fixed time (closed loop, like autocannon).
import http from 'node:http';

export function request(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method,
        headers: body ? { 'content-type': 'application/json', ...headers } : headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

export const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;

/** Drives `connections` loops for `seconds` after `warmupSeconds`; `step(agent, i)` makes one request and answers true on success. */
export async function closedLoop({ connections, seconds, warmupSeconds = 2, step }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const phase = async (secs, record) => {
    const end = performance.now() + secs * 1000;
    const lat = [];
    let ok = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: connections }, async (_, i) => {
        while (performance.now() < end) {
          const t0 = performance.now();
          let good = false;
          try {
            good = await step(agent, i);
          } catch {
            good = false;
          }
          if (!record) continue;
          lat.push(performance.now() - t0);
          if (good) ok++;
          else failed++;
        }
      }),
    );
    return { ok, failed, lat };
  };
  if (warmupSeconds > 0) await phase(warmupSeconds, false);
  const { ok, failed, lat } = await phase(seconds, true);
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { ok, failed, perSecond: ok / seconds, p50: pct(lat, 50), p99: pct(lat, 99), lat };
}
