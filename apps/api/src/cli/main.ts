import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { JsonLogger } from '../common/logging/json-logger';
import { ConfigError, loadConfig } from '../config/config';
import { withDatabaseUrl } from './database-url';
import { CliCommand, UsageError } from './command';
import { COMMANDS } from './commands';

function parse(argv: string[]): { words: string[]; flags: Record<string, string | true> } {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (v !== undefined) flags[k] = v;
      else if (next !== undefined && !next.startsWith('--')) {
        flags[k] = next;
        i++;
      } else flags[k] = true;
    } else words.push(a);
  }
  return { words, flags };
}

function help(out: (l: string) => void): void {
  out('Usage: pnpm shiming <command> [options]   (--help after a command for its options)\n');
  for (const c of COMMANDS) out(`  ${c.name.join(' ').padEnd(28)} ${c.summary}`);
}

/** Finds the command whose name is the longest prefix of the words. */
function find(words: string[]): { cmd: CliCommand; args: string[] } | undefined {
  const match = COMMANDS.filter((c) => c.name.every((w, i) => words[i] === w)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  return match ? { cmd: match, args: words.slice(match.name.length) } : undefined;
}

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  const out = (l: string): void => void process.stdout.write(l + '\n');
  const err = (l: string): void => void process.stderr.write(l + '\n');
  const { words, flags } = parse(argv);
  const found = find(words);
  if (!found) {
    if (words.length) err(`Unknown command: ${words.join(' ')}\n`);
    help(words.length ? err : out);
    return words.length ? 2 : 0;
  }
  if (flags['help']) {
    out(`${found.cmd.summary}\n\n${found.cmd.usage}`);
    return 0;
  }
  let config;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', WORKERS_ENABLED: 'false', ...env });
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 78;
    }
    throw e;
  }
  Logger.overrideLogger(new JsonLogger(config.logLevel, (l) => process.stderr.write(l + '\n')));
  const { cmd, args } = found;
  // pnpm runs scripts inside apps/api; INIT_CWD is where the user typed the command.
  const cwd = env['INIT_CWD'] ?? process.cwd();
  try {
    if (!cmd.needsApp) return await cmd.run({ args, cwd, flags, config, app: undefined, out, err });
    return await withDatabaseUrl(config, async (url) => {
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), {
        logger: false,
      });
      try {
        return await cmd.run({ args, cwd, flags, config, app, out, err });
      } finally {
        await app.close();
      }
    });
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    err(`Failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
