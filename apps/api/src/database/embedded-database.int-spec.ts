import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootstrap, RunningApp } from '../bootstrap';
import { loadConfig } from '../config/config';

describe('the embedded default (no DATABASE_URL)', () => {
  let running: RunningApp;
  const dataDir = mkdtempSync(join(tmpdir(), 'shiming-embedded-'));
  const boot = () =>
    bootstrap(
      loadConfig({
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        EMBEDDED_DB_PORT: String(40000 + Math.floor(Math.random() * 20000)),
        LOG_LEVEL: 'error',
        WORKERS_ENABLED: 'false',
      }),
    );

  afterEach(async () => {
    await running?.close();
  });

  it('should start PGlite, apply the migrations and answer /api/health when no server is configured', async () => {
    running = await boot();
    expect(running.databaseUrl).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const res = await request(running.url).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
    await running.app
      .get(DataSource)
      .query(`INSERT INTO demo_inbox (channel, body) VALUES ('probe', '{"kept": true}')`);
  }, 180_000);

  it('should keep its data across a restart on the same data dir', async () => {
    running = await boot();
    await request(running.url).get('/api/health').expect(200);
    const rows = await running.app
      .get(DataSource)
      .query(`SELECT body FROM demo_inbox WHERE channel = 'probe'`);
    expect(rows).toEqual([{ body: { kept: true } }]);
  }, 180_000);
});
