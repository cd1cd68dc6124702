import type { INestApplicationContext } from '@nestjs/common';
import { UsageError } from '../command';

/** Helpers shared by the carrier-operations commands. */
export function requireFlag(flags: Record<string, string | true>, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`Missing --${name} <value>.`);
  return v.trim();
}

export function optionalFlag(
  flags: Record<string, string | true>,
  name: string,
): string | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (v === true || v.trim() === '') throw new UsageError(`--${name} needs a value.`);
  return v.trim();
}

export function requireApp(app: INestApplicationContext | undefined): INestApplicationContext {
  if (!app) throw new Error('this command needs the application context');
  return app;
}

/** YYYY-MM-DD or a UsageError. */
export function dateFlag(flags: Record<string, string | true>, name: string): string | undefined {
  const v = optionalFlag(flags, name);
  if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v))
    throw new UsageError(`--${name} must be a date YYYY-MM-DD (got '${v}').`);
  return v;
}

/**
 * Progress on stderr at most every half second: a bar redrawn in place on a terminal,
 * plain lines every few seconds otherwise (logs of a scheduled run).
 */
export function progressPrinter(
  err: (line: string) => void,
  totalBytes: number,
): { update(bytes: number, rows: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let drawn = false;
  const started = Date.now();
  return {
    update(bytes, rows) {
      const now = Date.now();
      if (now - last < (tty ? 500 : 5000)) return;
      last = now;
      const pct = totalBytes > 0 ? Math.min(100, (bytes / totalBytes) * 100) : 0;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      const mb = (n: number): string => (n / 1048576).toFixed(1);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}%  ${mb(bytes)}/${mb(totalBytes)} MB  ${rows} rows  ${((now - started) / 1000).toFixed(0)} s`;
      if (tty) {
        process.stderr.write(`\r${line}`);
        drawn = true;
      } else err(line);
    },
    done() {
      if (drawn) process.stderr.write('\n');
      drawn = false;
    },
  };
}
