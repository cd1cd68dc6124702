import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import type { AppConfig } from '../config/config';

/** One `pnpm shiming <name…>` command. Add a file under src/cli/commands and list it in commands/index.ts. */
export interface CliCommand {
  /** Words after `pnpm shiming`, e.g. ['audit', 'verify']. */
  name: string[];
  summary: string;
  /** Shown by `pnpm shiming <name> --help`. */
  usage: string;
  /** Needs the Nest application context (database, services)? Most do. */
  needsApp: boolean;
  /**
   * The feature modules the command uses, imported when it runs: the CLI then boots only these,
   * with config, database and the common services (as createOperationsTestApp does), instead of
   * the whole app — about a second less start-up. Without it: the whole AppModule.
   */
  modules?: () => Promise<Array<Type | DynamicModule>>;
  /** Returns the process exit code. Parsed flags: --key value / --flag; positional arguments in `args`. */
  run(ctx: CliContext): Promise<number>;
}

export interface CliContext {
  args: string[];
  /** The directory the user ran `pnpm shiming` from: resolve file arguments against it. */
  cwd: string;
  flags: Record<string, string | true>;
  config: AppConfig;
  app: INestApplicationContext | undefined;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A user mistake on the command line: printed with the usage, exit code 2, never a stack trace. */
export class UsageError extends Error {}
