import type { AppConfig } from '../config/config';
import { startEmbeddedDatabase } from '../database/embedded-database';

/** Runs `fn` with the configured database URL, starting the embedded one when none is set. */
export async function withDatabaseUrl<T>(
  config: AppConfig,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  if (config.database.url) return fn(config.database.url);
  const embedded = await startEmbeddedDatabase(
    `${config.dataDir}/pglite`,
    config.database.embeddedPort,
  );
  try {
    return await fn(embedded.url);
  } finally {
    await embedded.stop();
  }
}
