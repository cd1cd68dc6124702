import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';

/** Absolute path of the PGlite server script (same relative place from src/ and dist/). */
const SERVER_SCRIPT = join(__dirname, '../../bin/pglite-server.cjs');

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite in a child process listening on 127.0.0.1:port and resolves once it accepts
 * connections. The child exits when this process does (IPC disconnect), flushing its data dir.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedDatabase');
  const started = Date.now();
  const child: ChildProcess = fork(SERVER_SCRIPT, [dataDir, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the embedded database did not start within 120 s')),
      120_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const hint = /EADDRINUSE/.test(stderr)
        ? ` (port ${port} is taken: set EMBEDDED_DB_PORT)`
        : '';
      reject(
        new Error(
          `the embedded database exited with code ${code}${hint}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
        ),
      );
    });
  });
  logger.log(
    `embedded PostgreSQL (PGlite) ready on 127.0.0.1:${port} in ${Date.now() - started} ms, data in ${dataDir}`,
  );
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
