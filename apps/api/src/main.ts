import { bootstrap } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Shiming refuses to start. ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const running = await bootstrap(config);
  const base = `http://localhost:${config.port}`;
  process.stdout.write(
    `\nShiming is running (${config.mode} mode${config.database.url ? '' : ', embedded database'}):\n` +
      `  API        ${base}/api/health  (docs: ${base}/api/docs)\n` +
      `  Console    ${base}/console/\n` +
      `  H5         ${base}/h5/\n\n`,
  );
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Shiming failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
