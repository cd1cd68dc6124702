import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureApp } from '../bootstrap';
import { CommonModule } from '../common/common.module';
import { ErrorFilter } from '../common/errors/error.filter';
import { AppConfig, loadConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { createTestDatabase, TestDatabase } from './test-database';

export interface OperationsTestApp {
  app: NestExpressApplication;
  url: string;
  config: AppConfig;
  db: TestDatabase;
  teardown(): Promise<void>;
}

/**
 * The carrier-operations modules alone (plus config, database, common services and the error
 * filter) on a throwaway database, listening on loopback: what createTestApp does, without the
 * other features, so these tests depend only on what they exercise.
 */
export async function createOperationsTestApp(
  modules: Array<Type | DynamicModule>,
  env: Record<string, string> = {},
): Promise<OperationsTestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    SHIMING_MODE: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'shiming-ops-test-')),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    MIGRATIONS_RUN_ON_START: 'false',
    WORKERS_ENABLED: 'false',
    ...env,
  });
  @Module({})
  class OperationsTestModule {}
  const root: DynamicModule = {
    module: OperationsTestModule,
    imports: [ConfigModule.forRoot(config, db.url), DatabaseModule, CommonModule, ...modules],
    providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
  };
  const app = await NestFactory.create<NestExpressApplication>(root, {
    logger: false,
    bodyParser: false,
    rawBody: true,
  });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    config,
    db,
    teardown: async () => {
      await app.close();
      await db.drop();
    },
  };
}
