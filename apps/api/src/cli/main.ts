import 'reflect-metadata';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '../common/logging/json-logger';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { withDatabaseUrl } from './database-url';
import { CliCommand, UsageError } from './command';
import { COMMANDS, CommandEntry } from './commands';

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

async function help(out: (l: string) => void): Promise<void> {
  out('Usage: pnpm shiming <command> [options]   (--help after a command for its options)\n');
  for (const c of await Promise.all(COMMANDS.map((e) => e.load())))
    out(`  ${c.name.join(' ').padEnd(28)} ${c.summary}`);
}

/** Finds the command whose name is the longest prefix of the words (loads only that one). */
function find(words: string[]): { entry: CommandEntry; args: string[] } | undefined {
  const match = COMMANDS.filter((c) => c.name.every((w, i) => words[i] === w)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  return match ? { entry: match, args: words.slice(match.name.length) } : undefined;
}

@Module({})
class CliModule {}

/** The Nest module a command runs in: only the modules it names, or the whole app. */
async function rootModule(cmd: CliCommand, config: AppConfig, url: string): Promise<DynamicModule> {
  if (!cmd.modules) {
    const { AppModule } = await import('../app.module.js');
    return AppModule.forRoot(config, url);
  }
  const [{ ConfigModule }, { DatabaseModule }, { CommonModule }, features] = await Promise.all([
    import('../config/config.module.js'),
    import('../database/database.module.js'),
    import('../common/common.module.js'),
    cmd.modules(),
  ]);
  return {
    module: CliModule,
    imports: [ConfigModule.forRoot(config, url), DatabaseModule, CommonModule, ...features],
  };
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
    await help(words.length ? err : out);
    return words.length ? 2 : 0;
  }
  const cmd = await found.entry.load();
  if (flags['help']) {
    out(`${cmd.summary}\n\n${cmd.usage}`);
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
  const { args } = found;
  // pnpm runs scripts inside apps/api; INIT_CWD is where the user typed the command.
  const cwd = env['INIT_CWD'] ?? process.cwd();
  try {
    if (!cmd.needsApp) return await cmd.run({ args, cwd, flags, config, app: undefined, out, err });
    return await withDatabaseUrl(config, async (url) => {
      const app = await NestFactory.createApplicationContext(await rootModule(cmd, config, url), {
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
