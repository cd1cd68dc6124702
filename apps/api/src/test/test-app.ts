import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, RunningApp } from '../bootstrap';
import { AppConfig, loadConfig } from '../config/config';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp extends RunningApp {
  config: AppConfig;
  db: TestDatabase;
  /** Stops the app and drops its database. */
  teardown(): Promise<void>;
}

/**
 * The real app on a throwaway database, listening on a random loopback port, in test mode
 * (demo doubles on, workers off unless asked). Override any variable through `env`.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    SHIMING_MODE: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'shiming-test-')),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    MIGRATIONS_RUN_ON_START: 'false',
    WORKERS_ENABLED: 'false',
    ...env,
  });
  const running = await bootstrap(config);
  // PORT=0 picks a free port: point the WeChat client at this very process's emulator.
  const port = new URL(running.url).port;
  config.port = Number(port);
  if (!env['WECHAT_API_BASE']) config.wechat.apiBase = `http://127.0.0.1:${port}/api/demo/wechat`;
  config.publicBaseUrl = `http://127.0.0.1:${port}`;
  return {
    ...running,
    config,
    db,
    teardown: async () => {
      await running.close();
      await db.drop();
    },
  };
}
