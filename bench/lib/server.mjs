// Starts the built API or the bare baseline server as a child process and waits until it answers.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { API_DIR, BENCH_DIR, apiEnv } from './env.mjs';
import { request } from './load.mjs';
import http from 'node:http';

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child) {
  const agent = new http.Agent();
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await request(agent, url);
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not come up`);
}

function start(cmd, args, env, healthUrl) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return waitFor(healthUrl, child).then(
    () => ({
      pid: child.pid,
      stop: () =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    }),
    (e) => {
      child.kill('SIGKILL');
      throw new Error(`${e.message}\n${stderr}`);
    },
  );
}

export async function startApi(databaseUrl, poolSize, extraEnv = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = apiEnv(databaseUrl, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_POOL_SIZE: String(poolSize),
    ...extraEnv,
  });
  const s = await start('node', [join(API_DIR, 'dist/main.js')], env, `${url}/api/health`);
  return { url, ...s };
}

export async function startBare(databaseUrl, poolSize) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const s = await start(
    'node',
    [join(BENCH_DIR, 'lib/bare-server.mjs'), databaseUrl, String(port), String(poolSize)],
    process.env,
    `${url}/`,
  );
  return { url, ...s };
}
