import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { CommonError } from './common/errors/app-error';
import { JsonLogger } from './common/logging/json-logger';
import { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-database';

export interface RunningApp {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Turns class-validator failures into one VALIDATION_FAILED error naming each field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields: Record<string, string> = {};
      for (const e of errors)
        fields[e.property] = Object.values(e.constraints ?? {})[0] ?? '格式不正确';
      return new CommonError('VALIDATION_FAILED', '提交的信息有误，请检查后重试', { fields });
    },
  });
}

/** Everything an HTTP app needs beyond its modules; shared by main and the tests. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(validationPipe());
  app.disable('x-powered-by');
  // req.ip, which the rate limits key on: the TCP peer, or X-Forwarded-For only as far as the
  // configured proxies vouch for it (never a header any client can write).
  app.set('trust proxy', config.trustProxy);
  app.useBodyParser('json', { limit: '1mb' });
  const doc = new DocumentBuilder()
    .setTitle('Shiming API')
    .setDescription(
      'Real-name registration of suspended phone numbers: subscribers, review, provisioning. Errors: { error: { code, message } }.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
  for (const [prefix, dir] of [
    ['/console', config.staticDirs.console],
    ['/h5', config.staticDirs.h5],
  ] as const) {
    if (existsSync(dir)) app.useStaticAssets(dir, { prefix, index: 'index.html', redirect: true });
    else new Logger('Static').warn(`${prefix}/ is not built yet (${dir} missing): run pnpm build`);
  }
}

/** Applies pending migrations on a short-lived connection of its own. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(databaseUrl, 1));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (ran.length > 0)
      new Logger('Migrations').log(`applied ${ran.length}: ${ran.map((m) => m.name).join(', ')}`);
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Starts the API on the configured (or embedded) database, runs migrations, listens. */
export async function bootstrap(
  config: AppConfig,
  opts: { listen?: boolean } = {},
): Promise<RunningApp> {
  const logger = new JsonLogger(config.logLevel);
  Logger.overrideLogger(logger);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase(
      `${config.dataDir}/pglite`,
      config.database.embeddedPort,
    );
    databaseUrl = embedded.url;
  }
  try {
    // Before any module initialises (the demo seed and the workers need the schema).
    if (config.database.runMigrationsOnStart) await runMigrations(databaseUrl);
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(config, databaseUrl),
      {
        logger,
        bodyParser: false,
        // req.rawBody: signed webhooks (provisioning callbacks, the fake provisioning endpoint) check the HMAC of the exact bytes.
        rawBody: true,
      },
    );
    configureApp(app, config);
    app.enableShutdownHooks();
    if (opts.listen !== false) await app.listen(config.port, config.host);
    const url = opts.listen === false ? '' : await app.getUrl();
    return {
      app,
      url: url.replace('[::1]', '127.0.0.1'),
      databaseUrl,
      close: async () => {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
